// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - G1 gate: fmod_ret on security_bpf_prog_load, before every LSM.
 * Takes the ticket G0 left, checks the kernel's copy of the instructions is
 * the one G0 saw, decides, and publishes the program's record. A refusal
 * is audited here; a load let through is audited when its outcome is known.
 */

#include <linux/bpf.h>
#include <linux/string.h>

#include <bpfseal/policy.h>
#include <bpfseal/verdict.h>

#include "bpfseal.h"

static bool same_insns(const struct bpfseal_ticket *t,
		       const struct bpf_prog *prog)
{
	return t->insn_cnt == prog->len &&
	       !memcmp(t->insns, prog->insnsi,
		       (size_t)prog->len * sizeof(struct bpf_insn));
}

/*
 * Whether the policy lets the load pass. An unsigned program a verified
 * loader creates passes as part of that loader (its instructions came from
 * the loader's signed maps); other loads from the kernel follow
 * kernel_loads.
 */
static bool policy_allows(const struct bpfseal_ticket *t, int verdict,
			  bool kernel)
{
	if (t->loader && verdict == BPFSEAL_VERDICT_UNSIGNED)
		return true;
	if (bpfseal_verdict_allowed(verdict))
		return true;
	return kernel && bpfseal_kernel_loads_allowed();
}

/**
 * bpfseal_decide - the verdict and action of a load that has a ticket
 * @t: the ticket; its event gets the decision
 * @same: whether the kernel's instructions are the ones G0 verified
 * @mode: the mode now
 */
void bpfseal_decide(struct bpfseal_ticket *t, bool same, unsigned int mode)
{
	struct bpfseal_event *ev = &t->ev;
	int verdict = t->verdict;

	if (!same)
		verdict = BPFSEAL_VERDICT_UNEXPECTED;
	ev->verdict = verdict;
	ev->enforcing = mode == BPFSEAL_MODE_ENFORCE;
	if (policy_allows(t, verdict, ev->kernel))
		ev->action = BPFSEAL_ACTION_ALLOW;
	else if (mode == BPFSEAL_MODE_PERMISSIVE)
		ev->action = BPFSEAL_ACTION_AUDIT;
	else
		ev->action = BPFSEAL_ACTION_DENY;
	if (t->loader && ev->action == BPFSEAL_ACTION_ALLOW &&
	    verdict == BPFSEAL_VERDICT_UNSIGNED) {
		/* created by a verified loader: carries the loader's verdict */
		ev->loader_id = lower_32_bits(t->loader);
		ev->verdict = upper_32_bits(t->loader);
	}
}

/**
 * bpfseal_publish - put the program's record in the verdict table
 * @t: its ticket, which gives up its record
 * @prog: the program
 */
void bpfseal_publish(struct bpfseal_ticket *t, struct bpf_prog *prog)
{
	struct bpfseal_record *rec = t->rec;

	t->rec = NULL;
	rec->prog = prog;
	rec->ev = t->ev;
	rec->audit_pending = true;
	bpfseal_record_insert(rec);
}

/**
 * bpfseal_gate_load - G1 for one BPF_PROG_LOAD
 * @prog: the program being loaded (instructions already copied in)
 * @attr: the same attr pointer G0 saw
 * @kernel: whether the load comes from the kernel
 *
 * Non-sleepable. No ticket (or no record to publish) fails closed.
 *
 * Return: 0 to let the load go on to the LSMs, or a negative errno.
 */
int bpfseal_gate_load(struct bpf_prog *prog, const union bpf_attr *attr,
		      bool kernel)
{
	struct bpfseal_ticket *t = bpfseal_ticket_take(attr);
	unsigned int mode = bpfseal_mode();
	struct bpfseal_event lost = {
		.verdict = BPFSEAL_VERDICT_FAULT,
		.keyring = -1,
		.kernel = kernel,
	};

	if (mode == BPFSEAL_MODE_OFF) {
		bpfseal_ticket_release(t);
		return 0;
	}
	if (!t || !t->rec) {
		/* G0 left nothing usable: fail closed */
		lost.enforcing = mode == BPFSEAL_MODE_ENFORCE;
		lost.action = lost.enforcing ? BPFSEAL_ACTION_DENY :
					       BPFSEAL_ACTION_AUDIT;
		lost.prog_type = prog->type;
		lost.insn_cnt = prog->len;
		bpfseal_audit_load(&lost, prog, !lost.enforcing, true);
		bpfseal_ticket_release(t);
		return lost.enforcing ? -EPERM : 0;
	}
	bpfseal_decide(t, same_insns(t, prog), mode);
	if (t->ev.action == BPFSEAL_ACTION_DENY) {
		bpfseal_audit_load(&t->ev, prog, 0, true);
		bpfseal_ticket_release(t);
		return -EPERM;
	}
	bpfseal_publish(t, prog);
	bpfseal_ticket_release(t);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - G1 gate: the BPF LSM's bpf_prog_load callback (lsm.s), which
 * the kernel calls before the verifier and before the program has an id,
 * and never skips. Takes the ticket G0 left, checks the kernel's copy of
 * the instructions is the one G0 saw, decides (the one evaluator,
 * bpfseal_decide()), and publishes the program's record. A refusal is
 * audited here; a load let through is audited when its outcome is known.
 */

#include <linux/bpf.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <bpfseal/policy.h>
#include <bpfseal/verdict.h>

#include "bpfseal.h"
#include "subject.h"

/* Compared in chunks, with a chance to reschedule (up to 8 MiB). */
#define SAME_INSNS_CHUNK 4096

static bool same_insns(const struct bpfseal_ticket *t,
		       const struct bpf_prog *prog)
{
	size_t len = (size_t)prog->len * sizeof(struct bpf_insn), off, n;
	const u8 *a = (const u8 *)t->insns, *b = (const u8 *)prog->insnsi;

	if (t->insn_cnt != prog->len)
		return false;
	for (off = 0; off < len; off += n) {
		n = min_t(size_t, len - off, SAME_INSNS_CHUNK);
		if (memcmp(a + off, b + off, n))
			return false;
		cond_resched();
	}
	return true;
}

/*
 * Whether the policy lets the load pass. An unsigned program a verified
 * loader creates passes as part of that loader (its instructions came from
 * the loader's sealed maps, prepare.c); other loads from the kernel follow
 * kernel_loads.
 */
static bool policy_allows(const struct bpfseal_ticket *t, int verdict,
			  bool kernel)
{
	if (t->loader_id && verdict == BPFSEAL_VERDICT_UNSIGNED)
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
	if (t->loader_id && ev->action == BPFSEAL_ACTION_ALLOW &&
	    verdict == BPFSEAL_VERDICT_UNSIGNED) {
		/* created by a verified loader: carries the loader's verdict */
		ev->loader_id = t->loader_id;
		ev->verdict = t->loader_verdict;
	}
}

/**
 * bpfseal_gate_load - G1 for one BPF_PROG_LOAD
 * @prog: the program being loaded (instructions copied in, not verified)
 * @attr: the same attr pointer G0 saw
 * @kernel: whether the load comes from the kernel
 *
 * A load G0 left no ticket for is prepared here (the kernel has checked
 * the caller's privilege by now). Every load let through leaves a record
 * (bind.c refuses fds for programs loaded while armed that have none); if
 * that record cannot be allocated, the load is refused in every mode but
 * off.
 *
 * Return: 0 to let the load go on, or a negative errno.
 */
int bpfseal_gate_load(struct bpf_prog *prog, const union bpf_attr *attr,
		      bool kernel)
{
	struct bpfseal_ticket *t = bpfseal_ticket_take(attr);
	unsigned int mode = bpfseal_mode();

	if (mode == BPFSEAL_MODE_OFF) {
		bpfseal_ticket_free(t);
		return 0;
	}
	if (!t)
		t = bpfseal_prepare_at_gate(prog, attr, kernel);
	if (!t)
		return -ENOMEM;
	/* no copy (insn_cnt 0), nothing verified: its FAULT stands */
	bpfseal_decide(t, !t->insn_cnt || same_insns(t, prog), mode);
	if (!t->rec)
		t->ev.action = BPFSEAL_ACTION_DENY;	/* nowhere to record it */
	if (t->ev.action == BPFSEAL_ACTION_DENY) {
		int err = t->rec ? -EPERM : -ENOMEM;

		bpfseal_audit_load(&t->ev, prog, 0, true);
		bpfseal_ticket_free(t);
		return err;
	}
	bpfseal_publish(t, prog);
	bpfseal_ticket_free(t);
	return 0;
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
	bpfseal_subject_get(rec->ev.subj);
	rec->audit_pending = true;
	bpfseal_record_insert(rec);
}

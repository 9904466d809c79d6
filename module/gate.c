// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - G1 gate: fmod_ret on security_bpf_prog_load, before every LSM.
 * Takes the ticket G0 left, checks the kernel's copy of the instructions is
 * the one G0 saw, decides, and publishes the program's record.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

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
 * Whether the policy lets the load pass. A program a verified loader
 * creates passes as part of that loader; other loads from the kernel
 * follow kernel_loads.
 */
static bool policy_allows(const struct bpfseal_ticket *t, int verdict,
			  bool kernel)
{
	if (t && t->loader && verdict != BPFSEAL_VERDICT_UNEXPECTED &&
	    verdict != BPFSEAL_VERDICT_FAULT)
		return true;
	if (bpfseal_verdict_allowed(verdict))
		return true;
	return kernel && bpfseal_kernel_loads_allowed();
}

static void publish(struct bpfseal_ticket *t, struct bpf_prog *prog,
		    int verdict)
{
	struct bpfseal_record *rec = t->rec;

	t->rec = NULL;
	rec->prog = prog;
	rec->kernel = t->kernel;
	rec->keyring = t->keyring;
	rec->scheme = t->scheme;
	rec->verdict = verdict;
	if (t->loader && verdict == BPFSEAL_VERDICT_UNSIGNED) {
		rec->loader_id = lower_32_bits(t->loader);
		rec->verdict = upper_32_bits(t->loader);
	}
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
	int verdict;
	bool allow;

	if (mode == BPFSEAL_MODE_OFF) {
		bpfseal_ticket_release(t);
		return 0;
	}
	if (!t || !t->rec)
		verdict = BPFSEAL_VERDICT_FAULT;
	else if (!same_insns(t, prog))
		verdict = BPFSEAL_VERDICT_UNEXPECTED;
	else
		verdict = t->verdict;
	allow = t && t->rec && policy_allows(t, verdict, kernel);
	if (allow || mode == BPFSEAL_MODE_PERMISSIVE) {
		if (t && t->rec)
			publish(t, prog, verdict);
	}
	/* The decision line, until audit records replace it. */
	pr_info("gate: prog=%s kernel=%d ticket=%d verdict=%s keyring=%d maps=%u loader=%u action=%s\n",
		prog->aux->name, kernel, !!t, bpfseal_verdict_name(verdict),
		t ? t->keyring : -1, t ? t->nr_hashed : 0,
		t ? lower_32_bits(t->loader) : 0,
		allow ? "allow" :
		mode == BPFSEAL_MODE_PERMISSIVE ? "audit" : "deny");
	bpfseal_ticket_release(t);
	return allow || mode == BPFSEAL_MODE_PERMISSIVE ? 0 : -EPERM;
}

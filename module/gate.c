// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - G1 gate: fmod_ret on security_bpf_prog_load, before every LSM.
 * Takes the ticket G0 left, checks the kernel's copy of the instructions is
 * the one G0 saw, and decides.
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

/**
 * bpfseal_gate_load - G1 for one BPF_PROG_LOAD
 * @prog: the program being loaded (instructions already copied in)
 * @attr: the same attr pointer G0 saw
 * @kernel: whether the load comes from the kernel
 *
 * Return: 0 to let the load go on to the LSMs, or a negative errno.
 */
int bpfseal_gate_load(struct bpf_prog *prog, const union bpf_attr *attr,
		      bool kernel)
{
	struct bpfseal_ticket *t = bpfseal_ticket_take(attr);
	int verdict;
	bool deny;

	if (bpfseal_mode() == BPFSEAL_MODE_OFF) {
		bpfseal_ticket_release(t);
		return 0;
	}
	if (!t)
		verdict = BPFSEAL_VERDICT_FAULT;
	else if (!same_insns(t, prog))
		verdict = BPFSEAL_VERDICT_UNEXPECTED;
	else
		verdict = t->verdict;
	deny = !bpfseal_verdict_allowed(verdict) &&
	       bpfseal_mode() == BPFSEAL_MODE_ENFORCE;
	pr_info_ratelimited("gate: prog=%s kernel=%d ticket=%d verdict=%s keyring=%d maps=%u action=%s\n",
			    prog->aux->name, kernel, !!t,
			    bpfseal_verdict_name(verdict), t ? t->keyring : -1,
			    t ? t->nr_hashed : 0, deny ? "deny" : "allow");
	bpfseal_ticket_release(t);
	return deny ? -EPERM : 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal shims: the thin BPF programs through which the module sees every
 * program load. All logic is in the module, behind kfuncs; the module
 * loads and attaches these programs itself once it is live.
 *
 * Regenerate shims.lskel.h after changing this file: see README.md here.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

extern int bpfseal_prepare(union bpf_attr *attr, __u32 size, bool kernel) __ksym;
extern int bpfseal_gate(struct bpf_prog *prog__ign, union bpf_attr *attr__ign,
			bool kernel) __ksym;
extern int bpfseal_bind(struct bpf_prog *prog) __ksym;

#define MAX_ERRNO 4095

/* LSM programs must return 0 or a negative errno: the verifier checks. */
static __always_inline int errno_or_zero(int ret)
{
	if (ret > 0 || ret < -MAX_ERRNO)
		return -1;	/* -EPERM */
	return ret;
}

/* G0 prepare: every bpf() call; only BPF_PROG_LOAD reaches the module. */
SEC("lsm.s/bpf")
int BPF_PROG(bpfseal_g0, int cmd, union bpf_attr *attr, unsigned int size,
	     bool kernel)
{
	if (cmd != BPF_PROG_LOAD)
		return 0;
	return errno_or_zero(bpfseal_prepare(attr, size, kernel));
}

/* G1 gate: before every LSM's bpf_prog_load callback. */
SEC("fmod_ret/security_bpf_prog_load")
int BPF_PROG(bpfseal_g1, struct bpf_prog *prog, union bpf_attr *attr,
	     struct bpf_token *token, bool kernel)
{
	return errno_or_zero(bpfseal_gate(prog, attr, kernel));
}

/* G2 bind: after the verifier, when the program gets its first fd. */
SEC("lsm.s/bpf_prog")
int BPF_PROG(bpfseal_g2, struct bpf_prog *prog)
{
	return errno_or_zero(bpfseal_bind(prog));
}

char LICENSE[] SEC("license") = "GPL";

// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal shims: the thin BPF programs through which the module sees every
 * program load. All logic is in the module, behind kfuncs that only these
 * programs may call (kfuncs.c filters them); the module loads and attaches
 * these programs itself once it is live. They own no map: every piece of
 * state (tickets, records, run marks) lives in module memory.
 *
 * Regenerate shims.lskel.h after changing this file: see README.md here.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include <bpfseal/kfuncs.bpf.h>

#define MAX_ERRNO 4095

/*
 * LSM programs must return 0 or a negative errno: the verifier checks the
 * 64-bit register, so the shims compute their results as long (a 32-bit
 * move would leave the upper half unknown to it).
 */
static __always_inline long errno_or_zero(long ret)
{
	/* compare the very register that is returned, not a 32-bit copy */
	asm volatile("" : "+r"(ret));
	if (ret > 0 || ret < -MAX_ERRNO)
		return -1;	/* -EPERM */
	return ret;
}

/*
 * G0 prepare: every bpf() call. Loads are prepared, userspace runs of a
 * syscall program get the run check, and bpfseal's own links cannot be
 * opened by id; every other command returns at once.
 */
SEC("lsm.s/bpf")
long BPF_PROG(bpfseal_g0, int cmd, union bpf_attr *attr, unsigned int size,
	      bool kernel)
{
	switch (cmd) {
	case BPF_PROG_LOAD:
		return errno_or_zero(bpfseal_prepare(attr, kernel));
	case BPF_PROG_RUN:
		return errno_or_zero(bpfseal_run(attr));
	case BPF_LINK_GET_FD_BY_ID:
		return errno_or_zero(bpfseal_link_get(attr));
	}
	return 0;
}

/*
 * G1 gate: the BPF LSM's bpf_prog_load callback. The kernel never skips an
 * LSM program for recursion (it does skip tracing programs), so every load
 * is decided here before the verifier runs and before the program has an id.
 */
SEC("lsm.s/bpf_prog_load")
long BPF_PROG(bpfseal_g1, struct bpf_prog *prog, union bpf_attr *attr,
	      struct bpf_token *token, bool kernel)
{
	return errno_or_zero(bpfseal_gate(prog, attr, kernel));
}

/* G2 bind: whenever a program gets an fd (its first, or by id, or pinned). */
SEC("lsm.s/bpf_prog")
long BPF_PROG(bpfseal_g2, struct bpf_prog *prog)
{
	return errno_or_zero(bpfseal_bind(prog));
}

/* Run mark: the syscall program the kernel actually runs (BPF_PROG_RUN). */
SEC("fentry/bpf_prog_test_run_syscall")
int BPF_PROG(bpfseal_run_in, struct bpf_prog *prog)
{
	bpfseal_run_enter(prog);
	return 0;
}

SEC("fexit/bpf_prog_test_run_syscall")
int BPF_PROG(bpfseal_run_out, struct bpf_prog *prog)
{
	bpfseal_run_exit(prog);
	return 0;
}

/*
 * Load end: a BPF_PROG_LOAD returns. Only the first argument is named: the
 * others differ between kernel generations.
 */
SEC("fexit/bpf_prog_load")
int BPF_PROG(bpfseal_load_end, union bpf_attr *attr)
{
	bpfseal_load_ended(attr);
	return 0;
}

/* The maps a running verified loader creates, and their end. */
SEC("lsm/bpf_map_create")
int BPF_PROG(bpfseal_map_create, struct bpf_map *map, union bpf_attr *attr,
	     struct bpf_token *token, bool kernel)
{
	bpfseal_map_new(map, kernel);
	return 0;
}

SEC("lsm/bpf_map_free")
int BPF_PROG(bpfseal_map_freed, struct bpf_map *map)
{
	bpfseal_map_free(map);
	return 0;
}

/* Cleanup: a program's record goes when the program is freed. */
SEC("lsm/bpf_prog_free")
int BPF_PROG(bpfseal_free, struct bpf_prog *prog)
{
	bpfseal_prog_free(prog);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

// SPDX-License-Identifier: GPL-2.0-only
/*
 * A small program for the signed light skeleton tests: counts getpid()
 * calls of one process. Its .rodata constant lives in the signed metadata
 * blob, so the count also shows the blob arrived unchanged.
 * Needs no vmlinux.h, so the host unit tests can build it too.
 */
#include <linux/bpf.h>
#include <asm/unistd.h>
#include <bpf/bpf_helpers.h>

const volatile int magic = 0x5ea1;
int target_tgid;
int hits;

/* A raw tracepoint: light skeletons attach those themselves. */
SEC("raw_tp/sys_enter")
int on_getpid(struct bpf_raw_tracepoint_args *ctx)
{
	if (ctx->args[1] != __NR_getpid ||
	    (bpf_get_current_pid_tgid() >> 32) != (__u32)target_tgid)
		return 0;
	__sync_fetch_and_add(&hits, magic == 0x5ea1 ? 1 : 100);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

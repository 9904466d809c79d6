// SPDX-License-Identifier: GPL-2.0-only
/*
 * A small program for the signed light skeleton tests: counts getpid()
 * calls of one process. Its .rodata constant and .data step live in the
 * signed metadata blob, so the count also shows the blob arrived unchanged
 * (3 calls count 3; another magic counts 100 each, another step its value).
 * The sized map is there for loader.c --hostile, which asks the loader for
 * another size (global data maps have one entry, the kernel allows no
 * other).
 * Needs no vmlinux.h, so the host unit tests can build it too.
 */
#include <linux/bpf.h>
#include <asm/unistd.h>
#include <bpf/bpf_helpers.h>

#include "signed_hello.h"

const volatile int magic = HELLO_MAGIC;
int step = HELLO_STEP;
int target_tgid;
int hits;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, HELLO_SIZED_ENTRIES);
	__type(key, __u32);
	__type(value, __u32);
} sized SEC(".maps");

/* A raw tracepoint: light skeletons attach those themselves. */
SEC("raw_tp/sys_enter")
int on_getpid(struct bpf_raw_tracepoint_args *ctx)
{
	if (ctx->args[1] != __NR_getpid ||
	    (bpf_get_current_pid_tgid() >> 32) != (__u32)target_tgid)
		return 0;
	__sync_fetch_and_add(&hits, magic == HELLO_MAGIC ? step : 100);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The "realistic" light skeleton of the benchmark (case a): a syscall
 * tracer of the size of a small production tool. 32 raw tracepoint
 * programs, each with CO-RE reads of task_struct, hash, per-CPU and array
 * map updates, a ring buffer and a lookup table in .rodata. Its loader has
 * a few thousand instructions and its metadata blob (program instructions,
 * BTF, relocations, .rodata) is over 64 KiB.
 *
 * Built a second time with BENCH_BIG_TABLE set to a byte count for the
 * "large" skeleton: the table then makes the blob over 4 MiB.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#ifndef BENCH_TABLE_ENTRIES
#define BENCH_TABLE_ENTRIES 8192	/* __u32 each: 32 KiB */
#endif

struct event {
	__u32 pid, ppid, nr, prog;
	__u64 ts, cgroup;
	char comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 512);
	__type(key, __u32);
	__type(value, __u64);
} percpu_counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct event);
} last SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

const volatile __u32 table[BENCH_TABLE_ENTRIES] = { 1, 2, 3 };
const volatile __u32 target_tgid;
__u64 total;
__u64 dropped;

static __always_inline int trace(__u64 nr, __u32 prog)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	__u32 pid = bpf_get_current_pid_tgid() >> 32, key = nr & 511, zero = 0;
	__u64 one = 1, *v;
	struct event *e;

	if (target_tgid && pid != target_tgid)
		return 0;
	v = bpf_map_lookup_elem(&counts, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&counts, &key, &one, BPF_NOEXIST);
	v = bpf_map_lookup_elem(&percpu_counts, &key);
	if (v)
		*v += table[(nr + prog) % BENCH_TABLE_ENTRIES];
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__sync_fetch_and_add(&dropped, 1);
		return 0;
	}
	e->pid = pid;
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->cgroup = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn, id);
	e->nr = nr;
	e->prog = prog;
	e->ts = bpf_ktime_get_ns();
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_map_update_elem(&last, &zero, e, BPF_ANY);
	bpf_ringbuf_submit(e, 0);
	__sync_fetch_and_add(&total, 1);
	return 0;
}

#define PROG(n)								\
SEC("raw_tp/sys_enter")							\
int on_enter_##n(struct bpf_raw_tracepoint_args *ctx)			\
{									\
	if (ctx->args[1] % 32 != n)					\
		return 0;						\
	return trace(ctx->args[1], n);					\
}

PROG(0) PROG(1) PROG(2) PROG(3) PROG(4) PROG(5)
PROG(6) PROG(7) PROG(8) PROG(9) PROG(10) PROG(11)
PROG(12) PROG(13) PROG(14) PROG(15) PROG(16) PROG(17)
PROG(18) PROG(19) PROG(20) PROG(21) PROG(22) PROG(23)
PROG(24) PROG(25) PROG(26) PROG(27) PROG(28) PROG(29)
PROG(30) PROG(31)

char LICENSE[] SEC("license") = "GPL";

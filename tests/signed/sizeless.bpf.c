// SPDX-License-Identifier: GPL-2.0-only
/*
 * A ring buffer whose size the source leaves to be set at run time (no
 * max_entries), as several kernel selftests do. A light skeleton made
 * with -S creates it with the max_entries it was signed with, 0, which
 * the kernel refuses: bpfseal-sign skel must warn about it.
 * Needs no vmlinux.h, so the host unit tests can build it too.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
} events SEC(".maps");

SEC("raw_tp/sys_enter")
int on_enter(void *ctx)
{
	__u32 one = 1;

	bpf_ringbuf_output(&events, &one, sizeof(one), 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

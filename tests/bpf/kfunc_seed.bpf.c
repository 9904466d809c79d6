// SPDX-License-Identifier: GPL-2.0-only
/* Calls the module's sleepable kfunc from a sleepable BPF LSM program. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

extern __u32 bpfseal_abi_version(void) __ksym;

int target_tgid;
__u32 seen_version;
int calls;

SEC("lsm.s/bpf")
int BPF_PROG(seed_bpf, int cmd, union bpf_attr *attr, unsigned int size)
{
	if ((bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return 0;
	seen_version = bpfseal_abi_version();
	calls++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

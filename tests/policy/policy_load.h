/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One unsigned BPF_PROG_LOAD with the raw syscall (no libbpf feature
 * probes), for the rule policy's guest tests: policy_load (a command) and
 * policy_preload.so (the same load from a library's constructor, in any
 * program it is preloaded into).
 *
 * variant: "a" (return 0), "b" (return 1: another digest), "map" (load a
 * fresh array map's fd into r1, return 0: the same digest as every other
 * "map" load, whatever fd the map gets).
 * type: "socket_filter", or "cgroup_skb" (expected attach type
 * cgroup_inet_egress).
 * shift: open this many more fds first, so the map gets another fd.
 */
#ifndef POLICY_LOAD_H
#define POLICY_LOAD_H

#include <errno.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long policy_sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

/* Returns 0 when the program loaded (it is closed again), else errno. */
static int policy_load(const char *variant, const char *type, int shift)
{
	struct bpf_insn insns[4] = {};
	union bpf_attr attr;
	int n = 0, fd, i, map_fd = -1, err;

	for (i = 0; i < shift; i++)
		dup(0);
	if (!strcmp(variant, "map")) {
		memset(&attr, 0, sizeof(attr));
		attr.map_type = BPF_MAP_TYPE_ARRAY;
		attr.key_size = 4;
		attr.value_size = 8;
		attr.max_entries = 1;
		map_fd = policy_sys_bpf(BPF_MAP_CREATE, &attr);
		if (map_fd < 0)
			return errno;
		insns[n].code = BPF_LD | BPF_IMM | BPF_DW;
		insns[n].dst_reg = BPF_REG_1;
		insns[n].src_reg = BPF_PSEUDO_MAP_FD;
		insns[n++].imm = map_fd;
		n++;
	}
	insns[n].code = BPF_ALU64 | BPF_MOV | BPF_K;
	insns[n].dst_reg = BPF_REG_0;
	insns[n++].imm = !strcmp(variant, "b");
	insns[n++].code = BPF_JMP | BPF_EXIT;

	memset(&attr, 0, sizeof(attr));
	attr.insns = (unsigned long)insns;
	attr.insn_cnt = n;
	attr.license = (unsigned long)"GPL";
	strncpy(attr.prog_name, "policy_load", sizeof(attr.prog_name) - 1);
	if (!strcmp(type, "cgroup_skb")) {
		attr.prog_type = BPF_PROG_TYPE_CGROUP_SKB;
		attr.expected_attach_type = BPF_CGROUP_INET_EGRESS;
	} else {
		attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	}
	fd = policy_sys_bpf(BPF_PROG_LOAD, &attr);
	err = fd < 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	if (map_fd >= 0)
		close(map_fd);
	return err;
}

#endif /* POLICY_LOAD_H */

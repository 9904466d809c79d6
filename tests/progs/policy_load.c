// SPDX-License-Identifier: GPL-2.0-only
/*
 * policy_load VARIANT [TYPE]: one unsigned BPF_PROG_LOAD, made with the raw
 * syscall (no libbpf feature probes), for the rule policy's guest tests.
 * Prints "loaded" (exit 0) or "refused: ERRNO-NAME" (exit 1).
 *
 * VARIANT:
 *   a      return 0
 *   b      return 1 (another digest)
 *   map    load a fresh array map's fd into r1, return 0: the same digest
 *          as every other "map" load, whatever fd the map gets
 * TYPE: socket_filter (default) or cgroup_skb (expected attach type
 *       cgroup_inet_egress).
 * SHIFT: open this many more fds first, so the map gets another fd.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

int main(int argc, char **argv)
{
	struct bpf_insn insns[4] = {};
	union bpf_attr attr;
	const char *variant = argc > 1 ? argv[1] : "a";
	const char *type = argc > 2 ? argv[2] : "socket_filter";
	int shift = argc > 3 ? atoi(argv[3]) : 0;
	int n = 0, fd, i, map_fd = -1;

	/* shift the map's fd from run to run: the digest must not see it */
	for (i = 0; i < shift; i++)
		dup(0);
	if (!strcmp(variant, "map")) {
		memset(&attr, 0, sizeof(attr));
		attr.map_type = BPF_MAP_TYPE_ARRAY;
		attr.key_size = 4;
		attr.value_size = 8;
		attr.max_entries = 1;
		map_fd = sys_bpf(BPF_MAP_CREATE, &attr);
		if (map_fd < 0) {
			printf("map: %s\n", strerror(errno));
			return 2;
		}
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
	fd = sys_bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0) {
		printf("refused: %s\n", errno == EPERM ? "EPERM" : strerror(errno));
		return 1;
	}
	printf("loaded\n");
	close(fd);
	if (map_fd >= 0)
		close(map_fd);
	return 0;
}

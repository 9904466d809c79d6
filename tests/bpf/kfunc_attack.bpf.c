// SPDX-License-Identifier: GPL-2.0-only
/*
 * Programs that call bpfseal's internal kfuncs, as an attacker's program
 * would to plant tickets, erase records or pass pointers of its choice.
 * The verifier must refuse every one of them (tests/progs/kfunc_attack.c).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include <bpfseal/kfuncs.bpf.h>

SEC("lsm.s/bpf")
int BPF_PROG(atk_prepare, int cmd, union bpf_attr *attr, unsigned int size)
{
	bpfseal_prepare(attr, true);
	return 0;
}

SEC("lsm.s/bpf")
int BPF_PROG(atk_run, int cmd, union bpf_attr *attr, unsigned int size)
{
	bpfseal_run(attr);
	return 0;
}

SEC("lsm.s/bpf")
int BPF_PROG(atk_link_get, int cmd, union bpf_attr *attr, unsigned int size)
{
	bpfseal_link_get(attr);
	return 0;
}

SEC("fentry/bpf_prog_test_run_syscall")
int BPF_PROG(atk_run_enter, struct bpf_prog *prog)
{
	bpfseal_run_enter(prog);
	return 0;
}

SEC("fentry/bpf_prog_test_run_syscall")
int BPF_PROG(atk_run_exit, struct bpf_prog *prog)
{
	bpfseal_run_exit(prog);
	return 0;
}

SEC("fexit/bpf_prog_load")
int BPF_PROG(atk_load_ended, union bpf_attr *attr)
{
	bpfseal_load_ended(attr);
	return 0;
}

SEC("lsm/bpf_map_create")
int BPF_PROG(atk_map_new, struct bpf_map *map, union bpf_attr *attr,
	     struct bpf_token *token, bool kernel)
{
	bpfseal_map_new(map, kernel);
	return 0;
}

SEC("lsm/bpf_map_free")
int BPF_PROG(atk_map_free, struct bpf_map *map)
{
	bpfseal_map_free(map);
	return 0;
}

SEC("lsm.s/bpf_prog_load")
int BPF_PROG(atk_gate, struct bpf_prog *prog, union bpf_attr *attr,
	     struct bpf_token *token, bool kernel)
{
	bpfseal_gate(prog, attr, kernel);
	return 0;
}

SEC("lsm.s/bpf_prog")
int BPF_PROG(atk_bind, struct bpf_prog *prog)
{
	bpfseal_bind(prog);
	return 0;
}

SEC("lsm/bpf_prog_free")
int BPF_PROG(atk_prog_free, struct bpf_prog *prog)
{
	bpfseal_prog_free(prog);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The internal kfuncs of the bpfseal module, as BPF programs declare them:
 * the shims' way into the module. Only bpfseal's own shims may call them
 * (module/kfuncs.c filters them); the test that checks every other program
 * is refused declares them from here too. Include after vmlinux.h and
 * bpf_helpers.h: a function declaration is extern without the keyword, and
 * __ksym makes libbpf resolve it in the kernel. The public kfuncs
 * (bpfseal_abi_version, bpfseal_prog_verdict) are in docs/admin-guide.md.
 */
#ifndef _BPFSEAL_KFUNCS_BPF_H
#define _BPFSEAL_KFUNCS_BPF_H

int bpfseal_prepare(union bpf_attr *attr, bool kernel) __ksym;
int bpfseal_run(union bpf_attr *attr) __ksym;
int bpfseal_link_get(union bpf_attr *attr) __ksym;
void bpfseal_run_enter(struct bpf_prog *prog__ign) __ksym;
void bpfseal_run_exit(struct bpf_prog *prog__ign) __ksym;
void bpfseal_load_ended(union bpf_attr *attr__ign) __ksym;
void bpfseal_map_new(struct bpf_map *map__ign, bool kernel) __ksym;
void bpfseal_map_free(struct bpf_map *map__ign) __ksym;
int bpfseal_gate(struct bpf_prog *prog, union bpf_attr *attr,
		 bool kernel) __ksym;
int bpfseal_bind(struct bpf_prog *prog) __ksym;
void bpfseal_prog_free(struct bpf_prog *prog__ign) __ksym;

#endif /* _BPFSEAL_KFUNCS_BPF_H */

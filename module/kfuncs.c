// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - kfuncs the module offers to BPF programs.
 *
 * Two sets. The public one (bpfseal_abi_version, bpfseal_prog_verdict) is
 * registered for every program type. The internal one is the shims' way
 * into the module: registered for BPF_PROG_TYPE_TRACING (the kernel serves
 * that set to BPF LSM programs too), with a filter that lets only the
 * shims call them: the verifier asks the filter when it meets the call,
 * and the filter allows it only while the module is loading its own shims,
 * in the task that does so (state.c). Any other program that names one of
 * them is refused by the verifier ("calling kernel function ... is not
 * allowed"). The filter decides without kfunc ids: the kernel relocates a
 * module's BTF ids when it registers a set, so ids the module holds would
 * not match the ones the filter is given.
 */

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/module.h>

#include <bpfseal/abi.h>
#include <bpfseal/verdict.h>

#include "bpfseal.h"
#include "mark.h"
#include "state.h"

__bpf_kfunc_start_defs();

/**
 * bpfseal_abi_version - ABI version of the loaded bpfseal module
 *
 * Lets a BPF program check it talks to the module it was built for.
 *
 * Return: BPFSEAL_ABI_VERSION.
 */
__bpf_kfunc u32 bpfseal_abi_version(void)
{
	might_sleep();
	return BPFSEAL_ABI_VERSION;
}

/**
 * bpfseal_prog_verdict - a program's bpfseal verdict, for BPF LSM programs
 * @prog: the program
 *
 * Return: its verdict (enum bpfseal_verdict, Hornet's numbers), or
 * BPFSEAL_VERDICT_NONE when bpfseal did not decide on it.
 */
__bpf_kfunc int bpfseal_prog_verdict(const struct bpf_prog *prog)
{
	struct bpfseal_record *rec = bpfseal_record_find(prog);

	return rec ? rec->ev.verdict : BPFSEAL_VERDICT_NONE;
}

/**
 * bpfseal_prepare - G0: see a BPF_PROG_LOAD before the kernel copies it
 * @attr: the syscall's attributes (kernel copy)
 * @kernel: whether the call comes from the kernel
 *
 * Return: 0; the decision is the gate's.
 */
__bpf_kfunc int bpfseal_prepare(union bpf_attr *attr, bool kernel)
{
	return bpfseal_prepare_load(attr, kernel);
}

/**
 * bpfseal_run - G0 for BPF_PROG_RUN from userspace: the run check
 * @attr: the syscall's attributes (kernel copy)
 *
 * Return: see bpfseal_run_check().
 */
__bpf_kfunc int bpfseal_run(union bpf_attr *attr)
{
	return bpfseal_run_check(attr);
}

/**
 * bpfseal_link_get - G0 for BPF_LINK_GET_FD_BY_ID
 * @attr: the syscall's attributes (kernel copy)
 *
 * Return: -ENOENT for bpfseal's own links, else 0.
 */
__bpf_kfunc int bpfseal_link_get(union bpf_attr *attr)
{
	return bpfseal_link_id_is_own(attr->link_id) ? -ENOENT : 0;
}

/**
 * bpfseal_run_enter - the kernel starts running a syscall program
 * @prog__ign: the program (argument of bpf_prog_test_run_syscall(); fentry
 *	arguments are not trusted pointers for the verifier)
 */
__bpf_kfunc void bpfseal_run_enter(struct bpf_prog *prog__ign)
{
	bpfseal_mark_enter(prog__ign);
}

/**
 * bpfseal_run_exit - the kernel is done running a syscall program
 * @prog__ign: the program (argument of bpf_prog_test_run_syscall())
 */
__bpf_kfunc void bpfseal_run_exit(struct bpf_prog *prog__ign)
{
	bpfseal_mark_exit(prog__ign);
}

/**
 * bpfseal_load_ended - a BPF_PROG_LOAD returns (fexit on bpf_prog_load())
 * @attr__ign: the syscall's attributes, the pointer G0 saw (an fexit
 *	argument, which the verifier does not trust; only compared)
 */
__bpf_kfunc void bpfseal_load_ended(union bpf_attr *attr__ign)
{
	bpfseal_load_end(attr__ign);
}

/**
 * bpfseal_map_new - a map is being created (the bpf_map_create LSM hook)
 * @map__ign: the map (the verifier does not trust hook arguments here)
 * @kernel: whether the creation comes from the kernel
 */
__bpf_kfunc void bpfseal_map_new(struct bpf_map *map__ign, bool kernel)
{
	bpfseal_mark_map_made(map__ign, kernel);
}

/**
 * bpfseal_map_free - a map is being freed (the bpf_map_free LSM hook)
 * @map__ign: the map
 */
__bpf_kfunc void bpfseal_map_free(struct bpf_map *map__ign)
{
	bpfseal_mark_map_gone(map__ign);
}

/**
 * bpfseal_prog_free - a program is being freed: drop its record
 * @prog__ign: the program (argument of the bpf_prog_free LSM hook, which
 *	the verifier does not trust)
 *
 * Runs from an RCU callback.
 */
__bpf_kfunc void bpfseal_prog_free(struct bpf_prog *prog__ign)
{
	bpfseal_record_remove(prog__ign);
}

/**
 * bpfseal_gate - G1: decide on a load before the verifier
 * @prog: the program (argument of the bpf_prog_load LSM hook)
 * @attr: the syscall's attributes, the pointer G0 saw
 * @kernel: whether the load comes from the kernel
 *
 * Return: 0 to let the load continue, or a negative errno.
 */
__bpf_kfunc int bpfseal_gate(struct bpf_prog *prog, union bpf_attr *attr,
			     bool kernel)
{
	return bpfseal_gate_load(prog, attr, kernel);
}

/**
 * bpfseal_bind - G2: a program is getting an fd
 * @prog: the program
 *
 * Return: 0 or a negative errno.
 */
__bpf_kfunc int bpfseal_bind(struct bpf_prog *prog)
{
	return bpfseal_bind_prog(prog);
}

__bpf_kfunc_end_defs();

/* Public: any program type may call them. */
BTF_KFUNCS_START(bpfseal_public_ids)
BTF_ID_FLAGS(func, bpfseal_abi_version, KF_SLEEPABLE)
BTF_ID_FLAGS(func, bpfseal_prog_verdict)
BTF_KFUNCS_END(bpfseal_public_ids)

/* Internal: tracing and LSM programs, and of those only the shims. */
BTF_KFUNCS_START(bpfseal_internal_ids)
BTF_ID_FLAGS(func, bpfseal_prepare, KF_SLEEPABLE)
BTF_ID_FLAGS(func, bpfseal_run, KF_SLEEPABLE)
BTF_ID_FLAGS(func, bpfseal_link_get, KF_SLEEPABLE)
BTF_ID_FLAGS(func, bpfseal_run_enter)
BTF_ID_FLAGS(func, bpfseal_run_exit)
BTF_ID_FLAGS(func, bpfseal_load_ended)
BTF_ID_FLAGS(func, bpfseal_map_new)
BTF_ID_FLAGS(func, bpfseal_map_free)
BTF_ID_FLAGS(func, bpfseal_prog_free)
BTF_ID_FLAGS(func, bpfseal_gate, KF_SLEEPABLE)
BTF_ID_FLAGS(func, bpfseal_bind, KF_SLEEPABLE)
BTF_KFUNCS_END(bpfseal_internal_ids)

/*
 * Non-zero refuses the call. The kernel applies a filter to the kfuncs
 * registered for the same hook (here: tracing, which serves LSM programs
 * too) and nowhere else, so this one sees only the internal set; the
 * public set is registered for every program type, without a filter.
 */
static int bpfseal_internal_filter(const struct bpf_prog *prog, u32 kfunc_id)
{
	return bpfseal_is_arming_task() ? 0 : -EACCES;
}

static const struct btf_kfunc_id_set bpfseal_public_set = {
	.owner = THIS_MODULE,
	.set = &bpfseal_public_ids,
};

static const struct btf_kfunc_id_set bpfseal_internal_set = {
	.owner = THIS_MODULE,
	.set = &bpfseal_internal_ids,
	.filter = bpfseal_internal_filter,
};

/**
 * bpfseal_kfuncs_register - make the module's kfuncs callable from BPF
 *
 * Fails when the module carries no BTF, which happens when it was built
 * without the kernel's vmlinux or without pahole.
 *
 * Return: 0 or a negative errno.
 */
int bpfseal_kfuncs_register(void)
{
	int err;

	err = register_btf_kfunc_id_set(BPF_PROG_TYPE_UNSPEC,
					&bpfseal_public_set);
	if (err)
		return err;
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING,
					 &bpfseal_internal_set);
}

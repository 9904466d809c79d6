// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - kfuncs the module offers to BPF programs.
 *
 * The set is registered once, for BPF_PROG_TYPE_TRACING: the kernel serves
 * the same set to BPF LSM programs (registering it for LSM as well fails).
 */

#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/module.h>

#include <bpfseal/abi.h>
#include <bpfseal/verdict.h>

#include "bpfseal.h"

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
 * bpfseal_prepare - G0: see a BPF_PROG_LOAD before the kernel copies it
 * @attr: the syscall's attributes (kernel copy)
 * @size: size of @attr
 * @kernel: whether the call comes from the kernel
 * @loader: the verified loader the task runs (bpfseal_run()), or 0
 *
 * Return: 0; the decision is the gate's.
 */
__bpf_kfunc int bpfseal_prepare(union bpf_attr *attr, u32 size, bool kernel,
				u64 loader)
{
	return bpfseal_prepare_load(attr, kernel, loader);
}

/**
 * bpfseal_run - G0 for BPF_PROG_RUN from userspace: the run check
 * @attr: the syscall's attributes (kernel copy)
 *
 * Return: see bpfseal_run_check().
 */
__bpf_kfunc s64 bpfseal_run(union bpf_attr *attr)
{
	return bpfseal_run_check(attr);
}

/**
 * bpfseal_prog_free - a program is being freed: drop its record
 * @prog__ign: the program (argument of the bpf_prog_free LSM hook)
 *
 * Runs from an RCU callback.
 */
__bpf_kfunc void bpfseal_prog_free(struct bpf_prog *prog__ign)
{
	bpfseal_record_remove(prog__ign);
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
 * bpfseal_gate - G1: decide on a load before the LSMs see it
 * @prog__ign: the program (the argument of security_bpf_prog_load)
 * @attr__ign: the syscall's attributes, the pointer G0 saw
 * @kernel: whether the load comes from the kernel
 *
 * fmod_ret arguments are not trusted pointers for the verifier; they are
 * the live arguments of the hooked call, valid for its whole duration.
 *
 * Return: 0 to let the load continue, or a negative errno.
 */
__bpf_kfunc int bpfseal_gate(struct bpf_prog *prog__ign,
			     union bpf_attr *attr__ign, bool kernel)
{
	return bpfseal_gate_load(prog__ign, attr__ign, kernel);
}

/**
 * bpfseal_bind - G2: check the maps a verified program bound
 * @prog: the program, at its first fd
 *
 * Return: 0 or a negative errno.
 */
__bpf_kfunc int bpfseal_bind(struct bpf_prog *prog)
{
	return bpfseal_bind_prog(prog);
}

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpfseal_kfunc_ids)
BTF_ID_FLAGS(func, bpfseal_abi_version, KF_SLEEPABLE)
BTF_ID_FLAGS(func, bpfseal_prepare, KF_SLEEPABLE)
BTF_ID_FLAGS(func, bpfseal_gate)
BTF_ID_FLAGS(func, bpfseal_bind, KF_SLEEPABLE)
BTF_ID_FLAGS(func, bpfseal_run, KF_SLEEPABLE)
BTF_ID_FLAGS(func, bpfseal_prog_free)
BTF_ID_FLAGS(func, bpfseal_prog_verdict)
BTF_KFUNCS_END(bpfseal_kfunc_ids)

static const struct btf_kfunc_id_set bpfseal_kfunc_set = {
	.owner = THIS_MODULE,
	.set = &bpfseal_kfunc_ids,
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
	return register_btf_kfunc_id_set(BPF_PROG_TYPE_TRACING,
					 &bpfseal_kfunc_set);
}

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

__bpf_kfunc_end_defs();

BTF_KFUNCS_START(bpfseal_kfunc_ids)
BTF_ID_FLAGS(func, bpfseal_abi_version, KF_SLEEPABLE)
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

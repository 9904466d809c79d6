// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - signed BPF enforcement as a loadable module.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include <bpfseal/abi.h>

#include "bpfseal.h"

static int __init bpfseal_init(void)
{
	int err;

	err = bpfseal_kfuncs_register();
	if (err) {
		pr_err("cannot register kfuncs (%d): the module needs its BTF (build it with pahole and the kernel's vmlinux)\n",
		       err);
		return err;
	}
	pr_info("loaded (ABI %d)\n", BPFSEAL_ABI_VERSION);
	return 0;
}

static void __exit bpfseal_exit(void)
{
	pr_info("unloaded\n");
}

module_init(bpfseal_init);
module_exit(bpfseal_exit);

MODULE_DESCRIPTION("Signed BPF enforcement");
MODULE_LICENSE("GPL");

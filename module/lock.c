// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - tamper resistance.
 *
 * While armed, a permanent ftrace ops is registered: with one registered,
 * `sysctl kernel.ftrace_enabled=0` fails with EBUSY instead of silently
 * turning off the BPF trampolines the gate runs on.
 *
 * Lock (parameter lock=1, or writing 1 to securityfs bpfseal/lock) is one
 * way: afterwards the module refuses to disarm (so it cannot be unloaded),
 * the mode cannot change, and the .bpfseal keyring takes no new key.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ftrace.h>
#include <linux/key.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "bpfseal.h"

static bool locked;

/* Never called: the one function the permanent ops filters on. */
static noinline void bpfseal_ftrace_anchor(void)
{
	barrier();
}

static void bpfseal_ftrace_noop(unsigned long ip, unsigned long parent_ip,
				struct ftrace_ops *op, struct ftrace_regs *fregs)
{
}

static struct ftrace_ops permanent_ops = {
	.func = bpfseal_ftrace_noop,
	.flags = FTRACE_OPS_FL_PERMANENT,
};

static bool permanent_registered;

/**
 * bpfseal_ftrace_pin - keep ftrace (and the BPF trampolines) on while armed
 *
 * Return: 0 or a negative errno.
 */
int bpfseal_ftrace_pin(void)
{
	int err;

	if (permanent_registered)
		return 0;
	err = ftrace_set_filter_ip(&permanent_ops,
				   (unsigned long)bpfseal_ftrace_anchor, 0, 0);
	if (err)
		return err;
	err = register_ftrace_function(&permanent_ops);
	if (err)
		return err;
	permanent_registered = true;
	return 0;
}

void bpfseal_ftrace_unpin(void)
{
	if (!permanent_registered)
		return;
	unregister_ftrace_function(&permanent_ops);
	ftrace_set_filter_ip(&permanent_ops,
			     (unsigned long)bpfseal_ftrace_anchor, 1, 0);
	permanent_registered = false;
}

bool bpfseal_locked(void)
{
	return READ_ONCE(locked);
}

/**
 * bpfseal_lock - lock the module for good
 *
 * Takes a reference on the module that is never dropped, closes the
 * .bpfseal keyring to new keys and freezes the policy.
 *
 * Return: 0 or a negative errno (-ENOLCK when the module is not armed).
 */
int bpfseal_lock(void)
{
	int err;

	if (bpfseal_locked())
		return 0;
	if (!bpfseal_armed())
		return -ENOLCK;
	err = bpfseal_keyring_close();
	if (err)
		return err;
	if (xchg(&locked, true))
		return 0;	/* locked meanwhile by another writer */
	__module_get(THIS_MODULE);
	bpfseal_audit_config("lock", "locked", "1", NULL, NULL);
	pr_info("locked: no disarm, no unload, no policy change, no new key\n");
	return 0;
}

/* lock=1 at load: applied once the module is armed (main.c). */
bool bpfseal_lock_param;
module_param_named(lock, bpfseal_lock_param, bool, 0444);
MODULE_PARM_DESC(lock, "lock once armed: no disarm or unload, no policy change, no new key (default 0)");

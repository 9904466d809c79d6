// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - the module's state machine, under one mutex:
 *
 *   INERT --arm--> ARMED --lock--> LOCKED
 *     ^              |
 *     +---disarm-----+
 *
 * Every transition, and every policy change that the lock forbids (the
 * mode, the rule policy), happens under state_mutex, so a mode write cannot race the lock
 * and a disarm cannot race it either. Hooks read the state without the
 * mutex (READ_ONCE): a transition is visible to them once it is complete.
 *
 * The state owns what goes with it: the shims (arm.c), the permanent
 * ftrace ops that keeps `sysctl kernel.ftrace_enabled=0` from turning the
 * BPF trampolines off (registered whenever armed), the keyring's lock and
 * the module reference a lock takes for good.
 *
 * A forced unload (`rmmod -f`, CONFIG_MODULE_FORCE_UNLOAD) ignores that
 * reference and calls the module's exit anyway. Armed but not locked, the
 * exit disarms as a disarm would. Locked, the shims must stay attached (the
 * lock promised it) while the module's text is about to be freed under
 * them, so the exit halts the machine with a clear message instead.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/delay.h>
#include <linux/ftrace.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/panic.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>

#include <bpfseal/policy.h>

#include "bpfseal.h"
#include "ruleset.h"
#include "state.h"

static DEFINE_MUTEX(state_mutex);
static enum bpfseal_state state = BPFSEAL_INERT;
/* The task loading the shims while it arms (kfuncs.c lets only it call). */
static struct task_struct *arming_task;
/* When the module last armed (boottime ns, the clock of load_time). */
static u64 armed_since = U64_MAX;

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

static int ftrace_pin(void)
{
	int err;

	err = ftrace_set_filter_ip(&permanent_ops,
				   (unsigned long)bpfseal_ftrace_anchor, 0, 0);
	if (err)
		return err;
	err = register_ftrace_function(&permanent_ops);
	if (err)
		ftrace_set_filter_ip(&permanent_ops,
				     (unsigned long)bpfseal_ftrace_anchor, 1, 0);
	return err;
}

static void ftrace_unpin(void)
{
	unregister_ftrace_function(&permanent_ops);
	ftrace_set_filter_ip(&permanent_ops,
			     (unsigned long)bpfseal_ftrace_anchor, 1, 0);
}

/**
 * bpfseal_state_arm - INERT to ARMED: attach the shims, pin ftrace on
 *
 * Return: 0 (also when already armed) or a negative errno; on failure the
 * module stays INERT with nothing attached.
 */
int bpfseal_state_arm(void)
{
	int err = 0;

	mutex_lock(&state_mutex);
	if (state != BPFSEAL_INERT)
		goto out;
	/* any program loaded from here on must have a decision (bind.c) */
	WRITE_ONCE(armed_since, ktime_get_boottime_ns());
	WRITE_ONCE(arming_task, current);
	err = bpfseal_shims_attach();
	WRITE_ONCE(arming_task, NULL);
	if (err)
		goto fail;
	err = ftrace_pin();
	if (err) {
		bpfseal_shims_detach();
		goto fail;
	}
	WRITE_ONCE(state, BPFSEAL_ARMED);
	goto out;
fail:
	WRITE_ONCE(armed_since, U64_MAX);
out:
	mutex_unlock(&state_mutex);
	return err;
}

/* ARMED to INERT; the caller holds state_mutex. */
static void disarm_locked(void)
{
	bpfseal_shims_detach();
	ftrace_unpin();
	WRITE_ONCE(state, BPFSEAL_INERT);
	WRITE_ONCE(armed_since, U64_MAX);
	/* without the cleanup program, records could outlive their programs */
	bpfseal_records_flush();
}

/**
 * bpfseal_state_disarm - ARMED to INERT: detach the shims
 *
 * Return: 0 (also when inert), or -EPERM when locked.
 */
int bpfseal_state_disarm(void)
{
	int err = 0;

	mutex_lock(&state_mutex);
	if (state == BPFSEAL_LOCKED)
		err = -EPERM;
	else if (state == BPFSEAL_ARMED)
		disarm_locked();
	mutex_unlock(&state_mutex);
	return err;
}

/**
 * bpfseal_state_lock - ARMED to LOCKED, for good
 *
 * Closes and seals the .bpfseal keyring, then takes a module reference
 * that is never dropped.
 *
 * Return: 0 (also when already locked), -ENOLCK when inert, or the
 * keyring's error.
 */
int bpfseal_state_lock(void)
{
	int err = 0;

	mutex_lock(&state_mutex);
	if (state == BPFSEAL_LOCKED)
		goto out;
	if (state != BPFSEAL_ARMED) {
		err = -ENOLCK;
		goto out;
	}
	err = bpfseal_keyring_lock();
	if (err)
		goto out;
	__module_get(THIS_MODULE);
	WRITE_ONCE(state, BPFSEAL_LOCKED);
	bpfseal_audit_config("lock", "locked", "1", NULL, NULL);
	pr_info("locked: no disarm, no unload, no policy change, no key change\n");
out:
	mutex_unlock(&state_mutex);
	return err;
}

/**
 * bpfseal_state_set_mode - change the mode, unless locked
 * @val: the new mode's name
 *
 * Return: 0, -EPERM when locked, -EINVAL for an unknown mode.
 */
int bpfseal_state_set_mode(const char *val)
{
	int err;

	mutex_lock(&state_mutex);
	err = state == BPFSEAL_LOCKED ? -EPERM : bpfseal_policy_set_mode(val);
	mutex_unlock(&state_mutex);
	return err;
}

/**
 * bpfseal_state_set_policy - make a parsed policy the active one, unless
 *	locked
 * @rs: the policy (bpfseal_ruleset_parse()); consumed
 *
 * Return: 0, -EPERM when locked (the refusal is audited), -ESTALE for a
 * lower policy_version than the active one's.
 */
int bpfseal_state_set_policy(struct bpfseal_ruleset *rs)
{
	int err;

	mutex_lock(&state_mutex);
	if (state == BPFSEAL_LOCKED) {
		bpfseal_ruleset_refuse(rs, -EPERM);
		err = -EPERM;
	} else {
		err = bpfseal_ruleset_replace(rs);
	}
	mutex_unlock(&state_mutex);
	return err;
}

/* How long a forced unload waits for the detached shims to be freed. */
#define SHIMS_GONE_TIMEOUT_MS 30000

/*
 * A freed shim program drops the module reference its kfunc calls hold
 * (module_put(), from a work item after RCU). A normal unload only gets
 * here with no reference left; a forced one may not: wait, so that those
 * puts happen before the module is freed, not after.
 */
static void wait_shims_gone(void)
{
	unsigned int waited = 0;

	while (module_refcount(THIS_MODULE) > 0) {
		if (waited >= SHIMS_GONE_TIMEOUT_MS)
			panic("bpfseal: forced unload: the detached shims still hold the module after %u s; halting rather than freeing code they use\n",
			      SHIMS_GONE_TIMEOUT_MS / 1000);
		msleep(20);
		waited += 20;
	}
}

/**
 * bpfseal_state_exit - module exit: leave no shim behind
 *
 * Reached while locked only through a forced unload (rmmod -f), which would
 * free the code the attached shims call: halt instead. Armed, a forced
 * unload disarms and waits until the shims are freed.
 */
void bpfseal_state_exit(void)
{
	mutex_lock(&state_mutex);
	if (state == BPFSEAL_LOCKED)
		panic("bpfseal: forced unload of a locked bpfseal (rmmod -f): its hooks cannot be detached and its code is about to be freed; halting\n");
	if (state == BPFSEAL_ARMED)
		disarm_locked();
	mutex_unlock(&state_mutex);
	wait_shims_gone();
}

/**
 * bpfseal_is_armed - whether the shims are attached
 *
 * Return: true when ARMED or LOCKED.
 */
bool bpfseal_is_armed(void)
{
	return READ_ONCE(state) != BPFSEAL_INERT;
}

/**
 * bpfseal_is_locked - whether the module is locked
 *
 * Return: true when LOCKED.
 */
bool bpfseal_is_locked(void)
{
	return READ_ONCE(state) == BPFSEAL_LOCKED;
}

/**
 * bpfseal_is_arming_task - whether the current task is loading the shims
 *
 * Return: true only inside bpfseal_state_arm(), in the task that runs it.
 */
bool bpfseal_is_arming_task(void)
{
	return READ_ONCE(arming_task) == current;
}

/**
 * bpfseal_loaded_while_armed - whether a program was loaded after arming
 * @prog: the program
 *
 * Return: true when @prog's load began after the module last armed (such a
 * program went through the gate, or was refused by it).
 */
bool bpfseal_loaded_while_armed(const struct bpf_prog *prog)
{
	return prog->aux->load_time >= READ_ONCE(armed_since);
}

/* lock=1 at load: applied once the module is armed (main.c). */
bool bpfseal_lock_param;
module_param_named(lock, bpfseal_lock_param, bool, 0444);
MODULE_PARM_DESC(lock, "lock once armed: no disarm or unload, no policy change, no key change (default 0)");

// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - the module parameters, parsed by the shared parser
 * (include/bpfseal/policy.h). An invalid value makes insmod fail with a
 * message naming the parameter and the accepted values. mode and keyrings
 * apply whatever the rule policy; allow and kernel_loads make the rule
 * policy that is active until one is written (ruleset.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bits.h>
#include <linux/moduleparam.h>

#include <bpfseal/policy.h>

#include "bpfseal.h"

static struct bpfseal_policy policy = {
	.mode = BPFSEAL_MODE_ENFORCE,
	.allow = BIT(BPFSEAL_VERDICT_OK),
	.keyrings = BIT(BPFSEAL_KEYRING_BPFSEAL),
	.kernel_loads = BPFSEAL_KERNEL_LOADS_DENY,
};

/**
 * struct policy_param - how one parameter is parsed and printed
 * @names: its accepted names
 * @set: whether it takes a comma-separated set
 * @value: the policy field it sets
 */
struct policy_param {
	const struct bpfseal_name *names;
	bool set;
	unsigned int *value;
};

static int policy_param_set(const char *val, const struct kernel_param *kp)
{
	const struct policy_param *pp = kp->arg;
	unsigned int one;
	char accepted[128];
	u32 set;
	int err;

	if (pp->set)
		err = bpfseal_parse_set(val, pp->names, &set);
	else
		err = bpfseal_parse_one(val, pp->names, &one);
	if (err) {
		pr_err("invalid value '%.*s' for parameter %s: accepted %s: %s\n",
		       BPFSEAL_PARAM_MAX_LEN, val ? val : "", kp->name,
		       pp->set ? "a comma-separated list of" : "one of",
		       bpfseal_names_format(pp->names, accepted,
					    sizeof(accepted)));
		return -EINVAL;
	}
	WRITE_ONCE(*pp->value, pp->set ? set : one);
	return 0;
}

static int policy_param_get(char *buf, const struct kernel_param *kp)
{
	const struct policy_param *pp = kp->arg;
	unsigned int v = READ_ONCE(*pp->value);
	int i, n = 0;

	for (i = 0; pp->names[i].name; i++) {
		if (pp->set ? !(v & BIT(pp->names[i].value)) :
			      v != pp->names[i].value)
			continue;
		n += scnprintf(buf + n, PAGE_SIZE - n, "%s%s", n ? "," : "",
			       pp->names[i].name);
	}
	n += scnprintf(buf + n, PAGE_SIZE - n, "\n");
	return n;
}

static const struct kernel_param_ops policy_param_ops = {
	.set = policy_param_set,
	.get = policy_param_get,
};

#define POLICY_PARAM(_name, _names, _set, _desc)			\
	static struct policy_param param_##_name = {			\
		.names = _names, .set = _set, .value = &policy._name,	\
	};								\
	module_param_cb(_name, &policy_param_ops, &param_##_name, 0444); \
	MODULE_PARM_DESC(_name, _desc)

POLICY_PARAM(mode, bpfseal_mode_names, false,
	     "enforce (default): refuse what is not allowed; permissive: decide and log, never refuse; off: check nothing");
POLICY_PARAM(allow, bpfseal_allow_names, true,
	     "verdicts that may load, comma-separated, in the policy in force until one is written (default ok; e.g. ok,partialsig)");
POLICY_PARAM(keyrings, bpfseal_keyring_names, true,
	     "keyrings trusted for signatures: bpfseal (default), builtin, secondary, platform");
POLICY_PARAM(kernel_loads, bpfseal_kernel_loads_names, false,
	     "kernel-origin loads outside a verified loader, in the same default policy: deny (default) or allow");

/**
 * bpfseal_mode - the mode now
 *
 * Return: enum bpfseal_mode.
 */
unsigned int bpfseal_mode(void)
{
	return READ_ONCE(policy.mode);
}

/**
 * bpfseal_allowed_set - the verdicts that may load
 *
 * Return: bit (1 << verdict) for each allowed verdict.
 */
u32 bpfseal_allowed_set(void)
{
	return READ_ONCE(policy.allow);
}

/**
 * bpfseal_policy_set_mode - change the mode at run time
 * @val: the new mode's name
 *
 * Called by the state machine (state.c), which refuses when locked.
 *
 * Return: 0, or -EINVAL for an unknown mode.
 */
int bpfseal_policy_set_mode(const char *val)
{
	unsigned int mode, old;
	int err;

	err = bpfseal_parse_one(val, bpfseal_mode_names, &mode);
	if (err)
		return err;
	old = xchg(&policy.mode, mode);
	bpfseal_audit_config("mode", "old", bpfseal_mode_name(old),
			     "new", bpfseal_mode_name(mode));
	return 0;
}

/**
 * bpfseal_trusted_keyrings - the keyrings trusted for signatures
 *
 * Return: bit (1 << enum bpfseal_keyring) for each trusted keyring.
 */
u32 bpfseal_trusted_keyrings(void)
{
	return READ_ONCE(policy.keyrings);
}

/**
 * bpfseal_kernel_loads_allowed - whether kernel-origin loads outside a
 *	verified loader may load
 *
 * Return: true for kernel_loads=allow.
 */
bool bpfseal_kernel_loads_allowed(void)
{
	return READ_ONCE(policy.kernel_loads) == BPFSEAL_KERNEL_LOADS_ALLOW;
}

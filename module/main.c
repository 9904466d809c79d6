// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - signed BPF enforcement as a loadable module.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/notifier.h>

#include <bpfseal/abi.h>

#include "bpfseal.h"
#include "mark.h"
#include "ruleset.h"
#include "state.h"

static bool disarm;

static int disarm_set(const char *val, const struct kernel_param *kp)
{
	bool want;
	int err = kstrtobool(val, &want);

	if (err || !want)
		return err;
	if (!capable(CAP_MAC_ADMIN))
		return -EPERM;
	err = bpfseal_state_disarm();
	if (err) {
		pr_warn("locked: refusing to disarm\n");
		return err;
	}
	bpfseal_audit_config("disarm", "armed", "0", NULL, NULL);
	disarm = true;
	return 0;
}

static const struct kernel_param_ops disarm_ops = {
	.set = disarm_set,
	.get = param_get_bool,
};
module_param_cb(disarm, &disarm_ops, &disarm, 0200);
MODULE_PARM_DESC(disarm, "write 1 to detach the shims (needed before unloading; refused when locked)");

/* Arm once the module is live: the shims call its kfuncs. */
static int bpfseal_module_notify(struct notifier_block *nb, unsigned long state,
				 void *data)
{
	int err;

	if (data != THIS_MODULE || state != MODULE_STATE_LIVE)
		return NOTIFY_DONE;
	err = bpfseal_state_arm();
	if (err) {
		pr_err("cannot arm (%d): staying inert, no load is checked\n",
		       err);
		bpfseal_audit_config("arm", "armed", "0", NULL, NULL);
		return NOTIFY_DONE;
	}
	pr_info("armed: lsm.s/bpf (prepare), lsm.s/bpf_prog_load (gate), lsm.s/bpf_prog (bind), fentry+fexit/bpf_prog_test_run_syscall (run mark), lsm/bpf_prog_free (cleanup); ftrace pinned on\n");
	bpfseal_audit_config("arm", "armed", "1", NULL, NULL);
	if (bpfseal_lock_param) {
		err = bpfseal_state_lock();
		if (err)
			pr_err("cannot lock (%d)\n", err);
	}
	return NOTIFY_DONE;
}

static struct notifier_block bpfseal_module_nb = {
	.notifier_call = bpfseal_module_notify,
};

static int __init bpfseal_init(void)
{
	int err;

	bpfseal_build_checks();
	err = bpfseal_ruleset_init();
	if (err) {
		pr_err("cannot make the policy of the module parameters (%d)\n",
		       err);
		return err;
	}
	err = bpfseal_keyring_init();
	if (err) {
		pr_err("cannot create the .bpfseal keyring (%d)\n", err);
		goto ruleset;
	}
	err = bpfseal_kfuncs_register();
	if (err) {
		pr_err("cannot register kfuncs (%d): the module needs its BTF (build it with pahole and the kernel's vmlinux)\n",
		       err);
		goto keyring;
	}
	err = bpfseal_control_init();
	if (err) {
		pr_err("cannot create /sys/kernel/security/bpfseal (%d)\n", err);
		goto keyring;
	}
	err = register_module_notifier(&bpfseal_module_nb);
	if (err)
		goto control;
	pr_info("loaded (ABI %d)\n", BPFSEAL_ABI_VERSION);
	return 0;
control:
	bpfseal_control_exit();
keyring:
	bpfseal_keyring_exit();
ruleset:
	bpfseal_ruleset_exit();
	return err;
}

static void __exit bpfseal_exit(void)
{
	unregister_module_notifier(&bpfseal_module_nb);
	bpfseal_state_exit();
	bpfseal_control_exit();
	bpfseal_tickets_flush();
	bpfseal_marks_flush();
	bpfseal_keyring_exit();
	bpfseal_ruleset_exit();
	pr_info("unloaded\n");
}

module_init(bpfseal_init);
module_exit(bpfseal_exit);

MODULE_DESCRIPTION("Signed BPF enforcement");
MODULE_LICENSE("GPL");
MODULE_VERSION(BPFSEAL_VERSION);

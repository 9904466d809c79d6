// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - arming: load and attach the shim programs once the module is
 * live, hold their links, and let them go on disarm.
 *
 * The shims call the module's kfuncs, so they can only be loaded once the
 * module is MODULE_STATE_LIVE: a module notifier does it, in the context of
 * the task that loads the module. The shims come as a light skeleton that
 * is run through kern_sys_bpf(), as kernel/bpf/preload does.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/module.h>
#include <linux/mutex.h>

#include "bpfseal.h"
#include "shims/shims.lskel.h"

MODULE_IMPORT_NS("BPF_INTERNAL");

enum { SHIM_FREE, SHIM_G0, SHIM_G2, SHIM_G1, SHIM_COUNT };

static DEFINE_MUTEX(arm_lock);
static struct bpf_link *shim_links[SHIM_COUNT];
static bool armed;

static int shim_attach(int prog_fd, struct bpf_link **link)
{
	int fd = skel_raw_tracepoint_open(NULL, prog_fd);

	if (fd < 0)
		return fd;
	*link = bpf_link_get_from_fd(fd);
	close_fd(fd);
	if (IS_ERR(*link)) {
		int err = PTR_ERR(*link);

		*link = NULL;
		return err;
	}
	return 0;
}

static void shims_detach(void)
{
	int i;

	for (i = 0; i < SHIM_COUNT; i++) {
		if (shim_links[i])
			bpf_link_put(shim_links[i]);
		shim_links[i] = NULL;
	}
}

/**
 * bpfseal_arm - load the shims and attach them, the gate last
 *
 * The cleanup program, G0 (prepare) and G2 (bind) are attached before G1
 * (gate), so that no load meets the gate without having been prepared and
 * no record outlives its program. Then ftrace is pinned on (lock.c). On any failure everything
 * attached so far is detached again: the module is armed whole or not at
 * all.
 *
 * Return: 0 or a negative errno.
 */
int bpfseal_arm(void)
{
	struct bpfseal_shims *skel;
	int err;

	mutex_lock(&arm_lock);
	if (armed) {
		err = 0;
		goto out;
	}
	skel = bpfseal_shims__open();
	if (!skel) {
		err = -ENOMEM;
		goto out;
	}
	err = bpfseal_shims__load(skel);
	if (err)
		goto destroy;
	err = shim_attach(skel->progs.bpfseal_free.prog_fd,
			  &shim_links[SHIM_FREE]);
	if (!err)
		err = shim_attach(skel->progs.bpfseal_g0.prog_fd,
				  &shim_links[SHIM_G0]);
	if (!err)
		err = shim_attach(skel->progs.bpfseal_g2.prog_fd,
				  &shim_links[SHIM_G2]);
	if (!err)
		err = shim_attach(skel->progs.bpfseal_g1.prog_fd,
				  &shim_links[SHIM_G1]);
	if (!err)
		err = bpfseal_ftrace_pin();
	if (err)
		shims_detach();
	else
		armed = true;
destroy:
	bpfseal_shims__destroy(skel);
out:
	mutex_unlock(&arm_lock);
	return err;
}

/**
 * bpfseal_disarm - detach the shims
 *
 * The shim programs hold references on the module through its kfuncs, so
 * the module cannot be unloaded while armed.
 *
 * Return: 0, or -EPERM when locked.
 */
int bpfseal_disarm(void)
{
	if (bpfseal_locked())
		return -EPERM;
	mutex_lock(&arm_lock);
	shims_detach();
	bpfseal_ftrace_unpin();
	armed = false;
	/* Without the cleanup program, records could outlive their programs. */
	bpfseal_records_flush();
	mutex_unlock(&arm_lock);
	return 0;
}

bool bpfseal_armed(void)
{
	return READ_ONCE(armed);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - the shims: loaded and attached when the module arms, held
 * (their links) while it is armed, let go when it disarms. The state
 * machine (state.c) calls in here under its mutex.
 *
 * The shims call the module's kfuncs, so they can only be loaded once the
 * module is MODULE_STATE_LIVE: a module notifier does it, in the context of
 * the task that loads the module. The shims come as a light skeleton that
 * is run through kern_sys_bpf(), as kernel/bpf/preload does.
 *
 * bpfseal's own objects are closed to everyone else: no process gets an fd
 * for a shim program (bind.c asks bpfseal_prog_is_own()) or a shim link
 * (G0 asks bpfseal_link_id_is_own()); the shims own no map.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/u64_stats_sync.h>

#include "bpfseal.h"
#include "shims/shims.lskel.h"

MODULE_IMPORT_NS("BPF_INTERNAL");

/* The order they are attached in: the gate last, see bpfseal_shims_attach. */
enum { SHIM_FREE, SHIM_MAP_FREE, SHIM_END, SHIM_MAP_NEW, SHIM_G0, SHIM_G2,
	SHIM_RUN_OUT, SHIM_RUN_IN, SHIM_G1, SHIM_COUNT };

static const char *const shim_names[SHIM_COUNT] = {
	[SHIM_FREE] = "lsm/bpf_prog_free",
	[SHIM_MAP_FREE] = "lsm/bpf_map_free",
	[SHIM_END] = "fexit/bpf_prog_load",
	[SHIM_MAP_NEW] = "lsm/bpf_map_create",
	[SHIM_G0] = "lsm.s/bpf",
	[SHIM_G2] = "lsm.s/bpf_prog",
	[SHIM_RUN_OUT] = "fexit/bpf_prog_test_run_syscall",
	[SHIM_RUN_IN] = "fentry/bpf_prog_test_run_syscall",
	[SHIM_G1] = "lsm.s/bpf_prog_load",
};

static struct bpf_link *shim_links[SHIM_COUNT];
/*
 * What the hooks compare against, copied out of the links when they are
 * attached: a hook never dereferences a link that may be going away.
 */
static const struct bpf_prog *own_progs[SHIM_COUNT];
static u32 own_link_ids[SHIM_COUNT];

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

/**
 * bpfseal_shims_detach - detach every shim attached so far
 *
 * bpfseal's own objects stop being recognized first, then the links go.
 * Shims still running finish on their own: the kernel frees a program only
 * after every run of it ended, and a module with shims left cannot be
 * unloaded (a forced unload waits for them, state.c).
 */
void bpfseal_shims_detach(void)
{
	struct bpf_link *link;
	int i;

	for (i = 0; i < SHIM_COUNT; i++) {
		WRITE_ONCE(own_progs[i], NULL);
		WRITE_ONCE(own_link_ids[i], 0);
	}
	for (i = 0; i < SHIM_COUNT; i++) {
		link = shim_links[i];
		shim_links[i] = NULL;
		if (link)
			bpf_link_put(link);
	}
}

/**
 * bpfseal_shims_attach - load the shims and attach them, the gate last
 *
 * The cleanup programs, the load end, the map list, G0 (prepare), G2
 * (bind) and the run marks are attached before G1 (gate), so that no load
 * meets the gate without having been prepared, no ticket misses its load's
 * end, no record outlives its program and no listed map outlives its
 * entry (the map free hook comes before the map create hook). On failure
 * everything
 * attached so far is detached again.
 *
 * Return: 0 or a negative errno.
 */
int bpfseal_shims_attach(void)
{
	struct bpfseal_shims *skel;
	int fds[SHIM_COUNT];
	int err, i;

	skel = bpfseal_shims__open();
	if (!skel)
		return -ENOMEM;
	err = bpfseal_shims__load(skel);
	if (err)
		goto destroy;
	fds[SHIM_FREE] = skel->progs.bpfseal_free.prog_fd;
	fds[SHIM_MAP_FREE] = skel->progs.bpfseal_map_freed.prog_fd;
	fds[SHIM_END] = skel->progs.bpfseal_load_end.prog_fd;
	fds[SHIM_MAP_NEW] = skel->progs.bpfseal_map_create.prog_fd;
	fds[SHIM_G0] = skel->progs.bpfseal_g0.prog_fd;
	fds[SHIM_G2] = skel->progs.bpfseal_g2.prog_fd;
	fds[SHIM_RUN_OUT] = skel->progs.bpfseal_run_out.prog_fd;
	fds[SHIM_RUN_IN] = skel->progs.bpfseal_run_in.prog_fd;
	fds[SHIM_G1] = skel->progs.bpfseal_g1.prog_fd;
	for (i = 0; i < SHIM_COUNT && !err; i++) {
		err = shim_attach(fds[i], &shim_links[i]);
		if (err) {
			pr_err("cannot attach %s (%d)\n", shim_names[i], err);
			break;
		}
		WRITE_ONCE(own_progs[i], shim_links[i]->prog);
		WRITE_ONCE(own_link_ids[i], shim_links[i]->id);
	}
	if (err)
		bpfseal_shims_detach();
destroy:
	bpfseal_shims__destroy(skel);
	return err;
}

/**
 * bpfseal_prog_is_own - whether a program is one of bpfseal's shims
 * @prog: the program
 *
 * Return: true for an attached shim program.
 */
bool bpfseal_prog_is_own(const struct bpf_prog *prog)
{
	int i;

	for (i = 0; i < SHIM_COUNT; i++)
		if (prog && READ_ONCE(own_progs[i]) == prog)
			return true;
	return false;
}

/**
 * bpfseal_link_id_is_own - whether a link id names one of bpfseal's links
 * @id: the link id
 *
 * An id names one link for as long as that link lives, and bpfseal's live
 * as long as it is armed.
 *
 * Return: true for the id of an attached shim's link.
 */
bool bpfseal_link_id_is_own(u32 id)
{
	int i;

	for (i = 0; i < SHIM_COUNT; i++)
		if (id && READ_ONCE(own_link_ids[i]) == id)
			return true;
	return false;
}

/**
 * bpfseal_shims_show - the hooks bpfseal attaches, for securityfs status
 * @m: the seq_file
 */
void bpfseal_shims_show(struct seq_file *m)
{
	int i;

	for (i = 0; i < SHIM_COUNT; i++)
		seq_printf(m, " %s", shim_names[i]);
}

/**
 * bpfseal_shims_end_misses - how often the kernel skipped the load-end shim
 *
 * The kernel skips a tracing program that is already running on the same
 * CPU and counts a miss; status shows the count, since the record of such
 * a load then comes late (ticket.c).
 *
 * Return: the shim's miss count, 0 when it is not attached.
 */
u64 bpfseal_shims_end_misses(void)
{
	const struct bpf_prog *prog;
	u64 misses = 0;
	int cpu;

	rcu_read_lock();	/* the kernel frees programs after a grace period */
	prog = READ_ONCE(own_progs[SHIM_END]);
	if (prog && prog->stats) {
		for_each_possible_cpu(cpu) {
			const struct bpf_prog_stats *st =
				per_cpu_ptr(prog->stats, cpu);
			unsigned int start;
			u64 n;

			do {
				start = u64_stats_fetch_begin(&st->syncp);
				n = u64_stats_read(&st->misses);
			} while (u64_stats_fetch_retry(&st->syncp, start));
			misses += n;
		}
	}
	rcu_read_unlock();
	return misses;
}

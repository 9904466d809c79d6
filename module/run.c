// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - run check: when a task asks to run a loader bpfseal verified,
 * its signed maps are hashed again (refused if they changed), and the task
 * gets a run mark (mark.c) for that very program object, so the programs
 * the loader creates are attributed to it.
 */

#include <linux/bpf.h>

#include <bpfseal/policy.h>
#include <bpfseal/verdict.h>

#include "bpfseal.h"
#include "mark.h"

/**
 * bpfseal_record_is_verified_loader - whether a record vouches for programs
 * @rec: a program's record, or NULL
 *
 * Only a loader the policy allowed on its own signature: one let through in
 * permissive mode (action audit) or created by another loader vouches for
 * nothing.
 *
 * Return: true for a loader whose signature bpfseal verified (OK or
 * PARTIALSIG) and whose load the policy allowed.
 */
bool bpfseal_record_is_verified_loader(const struct bpfseal_record *rec)
{
	return rec && READ_ONCE(rec->ev.action) == BPFSEAL_ACTION_ALLOW &&
	       (rec->ev.verdict == BPFSEAL_VERDICT_OK ||
		rec->ev.verdict == BPFSEAL_VERDICT_PARTIALSIG) &&
	       !rec->ev.loader_id;
}

static bool still_sealed(const struct bpfseal_record *rec,
			 const struct bpf_prog *prog)
{
	u8 digest[BPFSEAL_SHA256_SIZE];
	unsigned int i;

	for (i = 0; i < rec->nr_sealed; i++) {
		if (bpfseal_map_check_sealed(rec->sealed[i].map) ||
		    !bpfseal_map_is_exclusive_to(rec->sealed[i].map, prog) ||
		    bpfseal_map_hash(rec->sealed[i].map, digest) ||
		    memcmp(digest, rec->sealed[i].hash, sizeof(digest)))
			return false;
	}
	return true;
}

/**
 * bpfseal_run_check - G0 for BPF_PROG_RUN from userspace
 * @attr: the syscall's attributes
 *
 * The fd is resolved once, here; the mark this leaves only takes effect if
 * the kernel then runs that same object (mark.c).
 *
 * Return: 0, -EPERM when a verified loader's signed maps changed since its
 * load (enforce mode), -ENOMEM when its mark cannot be made.
 */
int bpfseal_run_check(const union bpf_attr *attr)
{
	struct bpfseal_record *rec;
	struct bpf_prog *prog;
	unsigned int mode = bpfseal_mode();

	if (mode == BPFSEAL_MODE_OFF)
		return bpfseal_mark_expect(NULL);
	prog = bpf_prog_get_type_dev(attr->test.prog_fd, BPF_PROG_TYPE_SYSCALL,
				     false);
	if (IS_ERR(prog))
		return bpfseal_mark_expect(NULL);
	rec = bpfseal_record_find(prog);
	if (!bpfseal_record_is_verified_loader(rec)) {
		bpf_prog_put(prog);
		return bpfseal_mark_expect(NULL);
	}
	if (!still_sealed(rec, prog)) {
		bpf_prog_put(prog);
		bpfseal_mark_expect(NULL);
		return mode == BPFSEAL_MODE_ENFORCE ? -EPERM : 0;
	}
	return bpfseal_mark_expect(prog);	/* takes our reference */
}

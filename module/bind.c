// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - G2 bind: lsm.s/bpf_prog, whenever a program gets an fd (its
 * first, at the end of its load; by id; from a pin). It decides by the
 * program, never by the task asking:
 *
 *  - bpfseal's own shims: no fd for anyone (-ENOENT, as if they did not
 *    exist, so that tools listing programs by id skip them);
 *  - a program loaded while bpfseal was armed has a record, or the gate
 *    refused it before it got an id; one without a record is refused to
 *    everyone, every time (enforce mode);
 *  - the maps the verifier bound must include the very map objects G0
 *    hashed, still sealed: the verifier reads fd_array again after G0, and
 *    a map swapped in between is caught here;
 *  - a program a verified loader created must bind only maps that loader
 *    created in the same run (mark.c lists them): the loader names them by
 *    fd numbers in the caller's fd table, where another thread could have
 *    dup2()ed a map of its own over one. Checked once, at the program's
 *    first fd in the loading thread (inside the run); until then nobody
 *    else gets an fd for it.
 * A finding sticks: once refused, always refused.
 */

#include <linux/bpf.h>
#include <linux/mutex.h>

#include <bpfseal/policy.h>
#include <bpfseal/verdict.h>

#include "bpfseal.h"
#include "mark.h"
#include "subject.h"
#include "state.h"

static bool bound(const struct bpf_prog *prog, const struct bpf_map *map)
{
	u32 i;

	for (i = 0; i < prog->aux->used_map_cnt; i++)
		if (prog->aux->used_maps[i] == map)
			return true;
	return false;
}

static bool maps_still_bound(const struct bpf_prog *prog,
			     const struct bpfseal_record *rec)
{
	bool ok = true;
	unsigned int i;

	mutex_lock(&prog->aux->used_maps_mutex);
	for (i = 0; i < rec->nr_sealed && ok; i++)
		ok = bound(prog, rec->sealed[i].map) &&
		     !bpfseal_map_check_sealed(rec->sealed[i].map) &&
		     bpfseal_map_is_exclusive_to(rec->sealed[i].map, prog);
	mutex_unlock(&prog->aux->used_maps_mutex);
	return ok;
}

/* Whether every map @prog binds was created by the loader running now. */
static bool maps_made_by_loader(const struct bpf_prog *prog)
{
	bool ok = true;
	u32 i;

	mutex_lock(&prog->aux->used_maps_mutex);
	for (i = 0; i < prog->aux->used_map_cnt && ok; i++)
		ok = bpfseal_mark_made_by_loader(prog->aux->used_maps[i]);
	mutex_unlock(&prog->aux->used_maps_mutex);
	return ok;
}

/* A finding against what was verified: recorded whatever the mode. */
static int not_as_verified(struct bpfseal_record *rec, unsigned int mode)
{
	/* the run check and attribution never trust it again */
	rec->ev.verdict = BPFSEAL_VERDICT_UNEXPECTED;
	if (mode == BPFSEAL_MODE_ENFORCE) {
		WRITE_ONCE(rec->ev.action, BPFSEAL_ACTION_DENY);
		return -EPERM;
	}
	WRITE_ONCE(rec->ev.action, BPFSEAL_ACTION_AUDIT);
	return 0;
}

/**
 * bpfseal_bind_prog - G2 for one program
 * @prog: the program an fd is being made for
 *
 * Return: 0, -EPERM, or -ENOENT for bpfseal's own programs.
 */
int bpfseal_bind_prog(struct bpf_prog *prog)
{
	struct bpfseal_record *rec;
	unsigned int mode;
	int err = 0;

	if (bpfseal_prog_is_own(prog))
		return -ENOENT;
	mode = bpfseal_mode();
	rec = bpfseal_record_find(prog);
	if (!rec) {
		/* loaded before arming, or while the mode was off */
		if (!bpfseal_loaded_while_armed(prog))
			return 0;
		return mode == BPFSEAL_MODE_ENFORCE ? -EPERM : 0;
	}
	/* pairs with the release below: a checked finding is seen with it */
	if (rec->ev.loader_id && !smp_load_acquire(&rec->maps_made_checked)) {
		if (!bpfseal_subject_is_current(rec->ev.subj))
			return -ENOENT;	/* not its loader's yet */
		if (!maps_made_by_loader(prog))
			not_as_verified(rec, mode);
		/* its finding is in the record before anyone sees it checked */
		smp_store_release(&rec->maps_made_checked, true);
	}
	if (READ_ONCE(rec->ev.action) == BPFSEAL_ACTION_DENY)
		err = -EPERM;
	else if (!maps_still_bound(prog, rec))
		err = not_as_verified(rec, mode);
	WRITE_ONCE(rec->id, prog->aux->id);
	/*
	 * The loading thread's own first fd, at the end of its load: the
	 * outcome, in that load's audit context. Anyone else who opens the
	 * program by id before that writes nothing; a program that never
	 * reaches the loader's fd is recorded when it is freed.
	 */
	if (bpfseal_subject_is_current(rec->ev.subj) &&
	    xchg(&rec->audit_pending, false))
		bpfseal_audit_load(&rec->ev, prog, !err, true);
	return err;
}

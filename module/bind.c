// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - G2 bind: lsm.s/bpf_prog, after the verifier, when the program
 * gets its first fd. The maps the verifier bound must include the very map
 * objects G0 hashed, still frozen: the verifier reads fd_array again after
 * G0, and a map swapped in between is caught here.
 */

#include <linux/bpf.h>
#include <linux/mutex.h>

#include <bpfseal/policy.h>
#include <bpfseal/verdict.h>

#include "bpfseal.h"

static bool bound(const struct bpf_prog *prog, const struct bpf_map *map)
{
	u32 i;

	for (i = 0; i < prog->aux->used_map_cnt; i++)
		if (prog->aux->used_maps[i] == map)
			return true;
	return false;
}

/**
 * bpfseal_bind_prog - G2 for one program
 * @prog: the verified program
 *
 * Also called for programs that already have fds (BPF_PROG_GET_FD_BY_ID,
 * pinned objects): the check holds the same for them.
 *
 * Return: 0 or -EPERM.
 */
int bpfseal_bind_prog(struct bpf_prog *prog)
{
	struct bpfseal_record *rec = bpfseal_record_find(prog);
	unsigned int i;
	int err = 0;

	if (!rec)
		return 0;	/* loaded before bpfseal was armed, or mode off */
	mutex_lock(&prog->aux->used_maps_mutex);
	for (i = 0; i < rec->nr_sealed; i++) {
		if (!bound(prog, rec->sealed[i].map) ||
		    bpfseal_map_sealed(rec->sealed[i].map)) {
			err = -EPERM;
			break;
		}
	}
	mutex_unlock(&prog->aux->used_maps_mutex);
	if (err && bpfseal_mode() != BPFSEAL_MODE_ENFORCE)
		err = 0;
	if (err) {
		rec->ev.verdict = BPFSEAL_VERDICT_UNEXPECTED;
		rec->ev.action = BPFSEAL_ACTION_DENY;
	}
	WRITE_ONCE(rec->id, prog->aux->id);
	/* first fd of a new program: its outcome */
	if (xchg(&rec->audit_pending, false))
		bpfseal_audit_load(&rec->ev, prog, !err, true);
	return err;
}

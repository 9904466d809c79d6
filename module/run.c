// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - run check: when a task asks to run a loader bpfseal verified,
 * its signed maps are hashed again (refused if they changed), and the
 * shim marks the task so the programs the loader creates are attributed
 * to it.
 */

#include <linux/bpf.h>

#include <bpfseal/policy.h>
#include <bpfseal/verdict.h>

#include "bpfseal.h"

static bool still_sealed(const struct bpfseal_record *rec)
{
	u8 digest[BPFSEAL_SHA256_SIZE];
	unsigned int i;

	for (i = 0; i < rec->nr_sealed; i++) {
		if (bpfseal_map_sealed(rec->sealed[i].map) ||
		    bpfseal_map_hash(rec->sealed[i].map, digest) ||
		    memcmp(digest, rec->sealed[i].hash, sizeof(digest)))
			return false;
	}
	return true;
}

/**
 * bpfseal_run_check - G0 for BPF_PROG_RUN
 * @attr: the syscall's attributes
 *
 * Return: (verdict << 32 | program id) when the program is a loader whose
 * signature bpfseal verified (OK or PARTIALSIG) and whose load the policy
 * allowed, 0 for any other program,
 * -EPERM when a verified loader's signed maps changed since its load (in
 * enforce mode).
 */
s64 bpfseal_run_check(const union bpf_attr *attr)
{
	struct bpfseal_record *rec;
	struct bpf_prog *prog;
	s64 ret = 0;

	if (bpfseal_mode() == BPFSEAL_MODE_OFF)
		return 0;
	prog = bpf_prog_get_type_dev(attr->test.prog_fd, BPF_PROG_TYPE_SYSCALL,
				     false);
	if (IS_ERR(prog))
		return 0;
	rec = bpfseal_record_find(prog);
	/*
	 * Only a loader the policy allowed: one let through in permissive
	 * mode (action audit) gives its programs nothing.
	 */
	if (rec && rec->ev.action == BPFSEAL_ACTION_ALLOW &&
	    (rec->ev.verdict == BPFSEAL_VERDICT_OK ||
	     rec->ev.verdict == BPFSEAL_VERDICT_PARTIALSIG) &&
	    !rec->ev.loader_id) {
		if (still_sealed(rec))
			ret = (s64)rec->ev.verdict << 32 | prog->aux->id;
		else if (bpfseal_mode() == BPFSEAL_MODE_ENFORCE)
			ret = -EPERM;
	}
	bpf_prog_put(prog);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - G2 bind: lsm.s/bpf_prog, after the verifier, when the program
 * gets its first fd. The maps the verifier bound must include the very map
 * objects G0 hashed, still frozen: the verifier reads fd_array again after
 * G0, and a map swapped in between is caught here.
 */

#include <linux/bpf.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <crypto/sha2.h>

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

/*
 * Whether the verified program's instructions are the ones G0 verified:
 * the kernel keeps prog->digest, the SHA-256 of the instructions as loaded
 * with the map fds of ld_imm64 zeroed (bpf_prog_calc_tag()), computed
 * before the verifier rewrites anything. Same here over G0's copy.
 */
static bool digest_matches(const struct bpfseal_ticket *t,
			   const struct bpf_prog *prog)
{
	size_t len = (size_t)t->insn_cnt * sizeof(struct bpf_insn);
	u8 digest[SHA256_DIGEST_SIZE];
	struct bpf_insn *dst;
	bool was_ld_map = false;
	u32 i;

	dst = kvmemdup(t->insns, len, GFP_KERNEL);
	if (!dst)
		return false;
	for (i = 0; i < t->insn_cnt; i++) {
		if (!was_ld_map && dst[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    (dst[i].src_reg == BPF_PSEUDO_MAP_FD ||
		     dst[i].src_reg == BPF_PSEUDO_MAP_VALUE)) {
			was_ld_map = true;
			dst[i].imm = 0;
		} else if (was_ld_map && !dst[i].code && !dst[i].dst_reg &&
			   !dst[i].src_reg && !dst[i].off) {
			was_ld_map = false;
			dst[i].imm = 0;
		} else {
			was_ld_map = false;
		}
	}
	sha256((u8 *)dst, len, digest);
	kvfree(dst);
	return !memcmp(digest, prog->digest, sizeof(digest));
}

/*
 * The gate did not run for this load: the kernel skips a tracing program
 * (fmod_ret) that re-enters on the same CPU, which happens when a task in
 * the gate is preempted and another task on that CPU loads a program. The
 * program has no record and its task still holds the ticket G0 made for
 * it. Decide here instead, with the same policy; the instructions are
 * compared through the kernel's digest of them.
 *
 * Return: the program's record, NULL with *err set when refused.
 */
static struct bpfseal_record *gate_skipped(struct bpf_prog *prog,
					   struct bpfseal_ticket *t, int *err)
{
	unsigned int mode = bpfseal_mode();

	*err = 0;
	if (mode == BPFSEAL_MODE_OFF) {
		bpfseal_ticket_free(t);
		return NULL;
	}
	if (!t->rec)
		t->verdict = BPFSEAL_VERDICT_FAULT;
	bpfseal_decide(t, digest_matches(t, prog), mode);
	if (!t->rec || t->ev.action == BPFSEAL_ACTION_DENY) {
		/* no record to publish: refused, or audited in permissive */
		bool refuse = t->ev.action == BPFSEAL_ACTION_DENY ||
			      mode == BPFSEAL_MODE_ENFORCE;

		t->ev.action = refuse ? BPFSEAL_ACTION_DENY :
					BPFSEAL_ACTION_AUDIT;
		bpfseal_audit_load(&t->ev, prog, !refuse, true);
		bpfseal_ticket_free(t);
		*err = refuse ? -EPERM : 0;
		return NULL;
	}
	bpfseal_publish(t, prog);
	bpfseal_ticket_free(t);
	return bpfseal_record_find(prog);
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

	if (!rec) {
		struct bpfseal_ticket *t;

		t = bpfseal_ticket_take_current(prog->aux->load_time);
		if (!t)
			return 0; /* loaded before bpfseal was armed, or mode off */
		rec = gate_skipped(prog, t, &err);
		if (!rec)
			return err;
	}
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

// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - G1 gate: the BPF LSM's bpf_prog_load callback (lsm.s), which
 * the kernel calls before the verifier and before the program has an id,
 * and never skips. Takes the ticket G0 left, checks the kernel's copy of
 * the instructions is the one G0 saw, decides (bpfseal_decide(), which
 * asks the one evaluator, bpfseal_ruleset_eval()), and publishes the
 * program's record. A refusal is audited here; a load let through is
 * audited when its outcome is known.
 */

#include <linux/bpf.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <crypto/sha2.h>

#include <bpfseal/digest.h>
#include <bpfseal/policy.h>
#include <bpfseal/rules.h>
#include <bpfseal/verdict.h>

#include "bpfseal.h"
#include "ruleset.h"
#include "subject.h"

/* Compared in chunks, with a chance to reschedule (up to 8 MiB). */
#define SAME_INSNS_CHUNK 4096

static bool same_insns(const struct bpfseal_ticket *t,
		       const struct bpf_prog *prog)
{
	size_t len = (size_t)prog->len * sizeof(struct bpf_insn), off, n;
	const u8 *a = (const u8 *)t->insns, *b = (const u8 *)prog->insnsi;

	if (t->insn_cnt != prog->len)
		return false;
	for (off = 0; off < len; off += n) {
		n = min_t(size_t, len - off, SAME_INSNS_CHUNK);
		if (memcmp(a + off, b + off, n))
			return false;
		cond_resched();
	}
	return true;
}

/* Instructions masked and hashed at a time, from a copy on the stack. */
#define DIGEST_CHUNK 32

/*
 * The digest of the kernel's copy of the instructions (digest.h): the
 * program the verifier will see, since the gate runs after the copy.
 */
static void digest_insns(const struct bpf_prog *prog, u8 *out)
{
	struct bpf_insn chunk[DIGEST_CHUNK];
	struct sha256_ctx ctx;
	bool second = false;
	u32 i, n;

	sha256_init(&ctx);
	for (i = 0; i < prog->len; i += n) {
		n = min_t(u32, prog->len - i, DIGEST_CHUNK);
		memcpy(chunk, prog->insnsi + i, n * sizeof(*chunk));
		bpfseal_insn_mask(chunk, n, &second);
		sha256_update(&ctx, (const u8 *)chunk, n * sizeof(*chunk));
		if (!(i % SAME_INSNS_CHUNK))
			cond_resched();
	}
	sha256_final(&ctx, out);
}

/* Where the program comes from, as the policy's origin= sees it. */
static int origin_of(const struct bpfseal_ticket *t, int verdict)
{
	/*
	 * Made by a verified loader, with no signature of its own: its
	 * instructions came from the loader's sealed maps (prepare.c).
	 */
	if (t->loader_id && verdict == BPFSEAL_VERDICT_UNSIGNED)
		return BPFSEAL_ORIGIN_LOADER;
	return t->kernel ? BPFSEAL_ORIGIN_KERNEL : BPFSEAL_ORIGIN_USER;
}

/* What the policy sees of a load: the event and its subject. */
static void rule_ctx(const struct bpfseal_event *ev, struct bpfseal_rule_ctx *c)
{
	const struct bpfseal_subject *s = ev->subj;

	c->verdict = ev->verdict;
	c->scheme = ev->scheme;
	c->keyring = ev->keyring;
	c->signer = ev->skid_len ? ev->skid : NULL;
	c->signer_len = ev->skid_len;
	c->origin = ev->origin;
	c->prog_type = ev->prog_type;
	c->attach_type = ev->attach_type;
	c->digest = ev->has_digest ? ev->digest : NULL;
	c->uid = (u32)-1;	/* not a uid (rules.h refuses it in uid=) */
	if (!s)
		return;
	c->pid1 = s->pid1;
	if (s->exe && s->exe_is_pid1_view) {
		c->exe = s->exe;
		c->exe_len = strlen(s->exe);
	}
	c->uid = s->euid;
	if (s->cgroup) {
		c->cgroup = s->cgroup;
		c->cgroup_len = strlen(s->cgroup);
	}
}

/**
 * bpfseal_decide - the verdict and action of a load that has a ticket
 * @t: the ticket; its event gets the decision
 * @prog: the program, with the kernel's copy of the instructions
 * @same: whether the kernel's instructions are the ones G0 verified
 * @mode: the mode now
 *
 * Builds what the policy sees of the load and asks the one evaluator
 * (bpfseal_ruleset_eval()). A program a verified loader made is evaluated
 * with the loader's verdict, scheme, keyring and signer, and origin=loader;
 * its record says the same.
 */
void bpfseal_decide(struct bpfseal_ticket *t, const struct bpf_prog *prog,
		    bool same, unsigned int mode)
{
	struct bpfseal_event *ev = &t->ev;
	struct bpfseal_rule_ctx c = {};
	int action;

	ev->verdict = same ? t->verdict : BPFSEAL_VERDICT_UNEXPECTED;
	ev->origin = origin_of(t, ev->verdict);
	if (ev->origin == BPFSEAL_ORIGIN_LOADER) {
		ev->loader_id = t->loader_id;
		ev->verdict = t->loader.verdict;
		ev->scheme = t->loader.scheme;
		ev->keyring = t->loader.keyring;
		ev->skid_len = t->loader.skid_len;
		memcpy(ev->skid, t->loader.skid, sizeof(ev->skid));
	}
	digest_insns(prog, ev->digest);
	ev->has_digest = true;
	ev->enforcing = mode == BPFSEAL_MODE_ENFORCE;
	rule_ctx(ev, &c);
	action = bpfseal_ruleset_eval(&c, ev);
	if (action == BPFSEAL_RULE_ALLOW)
		ev->action = BPFSEAL_ACTION_ALLOW;
	else if (action == BPFSEAL_RULE_AUDIT ||
		 mode == BPFSEAL_MODE_PERMISSIVE)
		ev->action = BPFSEAL_ACTION_AUDIT;
	else
		ev->action = BPFSEAL_ACTION_DENY;
}

/**
 * bpfseal_gate_load - G1 for one BPF_PROG_LOAD
 * @prog: the program being loaded (instructions copied in, not verified)
 * @attr: the same attr pointer G0 saw
 * @kernel: whether the load comes from the kernel
 *
 * A load G0 left no ticket for is prepared here (the kernel has checked
 * the caller's privilege by now). Every load let through leaves a record
 * (bind.c refuses fds for programs loaded while armed that have none); if
 * that record cannot be allocated, the load is refused in every mode but
 * off.
 *
 * Return: 0 to let the load go on, or a negative errno.
 */
int bpfseal_gate_load(struct bpf_prog *prog, const union bpf_attr *attr,
		      bool kernel)
{
	struct bpfseal_ticket *t = bpfseal_ticket_take(attr);
	unsigned int mode = bpfseal_mode();

	if (mode == BPFSEAL_MODE_OFF) {
		bpfseal_ticket_free(t);
		return 0;
	}
	if (!t)
		t = bpfseal_prepare_at_gate(prog, attr, kernel);
	if (!t)
		return -ENOMEM;
	/* no copy (insn_cnt 0), nothing verified: its FAULT stands */
	bpfseal_decide(t, prog, !t->insn_cnt || same_insns(t, prog), mode);
	if (!t->rec)
		t->ev.action = BPFSEAL_ACTION_DENY;	/* nowhere to record it */
	if (t->ev.action == BPFSEAL_ACTION_DENY) {
		int err = t->rec ? -EPERM : -ENOMEM;

		if (t->rec)
			bpfseal_ruleset_note_refused(&t->ev);

		bpfseal_audit_load(&t->ev, prog, 0, true);
		bpfseal_ticket_free(t);
		return err;
	}
	bpfseal_publish(t, prog);
	bpfseal_ticket_free(t);
	return 0;
}

/**
 * bpfseal_publish - put the program's record in the verdict table
 * @t: its ticket, which gives up its record
 * @prog: the program
 */
void bpfseal_publish(struct bpfseal_ticket *t, struct bpf_prog *prog)
{
	struct bpfseal_record *rec = t->rec;

	t->rec = NULL;
	rec->prog = prog;
	rec->ev = t->ev;
	bpfseal_subject_get(rec->ev.subj);
	rec->audit_pending = true;
	bpfseal_record_insert(rec);
}

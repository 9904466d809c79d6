// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - audit: one AUDIT_KERNEL_OTHER record per BPF_PROG_LOAD that
 * reached bpfseal, written when its outcome is known:
 *
 *   refused by the gate                  at the gate            res=0
 *   let through, program got its fd      at G2                  res=1
 *   let through, refused later on        when freed (no G2)     res=0
 *   refused by the kernel before the     when its ticket is     res=0,
 *   gate (its own signature check)       dropped                decision=aborted
 *
 * and one record per policy change, or refused change (op=bpfseal-policy).
 *
 * Every record names the subject captured when the load began (subject.c),
 * whoever writes it. A record written by the loading thread during the
 * load's own syscall carries that syscall's audit context (the kernel joins
 * it to the syscall's event); any other (a program freed later, from an RCU
 * callback; a load the kernel refused before the gate, found afterwards)
 * carries none: never the context of a task that merely happened to be
 * running.
 */

#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/nospec.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <crypto/sha2.h>

#include <bpfseal/policy.h>
#include <bpfseal/rules.h>
#include <bpfseal/verdict.h>

#include "bpfseal.h"
#include "ruleset.h"
#include "subject.h"

/* The keyring, scheme and action names used in records. */
static const char *const keyring_names[] = {
	[BPFSEAL_KEYRING_BPFSEAL] = "bpfseal",
	[BPFSEAL_KEYRING_BUILTIN] = "builtin",
	[BPFSEAL_KEYRING_SECONDARY] = "secondary",
	[BPFSEAL_KEYRING_PLATFORM] = "platform",
};

static const char *const scheme_names[] = {
	[BPFSEAL_SCHEME_NONE] = "none",
	[BPFSEAL_SCHEME_HORNET] = "hornet",
	[BPFSEAL_SCHEME_UPSTREAM] = "upstream",
	[BPFSEAL_SCHEME_UPSTREAM_MAPS] = "upstream+maps",
};

static const char *const action_names[] = {
	/*
	 * Audited as decision=: auparse (ausearch -i) reads any "action"
	 * field as a netfilter verdict and would show these as
	 * unknown-action(VALUE); it leaves "decision" as it is.
	 */
	[BPFSEAL_ACTION_NONE] = "aborted",
	[BPFSEAL_ACTION_ALLOW] = "allow",
	[BPFSEAL_ACTION_DENY] = "deny",
	[BPFSEAL_ACTION_AUDIT] = "audit",
};

static atomic_long_t verdict_count[BPFSEAL_VERDICT_MAX + 1];
static atomic_long_t action_count[BPFSEAL_ACTION_COUNT];
/* Values that were out of range where they were used as an index. */
static atomic_long_t invalid_count;

/**
 * bpfseal_build_checks - tie the name tables to the enums that index them
 *
 * Compile-time only, in the style of Landlock's build_check_*().
 */
void bpfseal_build_checks(void)
{
	BUILD_BUG_ON(ARRAY_SIZE(action_names) != BPFSEAL_ACTION_COUNT);
	BUILD_BUG_ON(ARRAY_SIZE(scheme_names) != BPFSEAL_SCHEME_COUNT);
	BUILD_BUG_ON(ARRAY_SIZE(keyring_names) != BPFSEAL_KEYRING_PLATFORM + 1);
	BUILD_BUG_ON(ARRAY_SIZE(verdict_count) != BPFSEAL_VERDICT_MAX + 1);
	BUILD_BUG_ON(BPFSEAL_MAX_MAP_INDEX > U8_MAX);
	BUILD_BUG_ON(BPFSEAL_SHA256_SIZE != SHA256_DIGEST_SIZE);
	bpfseal_build_check_rules();
}

static bool verdict_valid(int verdict)
{
	return verdict >= 0 && verdict <= BPFSEAL_VERDICT_MAX;
}

static bool action_valid(int action)
{
	return action >= 0 && action < BPFSEAL_ACTION_COUNT;
}

/**
 * bpfseal_verdict_count - how many records carried a verdict
 * @verdict: enum bpfseal_verdict
 *
 * Return: the count, 0 for a value out of range.
 */
unsigned long bpfseal_verdict_count(int verdict)
{
	if (!verdict_valid(verdict))
		return 0;
	verdict = array_index_nospec(verdict, BPFSEAL_VERDICT_MAX + 1);
	return atomic_long_read(&verdict_count[verdict]);
}

/**
 * bpfseal_action_count - how many records carried an action
 * @action: enum bpfseal_action
 *
 * Return: the count, 0 for a value out of range.
 */
unsigned long bpfseal_action_count(int action)
{
	if (!action_valid(action))
		return 0;
	action = array_index_nospec(action, BPFSEAL_ACTION_COUNT);
	return atomic_long_read(&action_count[action]);
}

/**
 * bpfseal_invalid_count - values found out of range where they were used
 *
 * Return: the count; anything but 0 is a bug in bpfseal.
 */
unsigned long bpfseal_invalid_count(void)
{
	return atomic_long_read(&invalid_count);
}

/**
 * bpfseal_action_name - the name of an action in records
 * @action: enum bpfseal_action
 *
 * Return: its name, "invalid" for a value out of range.
 */
const char *bpfseal_action_name(int action)
{
	return action_valid(action) ? action_names[action] : "invalid";
}

/**
 * bpfseal_scheme_name - the name of a signature scheme in records
 * @scheme: enum bpfseal_scheme
 *
 * Return: its name, "invalid" for a value out of range.
 */
const char *bpfseal_scheme_name(int scheme)
{
	if (scheme < 0 || scheme >= BPFSEAL_SCHEME_COUNT)
		return "invalid";
	return scheme_names[scheme];
}

/**
 * bpfseal_keyring_name - the name of a trusted keyring in records
 * @ring: enum bpfseal_keyring, or -1 for none
 *
 * Return: its name, "none" for -1, "invalid" for a value out of range.
 */
const char *bpfseal_keyring_name(int ring)
{
	if (ring == -1)
		return "none";
	if (ring < 0 || ring > BPFSEAL_KEYRING_PLATFORM)
		return "invalid";
	return keyring_names[ring];
}

/* A record of a change to bpfseal itself, made by the current task. */
static struct audit_buffer *state_record_start(void)
{
	if (!audit_enabled)
		return NULL;
	return audit_log_start(audit_context(), GFP_KERNEL, AUDIT_KERNEL_OTHER);
}

static void state_record_end(struct audit_buffer *ab, int res)
{
	audit_log_task_info(ab);
	audit_log_format(ab, " res=%d", res);
	audit_log_end(ab);
}

/**
 * bpfseal_audit_config - record a change of bpfseal's own state
 * @op: what changed (mode, lock, arm, disarm)
 * @key: a field name
 * @val: its value
 * @key2: a second field name, or NULL
 * @val2: its value
 */
void bpfseal_audit_config(const char *op, const char *key, const char *val,
			  const char *key2, const char *val2)
{
	struct audit_buffer *ab = state_record_start();

	if (!ab)
		return;
	audit_log_format(ab, "op=bpfseal-%s %s=%s", op, key, val);
	if (key2)
		audit_log_format(ab, " %s=%s", key2, val2);
	state_record_end(ab, 1);
}

/*
 * Audit's rule for strings a user controls: quoted when it is plain
 * printable text without a quote, otherwise the whole value in hex.
 */
static void log_untrusted(struct audit_buffer *ab, const char *key,
			  const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '"' || s[i] < 0x21 || s[i] > 0x7e)
			break;
	if (i == len) {
		audit_log_format(ab, " %s=\"%.*s\"", key, (int)len, s);
		return;
	}
	audit_log_format(ab, " %s=", key);
	for (i = 0; i < len; i++)
		audit_log_format(ab, "%02X", (unsigned char)s[i]);
}

static void log_hex(struct audit_buffer *ab, const char *key, const u8 *p,
		    size_t len)
{
	audit_log_format(ab, " %s=", key);
	if (!len)
		audit_log_format(ab, "?");
	else
		audit_log_format(ab, "%*phN", (int)len, p);
}

/**
 * bpfseal_audit_key - record a key offered to the .bpfseal keyring
 * @type: the key type's name
 * @skid: the certificate's subject key identifier, or NULL
 * @len: its length
 * @added: whether the keyring took it
 */
void bpfseal_audit_key(const char *type, const u8 *skid, size_t len,
		       bool added)
{
	struct audit_buffer *ab = state_record_start();

	if (!ab)
		return;
	audit_log_format(ab, "op=bpfseal-key keyring=bpfseal key_type=%s", type);
	log_hex(ab, "skid", skid, skid ? len : 0);
	state_record_end(ab, added);
}

/* A policy's name, version and SHA-256, as "PREFIX_name=..." fields. */
static void log_policy(struct audit_buffer *ab, const char *prefix,
		       const struct bpfseal_rules *p, const u8 *sha)
{
	if (!p) {
		audit_log_format(ab, " %s_name=? %s_version=? %s_sha256=?",
				 prefix, prefix, prefix);
		return;
	}
	/* policy names are letters, digits, '_', '-' and '.' (rules.h) */
	audit_log_format(ab, " %s_name=%s %s_version=%u.%u.%u", prefix,
			 p->name, prefix, p->version[0], p->version[1],
			 p->version[2]);
	log_hex(ab, prefix[0] == 'o' ? "old_sha256" : "new_sha256", sha,
		SHA256_DIGEST_SIZE);
}

/**
 * bpfseal_audit_policy - record a policy change, or a refused one
 * @old: the policy active before, or NULL
 * @old_sha: its SHA-256
 * @new: the policy written
 * @new_sha: its SHA-256
 * @err: 0 when @new became active, else why not (a negative errno)
 */
void bpfseal_audit_policy(const struct bpfseal_rules *old, const u8 *old_sha,
			  const struct bpfseal_rules *new, const u8 *new_sha,
			  int err)
{
	struct audit_buffer *ab = state_record_start();

	if (!ab)
		return;
	audit_log_format(ab, "op=bpfseal-policy");
	log_policy(ab, "old", old, old_sha);
	log_policy(ab, "new", new, new_sha);
	audit_log_format(ab, " rules=%u errno=%d", new->nr_rules, -err);
	state_record_end(ab, !err);
}

/* A name from a table, or the number when the table has none for it. */
static void log_name(struct audit_buffer *ab, const char *key,
		     const struct bpfseal_rule_name *names, u32 value)
{
	const char *name = bpfseal_rule_name_of(names, value);

	if (name)
		audit_log_format(ab, " %s=%s", key, name);
	else
		audit_log_format(ab, " %s=%u", key, value);
}

static void log_subject(struct audit_buffer *ab,
			const struct bpfseal_subject *s)
{
	if (!s) {
		audit_log_format(ab, " pid=?");
		return;
	}
	audit_log_format(ab,
			 " ppid=%d pid=%d auid=%u uid=%u gid=%u euid=%u ses=%u",
			 s->ppid, s->pid, s->auid, s->uid, s->gid, s->euid,
			 s->ses);
	log_untrusted(ab, "comm", s->comm, strnlen(s->comm, sizeof(s->comm)));
	if (s->exe)
		log_untrusted(ab, "exe", s->exe, strlen(s->exe));
	else
		audit_log_format(ab, " exe=(null)");
	audit_log_format(ab, " exe_pid1_view=%d pid1=%d", s->exe_is_pid1_view,
			 s->pid1);
	if (s->cgroup)
		log_untrusted(ab, "cgroup", s->cgroup, strlen(s->cgroup));
	else
		audit_log_format(ab, " cgroup=?");
	if (s->ctx)
		audit_log_format(ab, " subj=%s", s->ctx);
}

/**
 * bpfseal_audit_load - write the record of one load
 * @e: what to say, and about whom (@e->subj)
 * @prog: the program (name, type, tag when the verifier computed it)
 * @res: 1 when the program was loaded, 0 when not
 * @in_load: whether this runs in the loading thread, in the syscall of the
 *	load itself: only then does the record join current's audit context
 */
void bpfseal_audit_load(const struct bpfseal_event *e,
			const struct bpf_prog *prog, int res, bool in_load)
{
	struct audit_buffer *ab;
	const char *name = prog ? prog->aux->name : e->name;

	if (verdict_valid(e->verdict) && action_valid(e->action)) {
		int v = array_index_nospec(e->verdict, BPFSEAL_VERDICT_MAX + 1);
		int a = array_index_nospec(e->action, BPFSEAL_ACTION_COUNT);

		atomic_long_inc(&verdict_count[v]);
		atomic_long_inc(&action_count[a]);
	} else {
		atomic_long_inc(&invalid_count);
	}
	if (!audit_enabled)
		return;
	ab = audit_log_start(in_load ? audit_context() : NULL, GFP_ATOMIC,
			     AUDIT_KERNEL_OTHER);
	if (!ab)
		return;
	audit_log_format(ab, "op=bpfseal-load verdict=%s decision=%s enforcing=%d",
			 bpfseal_verdict_name(e->verdict),
			 bpfseal_action_name(e->action), !!e->enforcing);
	if (e->rule == BPFSEAL_RULE_DEFAULT)
		audit_log_format(ab, " rule=default");
	else if (e->rule == BPFSEAL_RULE_NONE)
		audit_log_format(ab, " rule=?");
	else
		audit_log_format(ab, " rule=%d", e->rule);
	/* policy names are letters, digits, '_', '-' and '.' (rules.h) */
	if (e->policy[0])
		audit_log_format(ab, " policy=\"%s\"", e->policy);
	else
		audit_log_format(ab, " policy=?");
	log_untrusted(ab, "prog_name", name, strnlen(name, BPF_OBJ_NAME_LEN));
	log_name(ab, "prog_type", bpfseal_rule_prog_types, e->prog_type);
	log_name(ab, "attach_type", bpfseal_rule_attach_types, e->attach_type);
	if (prog && res)
		log_hex(ab, "prog_tag", prog->tag, sizeof(prog->tag));
	else
		audit_log_format(ab, " prog_tag=?");
	audit_log_format(ab, " insn_cnt=%u", e->insn_cnt);
	log_hex(ab, "digest", e->digest, e->has_digest ? sizeof(e->digest) : 0);
	audit_log_format(ab, " origin=%s scheme=%s keyring=%s",
			 bpfseal_rule_name_of(bpfseal_rule_origins, e->origin) ?: "?",
			 bpfseal_scheme_name(e->scheme),
			 bpfseal_keyring_name(e->keyring));
	log_hex(ab, "signer_skid", e->skid, e->skid_len);
	audit_log_format(ab, " maps=%u kernel=%d loader=%u", e->nr_maps,
			 !!e->kernel, e->loader_id);
	log_subject(ab, e->subj);
	audit_log_format(ab, " res=%d", res);
	audit_log_end(ab);
}

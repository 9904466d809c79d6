// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - the active rule policy.
 *
 * One policy is active at any time, from module init to exit: the one the
 * module parameters make (allow=, kernel_loads=; shown in the admin guide)
 * until an administrator writes another to securityfs "policy". A policy
 * is parsed whole by the shared parser (include/bpfseal/rules.h) before it
 * can replace the active one: a policy with an error is refused whole and
 * the active one stays. Replacement is one pointer swap (RCU): a decision
 * sees the old policy or the new one, never a mix, and the old one is
 * freed only after every decision that could see it has ended.
 *
 * Writers: only bpfseal_ruleset_replace(), called by the state machine
 * under its mutex (state.c), which refuses when locked; so replacements
 * are serialized and none happens once locked.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <crypto/sha2.h>

#include <bpfseal/policy.h>
#include <bpfseal/rules.h>

#include "bpfseal.h"
#include "ruleset.h"
#include "subject.h"

/**
 * struct bpfseal_ruleset - a parsed policy and what goes with it
 * @p: the parsed policy (its text is @text)
 * @text: the policy as written, NUL-terminated
 * @norm: the policy normalized (bpfseal_rules_format()), as read back
 * @norm_len: its length
 * @sha256: SHA-256 of @text (what `sha256sum` gives for the file written)
 * @hits: decisions per rule: [i] for rule i, [nr_rules] for the DEFAULT
 */
struct bpfseal_ruleset {
	struct bpfseal_rules p;
	char *text;
	char *norm;
	u32 norm_len;
	u8 sha256[SHA256_DIGEST_SIZE];
	atomic_long_t *hits;
};

static struct bpfseal_ruleset __rcu *active;

/* Refusals of a load from PID 1 or systemd-executor (see note_refused). */
static atomic_long_t init_refused;
static char init_refused_first[128];

/**
 * bpfseal_build_check_rules - tie the shared tables to the kernel's enums
 *
 * Compile-time only: every program and attach type name of progtypes.h
 * has the number the kernel's headers give it, and every value a rule
 * keeps as a bit fits in 64 bits.
 */
void bpfseal_build_check_rules(void)
{
	/* each entry: its kernel enum has its number, below 64; a name */
#define BPFSEAL_PROG_TYPE(_name, _enum, _value)				\
	BUILD_BUG_ON_ZERO(BPF_PROG_TYPE_##_enum != (_value) ||		\
			  (_value) >= 64 || sizeof(#_name) < 2)
#define BPFSEAL_ATTACH_TYPE(_name, _enum, _value)			\
	BUILD_BUG_ON_ZERO(BPF_##_enum != (_value) || (_value) >= 64 ||	\
			  sizeof(#_name) < 2)
	static const int checked[] __maybe_unused = {
#include <bpfseal/progtypes.h>
	};
#undef BPFSEAL_PROG_TYPE
#undef BPFSEAL_ATTACH_TYPE

	BUILD_BUG_ON(BPFSEAL_VERDICT_MAX >= 64);
	BUILD_BUG_ON(BPFSEAL_SCHEME_COUNT > 64);
	BUILD_BUG_ON(BPFSEAL_KEYRING_PLATFORM >= BPFSEAL_RULE_KEYRING_NONE);
	BUILD_BUG_ON(BPFSEAL_PROP_COUNT > 32);
	BUILD_BUG_ON(BPFSEAL_PROP_COUNT + 2 != BPFSEAL_POLICY_MAX_TOKENS);
	BUILD_BUG_ON(BPFSEAL_MAX_SKID != BPFSEAL_RULE_MAX_HEX);
	BUILD_BUG_ON(BPFSEAL_POLICY_MAX_SIZE > (U32_MAX >> 1));
}

/**
 * bpfseal_ruleset_free - free a policy no decision can see any more
 * @rs: the policy, or NULL
 */
void bpfseal_ruleset_free(struct bpfseal_ruleset *rs)
{
	if (!rs)
		return;
	kvfree(rs->hits);
	kvfree(rs->norm);
	kvfree(rs->p.rules);
	kvfree(rs->p.values);
	kvfree(rs->text);
	kfree(rs);
}

/*
 * A keyring= value for a keyring bpfseal does not verify against (module
 * parameter keyrings=) could never match: refuse it rather than keep a
 * rule that silently does nothing.
 */
static int check_keyrings(const struct bpfseal_rules *p)
{
	u64 ok = bpfseal_trusted_keyrings() | BIT(BPFSEAL_RULE_KEYRING_NONE);
	u32 i;

	for (i = 0; i < p->nr_rules; i++) {
		if (!(p->rules[i].bits[BPFSEAL_PROP_KEYRING] & ~ok))
			continue;
		pr_err("policy refused: line %u: keyring= names a keyring that the module parameter keyrings= does not trust, so the rule could never match\n",
		       p->rules[i].line);
		return -EINVAL;
	}
	return 0;
}

/**
 * bpfseal_ruleset_parse - parse a policy text into a new policy
 * @src: the text (need not be NUL-terminated)
 * @len: its length
 *
 * Process context. An error is logged with its line, column and reason.
 *
 * Return: the policy, or ERR_PTR(): -E2BIG above BPFSEAL_POLICY_MAX_SIZE,
 * -EINVAL for a text the grammar refuses, -ENOMEM.
 */
struct bpfseal_ruleset *bpfseal_ruleset_parse(const char *src, size_t len)
{
	struct bpfseal_rules_error perr;
	struct bpfseal_ruleset *rs;
	int err = -ENOMEM;

	if (len > BPFSEAL_POLICY_MAX_SIZE) {
		pr_err("policy refused: %zu bytes, the limit is %u\n", len,
		       BPFSEAL_POLICY_MAX_SIZE);
		return ERR_PTR(-E2BIG);
	}
	rs = kzalloc_obj(*rs, GFP_KERNEL);
	if (!rs)
		return ERR_PTR(-ENOMEM);
	rs->text = kvmalloc(len + 1, GFP_KERNEL);
	if (!rs->text)
		goto fail;
	memcpy(rs->text, src, len);
	rs->text[len] = '\0';
	rs->p.text = rs->text;
	rs->p.len = len;
	/* first pass: count; second: fill exactly that */
	err = bpfseal_rules_parse(&rs->p, &perr);
	if (err)
		goto refused;
	err = -ENOMEM;
	rs->p.max_rules = rs->p.nr_rules;
	rs->p.max_values = rs->p.nr_values;
	rs->p.rules = kvcalloc(max(rs->p.nr_rules, 1U), sizeof(*rs->p.rules),
			       GFP_KERNEL);
	rs->p.values = kvcalloc(max(rs->p.nr_values, 1U),
				sizeof(*rs->p.values), GFP_KERNEL);
	rs->hits = kvcalloc(rs->p.nr_rules + 1, sizeof(*rs->hits), GFP_KERNEL);
	if (!rs->p.rules || !rs->p.values || !rs->hits)
		goto fail;
	err = bpfseal_rules_parse(&rs->p, &perr);
	if (err)
		goto refused;
	err = check_keyrings(&rs->p);
	if (err)
		goto fail;
	rs->norm_len = bpfseal_rules_format(&rs->p, NULL, 0);
	rs->norm = kvmalloc(rs->norm_len + 1, GFP_KERNEL);
	if (!rs->norm) {
		err = -ENOMEM;
		goto fail;
	}
	bpfseal_rules_format(&rs->p, rs->norm, rs->norm_len + 1);
	sha256(rs->text, len, rs->sha256);
	return rs;
refused:
	if (perr.line)
		pr_err("policy refused: line %u, column %u: %s\n", perr.line,
		       perr.col, perr.msg);
	else
		pr_err("policy refused: %s\n", perr.msg);
fail:
	bpfseal_ruleset_free(rs);
	return ERR_PTR(err);
}

static void audit_change(const struct bpfseal_ruleset *old,
			 const struct bpfseal_ruleset *rs, int err)
{
	bpfseal_audit_policy(old ? &old->p : NULL, old ? old->sha256 : NULL,
			     &rs->p, rs->sha256, err);
}

/**
 * bpfseal_ruleset_refuse - audit a parsed policy that may not replace the
 *	active one, and free it
 * @rs: the policy; consumed
 * @err: why (a negative errno)
 *
 * Called by the state machine under its mutex (a write when locked).
 */
void bpfseal_ruleset_refuse(struct bpfseal_ruleset *rs, int err)
{
	audit_change(rcu_dereference_protected(active, true), rs, err);
	pr_err("policy %s refused (%d): bpfseal is locked\n", rs->p.name, err);
	bpfseal_ruleset_free(rs);
}

/**
 * bpfseal_ruleset_replace - make a parsed policy the active one
 * @rs: the new policy; consumed (active, or freed)
 *
 * Called by the state machine only, under its mutex, when not locked.
 * Records one audit record, whether it replaced the policy or not.
 *
 * Return: 0, or -ESTALE when @rs's policy_version is lower than the active
 * one's (the active one stays).
 */
int bpfseal_ruleset_replace(struct bpfseal_ruleset *rs)
{
	/* writers are serialized by state.c's mutex */
	struct bpfseal_ruleset *old = rcu_dereference_protected(active, true);

	if (old && bpfseal_rules_version_cmp(rs->p.version,
					     old->p.version) < 0) {
		pr_err("policy refused: version %u.%u.%u is lower than the active policy's %u.%u.%u\n",
		       rs->p.version[0], rs->p.version[1], rs->p.version[2],
		       old->p.version[0], old->p.version[1],
		       old->p.version[2]);
		audit_change(old, rs, -ESTALE);
		bpfseal_ruleset_free(rs);
		return -ESTALE;
	}
	rcu_assign_pointer(active, rs);
	audit_change(old, rs, 0);
	pr_info("policy %s %u.%u.%u is active (%u rules, sha256 %*phN)\n",
		rs->p.name, rs->p.version[0], rs->p.version[1],
		rs->p.version[2], rs->p.nr_rules, SHA256_DIGEST_SIZE,
		rs->sha256);
	synchronize_rcu();
	bpfseal_ruleset_free(old);
	return 0;
}

/* The policy the module parameters mean, as text (see admin-guide.md). */
static char *params_policy(void)
{
	u32 allow = bpfseal_allowed_set();
	char *buf = kmalloc(512, GFP_KERNEL);
	int i, n, first = 1;

	if (!buf)
		return NULL;
	n = scnprintf(buf, 512,
		      "policy_name=parameters policy_version=0.0.0\norigin=loader action=ALLOW\nverdict=");
	for (i = 0; bpfseal_rule_verdicts[i].name; i++) {
		if (!(allow & BIT(bpfseal_rule_verdicts[i].value)))
			continue;
		n += scnprintf(buf + n, 512 - n, "%s%s", first ? "" : ",",
			       bpfseal_rule_verdicts[i].name);
		first = 0;
	}
	n += scnprintf(buf + n, 512 - n, " action=ALLOW\n");
	if (bpfseal_kernel_loads_allowed())
		n += scnprintf(buf + n, 512 - n, "origin=kernel action=ALLOW\n");
	scnprintf(buf + n, 512 - n, "DEFAULT action=DENY\n");
	return buf;
}

/**
 * bpfseal_ruleset_init - make the module parameters' policy the active one
 *
 * Return: 0, or a negative errno.
 */
int bpfseal_ruleset_init(void)
{
	struct bpfseal_ruleset *rs;
	char *text = params_policy();

	if (!text)
		return -ENOMEM;
	rs = bpfseal_ruleset_parse(text, strlen(text));
	kfree(text);
	if (IS_ERR(rs))
		return PTR_ERR(rs);
	rcu_assign_pointer(active, rs);
	return 0;
}

/**
 * bpfseal_ruleset_exit - free the active policy (module exit, no hook left)
 */
void bpfseal_ruleset_exit(void)
{
	struct bpfseal_ruleset *rs = rcu_replace_pointer(active, NULL, true);

	synchronize_rcu();
	bpfseal_ruleset_free(rs);
}

/**
 * bpfseal_ruleset_eval - the one evaluator: which rule decides a load
 * @c: the load, as the policy sees it
 * @ev: its event; gets the rule (line) and the policy's name
 *
 * Any context (RCU only). Counts the decision against its rule.
 *
 * Return: enum bpfseal_rule_action of the rule that decides.
 */
int bpfseal_ruleset_eval(const struct bpfseal_rule_ctx *c,
			 struct bpfseal_event *ev)
{
	const struct bpfseal_ruleset *rs;
	const struct bpfseal_rule *r;
	int idx, action;

	rcu_read_lock();
	rs = rcu_dereference(active);
	if (!rs) {
		/* not reachable: a policy is active from init to exit */
		rcu_read_unlock();
		ev->rule = BPFSEAL_RULE_NONE;
		ev->policy[0] = '\0';
		return BPFSEAL_RULE_DENY;
	}
	idx = bpfseal_rules_eval(&rs->p, c);
	r = bpfseal_rules_rule(&rs->p, idx);
	action = r->action;
	ev->rule = idx < 0 ? BPFSEAL_RULE_DEFAULT : (int)r->line;
	strscpy(ev->policy, rs->p.name, sizeof(ev->policy));
	atomic_long_inc(&rs->hits[idx < 0 ? rs->p.nr_rules : idx]);
	rcu_read_unlock();
	return action;
}

static bool is_systemd_executor(const char *exe)
{
	const char *base = exe ? strrchr(exe, '/') : NULL;

	return base && !strcmp(base, "/systemd-executor");
}

/**
 * bpfseal_ruleset_note_refused - say once per boot when init loses a program
 * @ev: a load the gate refused
 *
 * systemd treats a refused BPF program as "BPF not supported" and runs its
 * units without the sandbox they asked for, silently. When the refused load
 * comes from PID 1 or from systemd-executor, warn once (kernel log) and
 * count it in status, so that it is seen.
 */
void bpfseal_ruleset_note_refused(const struct bpfseal_event *ev)
{
	const struct bpfseal_subject *s = ev->subj;

	if (!s || !(s->pid1 || is_systemd_executor(s->exe)))
		return;
	if (atomic_long_inc_return(&init_refused) != 1)
		return;
	if (ev->rule == BPFSEAL_RULE_DEFAULT)
		snprintf(init_refused_first, sizeof(init_refused_first),
			 "pid %d comm %s prog \"%s\" rule default", s->pid,
			 s->comm, ev->name);
	else
		snprintf(init_refused_first, sizeof(init_refused_first),
			 "pid %d comm %s prog \"%s\" rule %d", s->pid, s->comm,
			 ev->name, ev->rule);
	pr_warn("the policy refused a BPF program of %s (pid %d, %s): systemd then runs units without the sandboxes they ask for; see the admin guide, section \"systemd\" (shown once per boot)\n",
		s->pid1 ? "PID 1" : "systemd-executor", s->pid, s->comm);
}

/**
 * bpfseal_ruleset_show - the active policy, normalized (securityfs policy)
 * @m: the seq_file
 */
void bpfseal_ruleset_show(struct seq_file *m)
{
	const struct bpfseal_ruleset *rs;

	rcu_read_lock();
	rs = rcu_dereference(active);
	if (rs)
		seq_write(m, rs->norm, rs->norm_len);
	rcu_read_unlock();
}

/**
 * bpfseal_ruleset_show_status - the policy's lines of securityfs status
 * @m: the seq_file
 *
 * The policy's name, version and SHA-256, then one line per rule with its
 * decisions so far and its text: "rule LINE: N ...", LINE being the rule's
 * line in the policy as written, and last "rule default: N DEFAULT ...".
 * Then how many loads of PID 1 or systemd-executor were refused.
 */
void bpfseal_ruleset_show_status(struct seq_file *m)
{
	const struct bpfseal_ruleset *rs;
	const char *line, *end;
	u32 i;

	rcu_read_lock();
	rs = rcu_dereference(active);
	if (rs) {
		seq_printf(m, "policy: %s %u.%u.%u sha256=%*phN rules=%u\n",
			   rs->p.name, rs->p.version[0], rs->p.version[1],
			   rs->p.version[2], SHA256_DIGEST_SIZE, rs->sha256,
			   rs->p.nr_rules);
		/* the normalized text: header, rule by rule, then DEFAULT */
		line = strchr(rs->norm, '\n') + 1;
		for (i = 0; i <= rs->p.nr_rules && *line; i++) {
			end = strchrnul(line, '\n');
			if (i == rs->p.nr_rules)
				seq_printf(m, "rule default: %ld ",
					   atomic_long_read(&rs->hits[i]));
			else
				seq_printf(m, "rule %u: %ld ",
					   rs->p.rules[i].line,
					   atomic_long_read(&rs->hits[i]));
			seq_write(m, line, end - line);
			seq_putc(m, '\n');
			line = *end ? end + 1 : end;
		}
	}
	rcu_read_unlock();
	seq_printf(m, "init_refused: %ld%s%s\n", atomic_long_read(&init_refused),
		   atomic_long_read(&init_refused) ? " first: " : "",
		   atomic_long_read(&init_refused) ? init_refused_first : "");
}

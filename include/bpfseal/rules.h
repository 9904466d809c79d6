/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rule policy: its grammar, parser, printer and evaluator, shared by
 * the kernel module (securityfs "policy", the parameter default) and the
 * bpfseal-policy tool (check, eval, suggest), so both read a policy and
 * decide the same way.
 *
 *   policy_name=NAME policy_version=X.Y.Z
 *   PROPERTY=VALUE[,VALUE...] [PROPERTY=...] action=ALLOW|DENY|AUDIT
 *   ...
 *   DEFAULT action=ALLOW|DENY|AUDIT
 *
 * One statement a line; "#" starts a comment to the end of the line;
 * tokens are separated by spaces or tabs. The header comes first, DEFAULT
 * exactly once and last (only comments and blank lines after it), so that
 * a policy cut short, by a write split in two or a truncated file, has no
 * DEFAULT and is refused rather than taken without its last rules. A rule
 * matches when every property it names matches (one
 * of its values does); the first rule that matches decides, DEFAULT when
 * none does. A property appears at most once in a rule, a value at most
 * once in a property, and a rule names at least one property. A policy
 * that breaks any rule of the grammar or a limit (limits.h) is refused
 * whole, with the line and column of the first error: nothing is skipped
 * or clamped.
 *
 * Pure C, header only: no libc, no allocation. Parsing is two passes over
 * the same text: one with no storage counts the rules and values, the
 * caller allocates exactly that, the second fills it. Path values point
 * into the text, which must outlive the parsed policy.
 */
#ifndef _BPFSEAL_RULES_H
#define _BPFSEAL_RULES_H

#include "limits.h"
#include "types.h"
#include "verdict.h"

/* What a rule does to a load it matches. */
enum bpfseal_rule_action {
	BPFSEAL_RULE_ALLOW = 0,
	BPFSEAL_RULE_DENY = 1,
	BPFSEAL_RULE_AUDIT = 2,		/* allow, recorded as decision=audit */
	BPFSEAL_RULE_ACTION_COUNT
};

/* Where a program comes from (origin=). */
enum bpfseal_origin {
	BPFSEAL_ORIGIN_USER = 0,	/* a BPF_PROG_LOAD from user space */
	BPFSEAL_ORIGIN_KERNEL = 1,	/* from the kernel, no verified loader */
	BPFSEAL_ORIGIN_LOADER = 2,	/* made by a verified loader */
	BPFSEAL_ORIGIN_COUNT
};

/* keyring= value for "no keyring verified the signature". */
#define BPFSEAL_RULE_KEYRING_NONE 4

/* The properties, in the order the printer writes them. */
enum bpfseal_prop {
	BPFSEAL_PROP_VERDICT,
	BPFSEAL_PROP_SCHEME,
	BPFSEAL_PROP_KEYRING,
	BPFSEAL_PROP_SIGNER,
	BPFSEAL_PROP_ORIGIN,
	BPFSEAL_PROP_PROG_TYPE,
	BPFSEAL_PROP_ATTACH_TYPE,
	BPFSEAL_PROP_DIGEST,
	BPFSEAL_PROP_PID1,
	BPFSEAL_PROP_EXE,
	BPFSEAL_PROP_UID,
	BPFSEAL_PROP_CGROUP,
	BPFSEAL_PROP_COUNT
};

/* How a property's values are written and matched. */
enum bpfseal_prop_kind {
	BPFSEAL_KIND_NAME,	/* names from a table; a set of up to 64 bits */
	BPFSEAL_KIND_HEX,	/* hex bytes, matched exactly */
	BPFSEAL_KIND_PATH,	/* an absolute path (exe: exact; cgroup: prefix) */
	BPFSEAL_KIND_UINT,	/* a decimal number below 2^32 - 1 */
};

/**
 * struct bpfseal_rule_name - one accepted name of a property value
 * @name: as written in a policy and printed in records
 * @value: the value it stands for (a bit number, below 64)
 * @uapi: for program and attach types, the kernel's enum name
 */
struct bpfseal_rule_name {
	const char *name;
	unsigned int value;
	const char *uapi;
};

static const struct bpfseal_rule_name bpfseal_rule_verdicts[] = {
	{ "OK", BPFSEAL_VERDICT_OK, NULL },
	{ "UNSIGNED", BPFSEAL_VERDICT_UNSIGNED, NULL },
	{ "PARTIALSIG", BPFSEAL_VERDICT_PARTIALSIG, NULL },
	{ "UNKNOWNKEY", BPFSEAL_VERDICT_UNKNOWNKEY, NULL },
	{ "UNEXPECTED", BPFSEAL_VERDICT_UNEXPECTED, NULL },
	{ "FAULT", BPFSEAL_VERDICT_FAULT, NULL },
	{ "BADSIG", BPFSEAL_VERDICT_BADSIG, NULL },
	{ NULL, 0, NULL }
};

static const struct bpfseal_rule_name bpfseal_rule_schemes[] = {
	{ "none", BPFSEAL_SCHEME_NONE, NULL },
	{ "hornet", BPFSEAL_SCHEME_HORNET, NULL },
	{ "upstream", BPFSEAL_SCHEME_UPSTREAM, NULL },
	{ "upstream+maps", BPFSEAL_SCHEME_UPSTREAM_MAPS, NULL },
	{ NULL, 0, NULL }
};

/* The numbers of enum bpfseal_keyring (policy.h), and none. */
static const struct bpfseal_rule_name bpfseal_rule_keyrings[] = {
	{ "bpfseal", 0, NULL },
	{ "builtin", 1, NULL },
	{ "secondary", 2, NULL },
	{ "platform", 3, NULL },
	{ "none", BPFSEAL_RULE_KEYRING_NONE, NULL },
	{ NULL, 0, NULL }
};

static const struct bpfseal_rule_name bpfseal_rule_origins[] = {
	{ "user", BPFSEAL_ORIGIN_USER, NULL },
	{ "kernel", BPFSEAL_ORIGIN_KERNEL, NULL },
	{ "loader", BPFSEAL_ORIGIN_LOADER, NULL },
	{ NULL, 0, NULL }
};

#define BPFSEAL_PROG_TYPE(_name, _enum, _value) \
	{ #_name, _value, "BPF_PROG_TYPE_" #_enum }
static const struct bpfseal_rule_name bpfseal_rule_prog_types[] = {
#include "progtypes.h"
	{ NULL, 0, NULL }
};

#undef BPFSEAL_PROG_TYPE

#define BPFSEAL_ATTACH_TYPE(_name, _enum, _value) \
	{ #_name, _value, "BPF_" #_enum }
static const struct bpfseal_rule_name bpfseal_rule_attach_types[] = {
#include "progtypes.h"
	{ NULL, 0, NULL }
};

#undef BPFSEAL_ATTACH_TYPE

static const struct bpfseal_rule_name bpfseal_rule_bools[] = {
	{ "false", 0, NULL },
	{ "true", 1, NULL },
	{ NULL, 0, NULL }
};

static const struct bpfseal_rule_name bpfseal_rule_actions[] = {
	{ "ALLOW", BPFSEAL_RULE_ALLOW, NULL },
	{ "DENY", BPFSEAL_RULE_DENY, NULL },
	{ "AUDIT", BPFSEAL_RULE_AUDIT, NULL },
	{ NULL, 0, NULL }
};

/**
 * struct bpfseal_prop_def - how one property is written
 * @name: its name before "="
 * @kind: enum bpfseal_prop_kind
 * @names: for BPFSEAL_KIND_NAME, its accepted names
 * @min_len: for BPFSEAL_KIND_HEX, fewest bytes
 * @max_len: for BPFSEAL_KIND_HEX, most bytes
 */
struct bpfseal_prop_def {
	const char *name;
	unsigned int kind;
	const struct bpfseal_rule_name *names;
	unsigned int min_len;
	unsigned int max_len;
};

static const struct bpfseal_prop_def bpfseal_props[BPFSEAL_PROP_COUNT] = {
	[BPFSEAL_PROP_VERDICT] = { "verdict", BPFSEAL_KIND_NAME,
				   bpfseal_rule_verdicts, 0, 0 },
	[BPFSEAL_PROP_SCHEME] = { "scheme", BPFSEAL_KIND_NAME,
				  bpfseal_rule_schemes, 0, 0 },
	[BPFSEAL_PROP_KEYRING] = { "keyring", BPFSEAL_KIND_NAME,
				   bpfseal_rule_keyrings, 0, 0 },
	[BPFSEAL_PROP_SIGNER] = { "signer", BPFSEAL_KIND_HEX, NULL, 1,
				  BPFSEAL_RULE_MAX_HEX },
	[BPFSEAL_PROP_ORIGIN] = { "origin", BPFSEAL_KIND_NAME,
				  bpfseal_rule_origins, 0, 0 },
	[BPFSEAL_PROP_PROG_TYPE] = { "prog_type", BPFSEAL_KIND_NAME,
				     bpfseal_rule_prog_types, 0, 0 },
	[BPFSEAL_PROP_ATTACH_TYPE] = { "attach_type", BPFSEAL_KIND_NAME,
				       bpfseal_rule_attach_types, 0, 0 },
	[BPFSEAL_PROP_DIGEST] = { "digest", BPFSEAL_KIND_HEX, NULL,
				  BPFSEAL_SHA256_SIZE, BPFSEAL_SHA256_SIZE },
	[BPFSEAL_PROP_PID1] = { "pid1", BPFSEAL_KIND_NAME,
				bpfseal_rule_bools, 0, 0 },
	[BPFSEAL_PROP_EXE] = { "exe", BPFSEAL_KIND_PATH, NULL, 0, 0 },
	[BPFSEAL_PROP_UID] = { "uid", BPFSEAL_KIND_UINT, NULL, 0, 0 },
	[BPFSEAL_PROP_CGROUP] = { "cgroup", BPFSEAL_KIND_PATH, NULL, 0, 0 },
};

/**
 * struct bpfseal_rule_value - one value of a HEX, PATH or UINT property
 * @num: the number (UINT)
 * @off: where the path starts in the policy text (PATH)
 * @len: length of the path, or number of bytes in @bytes (HEX)
 * @bytes: the bytes (HEX)
 */
struct bpfseal_rule_value {
	__u32 num;
	__u32 off;
	__u32 len;
	__u8 bytes[BPFSEAL_RULE_MAX_HEX];
};

/**
 * struct bpfseal_rule - one rule (or the DEFAULT)
 * @line: its line in the policy text, from 1
 * @action: enum bpfseal_rule_action
 * @props: bit (1 << enum bpfseal_prop) for each property it names
 * @bits: for a NAME property, bit (1 << value) for each value it accepts
 * @first: for a list property, index of its first value in the values
 * @count: for a list property, number of its values
 */
struct bpfseal_rule {
	__u32 line;
	__u32 action;
	__u32 props;
	__u64 bits[BPFSEAL_PROP_COUNT];
	__u32 first[BPFSEAL_PROP_COUNT];
	__u32 count[BPFSEAL_PROP_COUNT];
};

/**
 * struct bpfseal_rules - a parsed policy
 * @text: the policy text (PATH values point into it)
 * @len: its length
 * @name: policy_name, NUL-terminated
 * @version: policy_version, major, minor, patch
 * @dflt: the DEFAULT (@dflt.props is 0)
 * @nr_rules: number of rules, not counting the DEFAULT
 * @nr_values: number of values in @values
 * @rules: the rules in order, or NULL to count only
 * @max_rules: room in @rules
 * @values: the values of list properties, or NULL to count only
 * @max_values: room in @values
 */
struct bpfseal_rules {
	const char *text;
	__u32 len;
	char name[BPFSEAL_POLICY_MAX_NAME + 1];
	__u16 version[3];
	struct bpfseal_rule dflt;
	__u32 nr_rules;
	__u32 nr_values;
	struct bpfseal_rule *rules;
	__u32 max_rules;
	struct bpfseal_rule_value *values;
	__u32 max_values;
};

/**
 * struct bpfseal_rules_error - where and why a policy was refused
 * @line: its line, from 1 (0 for the policy as a whole)
 * @col: its column, from 1 (0 for the line as a whole)
 * @msg: what is wrong, a static string
 */
struct bpfseal_rules_error {
	__u32 line;
	__u32 col;
	const char *msg;
};

/**
 * struct bpfseal_rule_ctx - what the evaluator knows of one load
 * @verdict: enum bpfseal_verdict
 * @scheme: enum bpfseal_scheme
 * @keyring: enum bpfseal_keyring that verified the signature, or -1
 * @signer: the signer's key id, or NULL when there is none
 * @signer_len: its length
 * @origin: enum bpfseal_origin
 * @prog_type: the program type asked for
 * @attach_type: the expected attach type asked for
 * @digest: SHA-256 of the instructions, map references masked
 *	(bpfseal_insn_mask()), or NULL when not computed
 * @pid1: whether the loader is the initial PID namespace's init
 * @exe: the loader's executable, or NULL when it has none
 * @exe_len: its length
 * @uid: the loader's effective uid (initial user namespace)
 * @cgroup: the loader's cgroup v2 path, or NULL when unknown
 * @cgroup_len: its length
 */
struct bpfseal_rule_ctx {
	int verdict;
	int scheme;
	int keyring;
	const __u8 *signer;
	__u32 signer_len;
	int origin;
	__u32 prog_type;
	__u32 attach_type;
	const __u8 *digest;
	bool pid1;
	const char *exe;
	__u32 exe_len;
	__u32 uid;
	const char *cgroup;
	__u32 cgroup_len;
};

/* --- small string helpers (no libc) --- */

static inline bool bpfseal_rules_mem_eq(const void *a, const void *b,
					__u32 len)
{
	const __u8 *x = (const __u8 *)a, *y = (const __u8 *)b;
	__u32 i;

	for (i = 0; i < len; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

/* Whether s[0..len) is exactly the NUL-terminated @word. */
static inline bool bpfseal_rules_word_is(const char *s, __u32 len,
					 const char *word)
{
	__u32 i;

	for (i = 0; i < len; i++)
		if (word[i] != s[i])
			return false;
	return !word[len];
}

/* Index in @names of s[0..len), or -1. */
static inline int bpfseal_rules_name_find(const struct bpfseal_rule_name *names,
					  const char *s, __u32 len)
{
	int i;

	for (i = 0; names[i].name; i++)
		if (bpfseal_rules_word_is(s, len, names[i].name))
			return i;
	return -1;
}

/**
 * bpfseal_rule_name_of() - The name of a value in a name table.
 * @names: the table
 * @value: the value
 *
 * Return: its name, or NULL when the table has none for it.
 */
static inline const char *
bpfseal_rule_name_of(const struct bpfseal_rule_name *names, unsigned int value)
{
	int i;

	for (i = 0; names[i].name; i++)
		if (names[i].value == value)
			return names[i].name;
	return NULL;
}

static inline int bpfseal_rules_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static inline bool bpfseal_rules_is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* --- parser --- */

/* The state of one parse: the text, where it is, and the first error. */
struct bpfseal_rules_parse {
	struct bpfseal_rules *p;
	struct bpfseal_rules_error *err;
	__u32 line;
	__u32 line_start;
};

static inline int bpfseal_rules_fail(struct bpfseal_rules_parse *st, __u32 pos,
				     const char *msg)
{
	st->err->line = st->line;
	st->err->col = pos - st->line_start + 1;
	st->err->msg = msg;
	return -EINVAL;
}

/* Parse "X.Y.Z", each a decimal 0..65535 without leading zeros. */
static inline int bpfseal_rules_version(struct bpfseal_rules_parse *st,
					__u32 pos, __u32 len, __u16 out[3])
{
	const char *s = st->p->text + pos;
	__u32 i = 0, part = 0, digits = 0, v = 0;

	for (;; i++) {
		if (i == len || s[i] == '.') {
			if (!digits || part > 2)
				break;
			out[part++] = (__u16)v;
			if (i == len)
				return part == 3 ? 0 :
					bpfseal_rules_fail(st, pos,
							   "policy_version must be X.Y.Z");
			v = 0;
			digits = 0;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || (digits && !v))
			break;
		v = v * 10 + (__u32)(s[i] - '0');
		if (v > 65535)
			return bpfseal_rules_fail(st, pos + i,
						  "a policy_version part is above 65535");
		digits++;
	}
	return bpfseal_rules_fail(st, pos + i,
				  "policy_version must be X.Y.Z, decimal numbers without leading zeros");
}

/* The header line: policy_name=NAME policy_version=X.Y.Z. */
static inline int bpfseal_rules_header(struct bpfseal_rules_parse *st,
				       const __u32 *tok, const __u32 *tlen,
				       __u32 ntok)
{
	const char *t = st->p->text;
	__u32 i, n;

	if (ntok < 1 || tlen[0] < 12 ||
	    !bpfseal_rules_mem_eq(t + tok[0], "policy_name=", 12))
		return bpfseal_rules_fail(st, tok[0],
					  "the policy must start with policy_name=NAME policy_version=X.Y.Z");
	n = tlen[0] - 12;
	if (!n)
		return bpfseal_rules_fail(st, tok[0] + 12,
					  "policy_name is empty");
	if (n > BPFSEAL_POLICY_MAX_NAME)
		return bpfseal_rules_fail(st, tok[0] + 12,
					  "policy_name is too long");
	for (i = 0; i < n; i++) {
		char c = t[tok[0] + 12 + i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		      c == '.'))
			return bpfseal_rules_fail(st, tok[0] + 12 + i,
						  "policy_name may only have letters, digits, '_', '-' and '.'");
		st->p->name[i] = c;
	}
	st->p->name[n] = '\0';
	if (ntok < 2 || tlen[1] < 15 ||
	    !bpfseal_rules_mem_eq(t + tok[1], "policy_version=", 15))
		return bpfseal_rules_fail(st, ntok < 2 ? tok[0] + tlen[0] : tok[1],
					  "policy_version=X.Y.Z must follow policy_name");
	if (ntok > 2)
		return bpfseal_rules_fail(st, tok[2],
					  "the header line has only policy_name and policy_version");
	return bpfseal_rules_version(st, tok[1] + 15, tlen[1] - 15,
				     st->p->version);
}

/* One value of a list property, checked; stored when there is room. */
static inline int bpfseal_rules_list_value(struct bpfseal_rules_parse *st,
					   unsigned int prop, __u32 pos,
					   __u32 len, __u32 from)
{
	const struct bpfseal_prop_def *d = &bpfseal_props[prop];
	struct bpfseal_rules *p = st->p;
	const char *s = p->text + pos;
	struct bpfseal_rule_value v = { 0 };
	__u32 i, j, k;

	if (d->kind == BPFSEAL_KIND_HEX) {
		if (len % 2)
			return bpfseal_rules_fail(st, pos,
						  "a hex value needs an even number of digits");
		if (len / 2 < d->min_len || len / 2 > d->max_len)
			return bpfseal_rules_fail(st, pos, prop == BPFSEAL_PROP_DIGEST ?
						  "a digest is 64 hex digits (SHA-256)" :
						  "a signer is 1 to 32 bytes in hex");
		for (i = 0; i < len; i += 2) {
			int hi = bpfseal_rules_hex_digit(s[i]);
			int lo = bpfseal_rules_hex_digit(s[i + 1]);

			if (hi < 0 || lo < 0)
				return bpfseal_rules_fail(st, pos + i + (hi >= 0),
							  "not a hex digit");
			v.bytes[i / 2] = (__u8)(hi << 4 | lo);
		}
		v.len = len / 2;
	} else if (d->kind == BPFSEAL_KIND_UINT) {
		__u64 n = 0;

		for (i = 0; i < len; i++) {
			if (s[i] < '0' || s[i] > '9')
				return bpfseal_rules_fail(st, pos + i,
							  "a uid is a decimal number");
			if (i && !n)
				return bpfseal_rules_fail(st, pos + i,
							  "a uid has no leading zeros");
			n = n * 10 + (__u64)(s[i] - '0');
			if (n >= 0xffffffffULL)
				return bpfseal_rules_fail(st, pos,
							  "a uid is below 4294967295");
		}
		v.num = (__u32)n;
	} else {
		/* absolute, no empty, "." or ".." component, no trailing / */
		if (s[0] != '/')
			return bpfseal_rules_fail(st, pos,
						  "a path must be absolute");
		for (i = 0; i < len; i++) {
			if (s[i] != '/')
				continue;
			for (j = i + 1; j < len && s[j] != '/'; j++)
				;
			if ((j == i + 1 && !(len == 1 && prop == BPFSEAL_PROP_CGROUP)) ||
			    (j == i + 2 && s[i + 1] == '.') ||
			    (j == i + 3 && s[i + 1] == '.' && s[i + 2] == '.'))
				return bpfseal_rules_fail(st, pos + i,
							  len == 1 ? "exe= needs a file, not /" :
							  "a path has no empty, '.' or '..' component and no trailing '/'");
		}
		v.off = pos;
		v.len = len;
	}
	/*
	 * A value at most once in a property: compared with the values
	 * before it in the text (from @from, each ended by a comma), so that
	 * the counting pass, which stores nothing, refuses what the filling
	 * pass refuses. Hex digits in either case; uids (no leading zeros)
	 * and paths as written.
	 */
	for (i = from; i < pos; i = j + 1) {
		for (j = i; p->text[j] != ','; j++)
			;
		if (j - i != len)
			continue;
		for (k = 0; k < len; k++)
			if (d->kind == BPFSEAL_KIND_HEX ?
			    bpfseal_rules_hex_digit(p->text[i + k]) !=
			    bpfseal_rules_hex_digit(s[k]) :
			    p->text[i + k] != s[k])
				break;
		if (k == len)
			return bpfseal_rules_fail(st, pos,
						  "a value is given twice");
	}
	if (p->values) {
		if (p->nr_values >= p->max_values)
			return bpfseal_rules_fail(st, pos,
						  "internal: more values than counted");
		p->values[p->nr_values] = v;
	}
	p->nr_values++;
	return 0;
}

/* PROPERTY=VALUE[,VALUE...] into @r. */
static inline int bpfseal_rules_prop(struct bpfseal_rules_parse *st,
				     __u32 pos, __u32 len,
				     struct bpfseal_rule *r)
{
	const char *t = st->p->text;
	__u32 eq, start, end, n = 0;
	unsigned int prop;
	int i, err;

	for (eq = 0; eq < len && t[pos + eq] != '='; eq++)
		;
	if (eq == len)
		return bpfseal_rules_fail(st, pos, "expected PROPERTY=VALUE");
	for (prop = 0; prop < BPFSEAL_PROP_COUNT; prop++)
		if (bpfseal_rules_word_is(t + pos, eq, bpfseal_props[prop].name))
			break;
	if (prop == BPFSEAL_PROP_COUNT)
		return bpfseal_rules_fail(st, pos, "unknown property");
	if (r->props & (1U << prop))
		return bpfseal_rules_fail(st, pos,
					  "a property is named twice in a rule; list its values with commas");
	r->props |= 1U << prop;
	r->first[prop] = st->p->nr_values;
	for (start = eq + 1; start <= len; start = end + 1) {
		for (end = start; end < len && t[pos + end] != ','; end++)
			;
		if (end == start)
			return bpfseal_rules_fail(st, pos + start, "empty value");
		if (++n > BPFSEAL_POLICY_MAX_SET)
			return bpfseal_rules_fail(st, pos + start,
						  "too many values in one property");
		if (bpfseal_props[prop].kind != BPFSEAL_KIND_NAME) {
			err = bpfseal_rules_list_value(st, prop, pos + start,
						       end - start, pos + eq + 1);
			if (err)
				return err;
			r->count[prop]++;
			continue;
		}
		i = bpfseal_rules_name_find(bpfseal_props[prop].names,
					    t + pos + start, end - start);
		if (i < 0)
			return bpfseal_rules_fail(st, pos + start,
						  "unknown value for this property");
		if (r->bits[prop] &
		    (1ULL << bpfseal_props[prop].names[i].value))
			return bpfseal_rules_fail(st, pos + start,
						  "a value is given twice");
		r->bits[prop] |= 1ULL << bpfseal_props[prop].names[i].value;
	}
	return 0;
}

/* A DEFAULT line or a rule line, tokens already split. */
static inline int bpfseal_rules_statement(struct bpfseal_rules_parse *st,
					  const __u32 *tok, const __u32 *tlen,
					  __u32 ntok, bool *have_default)
{
	struct bpfseal_rules *p = st->p;
	const char *t = p->text;
	struct bpfseal_rule r = { 0 }, *out;
	bool dflt = bpfseal_rules_word_is(t + tok[0], tlen[0], "DEFAULT");
	bool have_action = false;
	__u32 i;
	int a, err;

	r.line = st->line;
	for (i = dflt; i < ntok; i++) {
		if (tlen[i] >= 7 && bpfseal_rules_mem_eq(t + tok[i], "action=", 7)) {
			if (have_action)
				return bpfseal_rules_fail(st, tok[i],
							  "action= is given twice");
			a = bpfseal_rules_name_find(bpfseal_rule_actions,
						    t + tok[i] + 7, tlen[i] - 7);
			if (a < 0)
				return bpfseal_rules_fail(st, tok[i] + 7,
							  "action must be ALLOW, DENY or AUDIT");
			r.action = bpfseal_rule_actions[a].value;
			have_action = true;
			continue;
		}
		if (dflt)
			return bpfseal_rules_fail(st, tok[i],
						  "DEFAULT takes only action=");
		if (have_action)
			return bpfseal_rules_fail(st, tok[i],
						  "action= ends a rule");
		err = bpfseal_rules_prop(st, tok[i], tlen[i], &r);
		if (err)
			return err;
	}
	if (!have_action)
		return bpfseal_rules_fail(st, tok[ntok - 1] + tlen[ntok - 1],
					  "a rule ends with action=ALLOW, DENY or AUDIT");
	if (!dflt && !r.props)
		return bpfseal_rules_fail(st, tok[0],
					  "a rule names at least one property (DEFAULT decides the rest)");
	if (*have_default)
		return bpfseal_rules_fail(st, tok[0], dflt ?
					  "DEFAULT is given twice" :
					  "DEFAULT ends the policy: no rule after it");
	if (dflt) {
		*have_default = true;
		p->dflt = r;
		return 0;
	}
	if (p->nr_rules >= BPFSEAL_POLICY_MAX_RULES)
		return bpfseal_rules_fail(st, tok[0], "too many rules");
	if (p->rules) {
		if (p->nr_rules >= p->max_rules)
			return bpfseal_rules_fail(st, tok[0],
						  "internal: more rules than counted");
		out = &p->rules[p->nr_rules];
		*out = r;
	}
	p->nr_rules++;
	return 0;
}

/**
 * bpfseal_rules_parse() - Parse a policy.
 * @p: @p->text and @p->len set; @p->rules and @p->values NULL to count
 *	the rules and values only, or arrays of @p->max_rules and
 *	@p->max_values entries to fill. Everything else is set here.
 * @err: the first error, when there is one
 *
 * Return: 0, -EINVAL for a policy that breaks the grammar (@err says where
 * and why), -E2BIG for a text above BPFSEAL_POLICY_MAX_SIZE.
 */
static inline int bpfseal_rules_parse(struct bpfseal_rules *p,
				      struct bpfseal_rules_error *err)
{
	struct bpfseal_rules_parse st = { p, err, 0, 0 };
	__u32 tok[BPFSEAL_POLICY_MAX_TOKENS], tlen[BPFSEAL_POLICY_MAX_TOKENS];
	bool have_header = false, have_default = false;
	__u32 pos = 0, end, i, ntok;
	int ret;

	err->line = 0;
	err->col = 0;
	err->msg = NULL;
	p->name[0] = '\0';
	p->version[0] = 0;
	p->version[1] = 0;
	p->version[2] = 0;
	p->nr_rules = 0;
	p->nr_values = 0;
	if (p->len > BPFSEAL_POLICY_MAX_SIZE) {
		err->msg = "the policy is larger than the limit";
		return -E2BIG;
	}
	while (pos < p->len) {
		st.line++;
		st.line_start = pos;
		for (end = pos; end < p->len && p->text[end] != '\n'; end++)
			if (!p->text[end])
				return bpfseal_rules_fail(&st, end,
							  "a NUL byte in the policy");
		if (end - pos > BPFSEAL_POLICY_MAX_LINE)
			return bpfseal_rules_fail(&st, pos + BPFSEAL_POLICY_MAX_LINE,
						  "the line is longer than the limit");
		ntok = 0;
		for (i = pos; i < end;) {
			char c = p->text[i];

			if (bpfseal_rules_is_space(c) || c == '\r') {
				if (c == '\r' && i + 1 != end)
					return bpfseal_rules_fail(&st, i,
								  "a carriage return inside a line");
				i++;
				continue;
			}
			if (c == '#')
				break;
			if ((unsigned char)c < 0x21 || (unsigned char)c > 0x7e)
				return bpfseal_rules_fail(&st, i,
							  "only printable ASCII is allowed outside comments");
			if (ntok == BPFSEAL_POLICY_MAX_TOKENS)
				return bpfseal_rules_fail(&st, i,
							  "too many properties on one line");
			tok[ntok] = i;
			while (i < end && !bpfseal_rules_is_space(p->text[i]) &&
			       p->text[i] != '#' && p->text[i] != '\r') {
				c = p->text[i];
				if ((unsigned char)c < 0x21 ||
				    (unsigned char)c > 0x7e)
					return bpfseal_rules_fail(&st, i,
								  "only printable ASCII is allowed outside comments");
				i++;
			}
			tlen[ntok] = i - tok[ntok];
			ntok++;
		}
		pos = end + 1;
		if (!ntok)
			continue;
		if (!have_header) {
			ret = bpfseal_rules_header(&st, tok, tlen, ntok);
			have_header = true;
		} else {
			ret = bpfseal_rules_statement(&st, tok, tlen, ntok,
						      &have_default);
		}
		if (ret)
			return ret;
	}
	if (!have_header) {
		err->msg = "the policy is empty: it needs policy_name=NAME policy_version=X.Y.Z";
		return -EINVAL;
	}
	if (!have_default) {
		err->msg = "the policy has no DEFAULT action= line";
		return -EINVAL;
	}
	return 0;
}

/* --- evaluator --- */

/* Whether the property @prop of @r matches the load @c. */
static inline bool bpfseal_rule_prop_matches(const struct bpfseal_rules *p,
					     const struct bpfseal_rule *r,
					     unsigned int prop,
					     const struct bpfseal_rule_ctx *c)
{
	const struct bpfseal_rule_value *v = p->values + r->first[prop];
	const __u32 n = r->count[prop];
	__u64 bit;
	__u32 i;
	int x;

	switch (prop) {
	case BPFSEAL_PROP_VERDICT:
		x = c->verdict;
		break;
	case BPFSEAL_PROP_SCHEME:
		x = c->scheme;
		break;
	case BPFSEAL_PROP_KEYRING:
		x = c->keyring < 0 ? BPFSEAL_RULE_KEYRING_NONE : c->keyring;
		break;
	case BPFSEAL_PROP_ORIGIN:
		x = c->origin;
		break;
	case BPFSEAL_PROP_PROG_TYPE:
		x = c->prog_type < 64 ? (int)c->prog_type : -1;
		break;
	case BPFSEAL_PROP_ATTACH_TYPE:
		x = c->attach_type < 64 ? (int)c->attach_type : -1;
		break;
	case BPFSEAL_PROP_PID1:
		x = c->pid1;
		break;
	case BPFSEAL_PROP_SIGNER:
		for (i = 0; c->signer && i < n; i++)
			if (v[i].len == c->signer_len &&
			    bpfseal_rules_mem_eq(v[i].bytes, c->signer, v[i].len))
				return true;
		return false;
	case BPFSEAL_PROP_DIGEST:
		for (i = 0; c->digest && i < n; i++)
			if (bpfseal_rules_mem_eq(v[i].bytes, c->digest,
						 BPFSEAL_SHA256_SIZE))
				return true;
		return false;
	case BPFSEAL_PROP_EXE:
		for (i = 0; c->exe && i < n; i++)
			if (v[i].len == c->exe_len &&
			    bpfseal_rules_mem_eq(p->text + v[i].off, c->exe,
						 v[i].len))
				return true;
		return false;
	case BPFSEAL_PROP_UID:
		for (i = 0; i < n; i++)
			if (v[i].num == c->uid)
				return true;
		return false;
	case BPFSEAL_PROP_CGROUP:
		/* a prefix of whole components: /a matches /a and /a/b */
		for (i = 0; c->cgroup && i < n; i++) {
			if (v[i].len == 1)
				return true;
			if (v[i].len <= c->cgroup_len &&
			    bpfseal_rules_mem_eq(p->text + v[i].off, c->cgroup,
						 v[i].len) &&
			    (v[i].len == c->cgroup_len ||
			     c->cgroup[v[i].len] == '/'))
				return true;
		}
		return false;
	default:
		return false;
	}
	if (x < 0 || x >= 64)
		return false;
	bit = 1ULL << x;
	return r->bits[prop] & bit;
}

/**
 * bpfseal_rule_matches() - Whether a rule matches a load.
 * @p: the policy
 * @r: one of its rules
 * @c: the load
 *
 * Return: true when every property @r names matches @c.
 */
static inline bool bpfseal_rule_matches(const struct bpfseal_rules *p,
					const struct bpfseal_rule *r,
					const struct bpfseal_rule_ctx *c)
{
	unsigned int prop;

	for (prop = 0; prop < BPFSEAL_PROP_COUNT; prop++)
		if ((r->props & (1U << prop)) &&
		    !bpfseal_rule_prop_matches(p, r, prop, c))
			return false;
	return true;
}

/**
 * bpfseal_rules_eval() - The rule that decides a load: the first that
 *	matches, or the DEFAULT.
 * @p: the policy
 * @c: the load
 *
 * Return: the rule's index in @p->rules, or -1 for the DEFAULT.
 */
static inline int bpfseal_rules_eval(const struct bpfseal_rules *p,
				     const struct bpfseal_rule_ctx *c)
{
	__u32 i;

	for (i = 0; i < p->nr_rules; i++)
		if (bpfseal_rule_matches(p, &p->rules[i], c))
			return (int)i;
	return -1;
}

/**
 * bpfseal_rules_rule() - A rule by its index, the DEFAULT for -1.
 * @p: the policy
 * @idx: as bpfseal_rules_eval() returns it
 *
 * Return: the rule.
 */
static inline const struct bpfseal_rule *
bpfseal_rules_rule(const struct bpfseal_rules *p, int idx)
{
	return idx < 0 ? &p->dflt : &p->rules[idx];
}

/* --- printer --- */

/* Appends to a bounded buffer, counting what it would need. */
struct bpfseal_rules_out {
	char *buf;
	__u32 size;
	__u32 len;
};

static inline void bpfseal_rules_put(struct bpfseal_rules_out *o,
				     const char *s, __u32 len)
{
	__u32 i;

	for (i = 0; i < len; i++, o->len++)
		if (o->len + 1 < o->size)
			o->buf[o->len] = s[i];
}

static inline void bpfseal_rules_puts(struct bpfseal_rules_out *o,
				      const char *s)
{
	__u32 n = 0;

	while (s[n])
		n++;
	bpfseal_rules_put(o, s, n);
}

static inline void bpfseal_rules_putu(struct bpfseal_rules_out *o, __u32 v)
{
	char d[10];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n--)
		bpfseal_rules_put(o, &d[n], 1);
}

static inline void bpfseal_rules_puthex(struct bpfseal_rules_out *o,
					const __u8 *b, __u32 len)
{
	static const char hex[] = "0123456789abcdef";
	__u32 i;

	for (i = 0; i < len; i++) {
		bpfseal_rules_put(o, &hex[b[i] >> 4], 1);
		bpfseal_rules_put(o, &hex[b[i] & 15], 1);
	}
}

/* One property of a rule, as "name=v1,v2". */
static inline void bpfseal_rules_put_prop(struct bpfseal_rules_out *o,
					  const struct bpfseal_rules *p,
					  const struct bpfseal_rule *r,
					  unsigned int prop)
{
	const struct bpfseal_prop_def *d = &bpfseal_props[prop];
	const struct bpfseal_rule_value *v = p->values + r->first[prop];
	bool first = true;
	__u32 i;

	bpfseal_rules_puts(o, d->name);
	bpfseal_rules_put(o, "=", 1);
	if (d->kind == BPFSEAL_KIND_NAME) {
		for (i = 0; d->names[i].name; i++) {
			if (!(r->bits[prop] & (1ULL << d->names[i].value)))
				continue;
			if (!first)
				bpfseal_rules_put(o, ",", 1);
			bpfseal_rules_puts(o, d->names[i].name);
			first = false;
		}
		return;
	}
	for (i = 0; i < r->count[prop]; i++) {
		if (i)
			bpfseal_rules_put(o, ",", 1);
		if (d->kind == BPFSEAL_KIND_HEX)
			bpfseal_rules_puthex(o, v[i].bytes, v[i].len);
		else if (d->kind == BPFSEAL_KIND_UINT)
			bpfseal_rules_putu(o, v[i].num);
		else
			bpfseal_rules_put(o, p->text + v[i].off, v[i].len);
	}
}

/* One rule, normalized, without a newline. */
static inline void bpfseal_rules_put_rule(struct bpfseal_rules_out *o,
					  const struct bpfseal_rules *p,
					  const struct bpfseal_rule *r)
{
	unsigned int prop;

	if (!r->props)
		bpfseal_rules_puts(o, "DEFAULT ");
	for (prop = 0; prop < BPFSEAL_PROP_COUNT; prop++) {
		if (!(r->props & (1U << prop)))
			continue;
		bpfseal_rules_put_prop(o, p, r, prop);
		bpfseal_rules_put(o, " ", 1);
	}
	bpfseal_rules_puts(o, "action=");
	bpfseal_rules_puts(o, bpfseal_rule_actions[r->action].name);
}

/**
 * bpfseal_rule_format() - One rule as text: normalized, no newline.
 * @p: the policy
 * @idx: the rule's index, -1 for the DEFAULT
 * @buf: where to write; NUL-terminated when @size > 0
 * @size: size of @buf
 *
 * Return: the length the whole text needs, without the NUL (larger than
 * @size - 1 when it was cut).
 */
static inline __u32 bpfseal_rule_format(const struct bpfseal_rules *p,
					int idx, char *buf, __u32 size)
{
	struct bpfseal_rules_out o = { buf, size, 0 };

	bpfseal_rules_put_rule(&o, p, bpfseal_rules_rule(p, idx));
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

/**
 * bpfseal_rules_format() - A policy as text, normalized: the header, the
 *	rules in order, then the DEFAULT, one a line; properties in a fixed
 *	order, names as the grammar spells them, hex in lower case, no
 *	comments. Parsing it gives the same policy.
 * @p: the policy
 * @buf: where to write; NUL-terminated when @size > 0
 * @size: size of @buf
 *
 * Return: the length the whole text needs, without the NUL (larger than
 * @size - 1 when it was cut).
 */
static inline __u32 bpfseal_rules_format(const struct bpfseal_rules *p,
					 char *buf, __u32 size)
{
	struct bpfseal_rules_out o = { buf, size, 0 };
	__u32 i;

	bpfseal_rules_puts(&o, "policy_name=");
	bpfseal_rules_puts(&o, p->name);
	bpfseal_rules_puts(&o, " policy_version=");
	for (i = 0; i < 3; i++) {
		if (i)
			bpfseal_rules_put(&o, ".", 1);
		bpfseal_rules_putu(&o, p->version[i]);
	}
	bpfseal_rules_put(&o, "\n", 1);
	for (i = 0; i < p->nr_rules; i++) {
		bpfseal_rules_put_rule(&o, p, &p->rules[i]);
		bpfseal_rules_put(&o, "\n", 1);
	}
	bpfseal_rules_put_rule(&o, p, &p->dflt);
	bpfseal_rules_put(&o, "\n", 1);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len;
}

/**
 * bpfseal_rules_version_cmp() - Compare two policy versions.
 * @a: a version
 * @b: another
 *
 * Return: < 0, 0 or > 0 as @a is lower than, equal to or higher than @b.
 */
static inline int bpfseal_rules_version_cmp(const __u16 a[3], const __u16 b[3])
{
	int i;

	for (i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

#endif /* _BPFSEAL_RULES_H */

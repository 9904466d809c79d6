// SPDX-License-Identifier: GPL-2.0-only
/*
 * Table-driven tests of the rule policy (include/bpfseal/rules.h): every
 * property's values, parsed, normalized and matched by the evaluator;
 * every error message of the parser with its line and column; the limits,
 * at the limit and one over; the normalization round trip; the version
 * compare; the two-pass API; and the instruction masking of the digest
 * (include/bpfseal/digest.h). Built with ASan and UBSan. One line per
 * case; exit 0 when all pass.
 *
 * RULES_H_PATH (set by mk/rules.mk) names rules.h: the test reads the
 * error messages out of it and fails when one has no case here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpfseal/digest.h>
#include <bpfseal/rules.h>

#ifndef RULES_H_PATH
#define RULES_H_PATH "include/bpfseal/rules.h"
#endif

static int failures, cases;

static void result(bool ok, const char *fmt, ...)
{
	va_list ap;

	cases++;
	if (!ok)
		failures++;
	printf("%s ", ok ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* --- parsing, both passes ------------------------------------------------ */

struct parsed {
	int ret;
	struct bpfseal_rules p;
	struct bpfseal_rules_error err;
	struct bpfseal_rule *rules;
	struct bpfseal_rule_value *values;
	char *text;		/* owned copy, the policy points into it */
	bool passes_agree;
};

static void parsed_free(struct parsed *x)
{
	free(x->rules);
	free(x->values);
	free(x->text);
	memset(x, 0, sizeof(*x));
}

/*
 * Parse @len bytes of @text: count, allocate (exactly, or @short_by
 * entries fewer of rules and values), fill. Records whether the two passes
 * agree on the result, the error and the counts.
 */
static void parse_n(struct parsed *x, const char *text, size_t len,
		    unsigned int short_rules, unsigned int short_values)
{
	struct bpfseal_rules_error e1;
	__u32 nr, nv;
	int r1;

	memset(x, 0, sizeof(*x));
	x->text = malloc(len + 1);
	if (!x->text)
		abort();
	memcpy(x->text, text, len);
	x->text[len] = '\0';
	x->p.text = x->text;
	x->p.len = (__u32)len;
	r1 = bpfseal_rules_parse(&x->p, &e1);
	nr = x->p.nr_rules;
	nv = x->p.nr_values;
	if (r1) {
		x->ret = r1;
		x->err = e1;
		/* the fill pass of a refused text must refuse it the same way */
		nr = nr > short_rules ? nr - short_rules : 0;
		nv = nv > short_values ? nv - short_values : 0;
	} else {
		nr = nr > short_rules ? nr - short_rules : 0;
		nv = nv > short_values ? nv - short_values : 0;
	}
	x->rules = calloc(nr + 1, sizeof(*x->rules));
	x->values = calloc(nv + 1, sizeof(*x->values));
	if (!x->rules || !x->values)
		abort();
	x->p.rules = x->rules;
	x->p.max_rules = nr;
	x->p.values = x->values;
	x->p.max_values = nv;
	x->ret = bpfseal_rules_parse(&x->p, &x->err);
	x->passes_agree = x->ret == r1 && x->err.line == e1.line &&
		x->err.col == e1.col && x->err.msg == e1.msg;
	if (!r1 && !x->ret)
		x->passes_agree = x->passes_agree && x->p.nr_rules == nr &&
			x->p.nr_values == nv;
}

static void parse(struct parsed *x, const char *text)
{
	parse_n(x, text, strlen(text), 0, 0);
}

/* The formatted policy, malloc'ed. */
static char *format(const struct bpfseal_rules *p)
{
	__u32 n = bpfseal_rules_format(p, NULL, 0);
	char *buf = malloc(n + 1);

	if (!buf)
		abort();
	if (bpfseal_rules_format(p, buf, n + 1) != n || strlen(buf) != n)
		abort();
	return buf;
}

/* Every message a case saw, to compare with those in rules.h. */
#define MAX_SEEN 128
static const char *seen[MAX_SEEN];
static int nr_seen;

static void saw(const char *msg)
{
	int i;

	for (i = 0; i < nr_seen; i++)
		if (!strcmp(seen[i], msg))
			return;
	if (nr_seen < MAX_SEEN)
		seen[nr_seen++] = msg;
}

/*
 * Round trip: format(parse(x)) parses, and formats to the same text;
 * evaluation of @ctx (when given) picks the same rule in both.
 */
static bool round_trip(struct parsed *x, char **out)
{
	struct parsed y;
	char *a = format(&x->p), *b;
	bool ok;

	parse(&y, a);
	ok = y.ret == 0 && y.passes_agree;
	if (ok) {
		b = format(&y.p);
		ok = !strcmp(a, b);
		free(b);
	}
	parsed_free(&y);
	if (out)
		*out = a;
	else
		free(a);
	return ok;
}

/* --- valid values: parse and normalize ------------------------------------ */

/* A policy's first line, and its last: the rules of a case go between. */
#define HDR "policy_name=t policy_version=1.0.0\n"
#define DFLT "DEFAULT action=DENY\n"

#define D64A "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
#define D64B "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"

struct norm_case {
	const char *name;
	const char *rule;	/* one line between HDR and DFLT */
	const char *want;	/* its normalized form */
};

static const struct norm_case norm_cases[] = {
	{ "verdict-one", "verdict=OK action=ALLOW", NULL },
	{ "verdict-all-reordered",
	  "verdict=BADSIG,FAULT,UNEXPECTED,UNKNOWNKEY,PARTIALSIG,UNSIGNED,OK action=DENY",
	  "verdict=OK,UNSIGNED,PARTIALSIG,UNKNOWNKEY,UNEXPECTED,FAULT,BADSIG action=DENY" },
	{ "scheme-all", "scheme=upstream+maps,none,hornet,upstream action=AUDIT",
	  "scheme=none,hornet,upstream,upstream+maps action=AUDIT" },
	{ "keyring-all", "keyring=none,platform,secondary,builtin,bpfseal action=ALLOW",
	  "keyring=bpfseal,builtin,secondary,platform,none action=ALLOW" },
	{ "signer-1-byte", "signer=0A action=ALLOW", "signer=0a action=ALLOW" },
	{ "signer-32-bytes-upper",
	  "signer=00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF action=ALLOW",
	  "signer=" D64A " action=ALLOW" },
	{ "signer-list-keeps-order", "signer=ff,0a0b,01 action=ALLOW", NULL },
	{ "origin-all", "origin=loader,kernel,user action=ALLOW",
	  "origin=user,kernel,loader action=ALLOW" },
	{ "prog_type-first-last", "prog_type=netfilter,socket_filter action=ALLOW",
	  "prog_type=socket_filter,netfilter action=ALLOW" },
	{ "prog_type-some", "prog_type=xdp,cgroup_skb,kprobe,lsm action=ALLOW",
	  "prog_type=kprobe,xdp,cgroup_skb,lsm action=ALLOW" },
	{ "attach_type-first-last",
	  "attach_type=trace_fsession_multi,cgroup_inet_ingress action=ALLOW",
	  "attach_type=cgroup_inet_ingress,trace_fsession_multi action=ALLOW" },
	{ "digest-lower", "digest=" D64A " action=ALLOW", NULL },
	{ "digest-mixed-case-two",
	  "digest=" D64B ",00112233445566778899AABBCCDDEEFF00112233445566778899aabbccddeeff action=ALLOW",
	  "digest=" D64B "," D64A " action=ALLOW" },
	{ "pid1-true", "pid1=true action=ALLOW", NULL },
	{ "pid1-both", "pid1=true,false action=ALLOW", "pid1=false,true action=ALLOW" },
	{ "exe", "exe=/usr/lib/systemd/systemd action=ALLOW", NULL },
	{ "exe-dots-in-names", "exe=/opt/a.b/..c/.d/x... action=ALLOW", NULL },
	{ "exe-list", "exe=/b,/a action=ALLOW", NULL },
	{ "uid-0", "uid=0 action=ALLOW", NULL },
	{ "uid-max", "uid=4294967294 action=ALLOW", NULL },
	{ "uid-list", "uid=1000,0,65534 action=ALLOW", NULL },
	{ "cgroup-root", "cgroup=/ action=ALLOW", NULL },
	{ "cgroup-deep", "cgroup=/system.slice/systemd-networkd.service action=ALLOW", NULL },
	{ "every-property-reordered",
	  "cgroup=/a uid=1 exe=/e pid1=false digest=" D64A " attach_type=xdp "
	  "prog_type=xdp origin=user signer=01 keyring=none scheme=none verdict=UNSIGNED action=ALLOW",
	  "verdict=UNSIGNED scheme=none keyring=none signer=01 origin=user prog_type=xdp "
	  "attach_type=xdp digest=" D64A " pid1=false exe=/e uid=1 cgroup=/a action=ALLOW" },
	{ "tabs-comments-crlf", "\t uid=1 \t action=ALLOW\t# a comment, anything: \x01\xff\r",
	  "uid=1 action=ALLOW" },
	{ "comment-glued-to-token", "uid=1 action=ALLOW#no space", "uid=1 action=ALLOW" },
};

static void run_norm_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof(norm_cases) / sizeof(norm_cases[0]); i++) {
		const struct norm_case *c = &norm_cases[i];
		char text[8192], want[8192], *got;
		struct parsed x;
		bool ok;

		snprintf(text, sizeof(text), HDR "%s\n" DFLT, c->rule);
		/* normalized: the header, the rule, the DEFAULT last */
		snprintf(want, sizeof(want), HDR "%s\n" DFLT,
			 c->want ? c->want : c->rule);
		parse(&x, text);
		if (x.ret) {
			result(false, "normalize/%s: refused at %u:%u: %s", c->name,
			       x.err.line, x.err.col, x.err.msg);
			parsed_free(&x);
			continue;
		}
		got = format(&x.p);
		ok = !strcmp(got, want) && x.passes_agree && x.p.nr_rules == 1 &&
			x.rules[0].line == 2;
		result(ok, "normalize/%s%s%s", c->name, ok ? "" : ": got ",
		       ok ? "" : got);
		free(got);
		result(round_trip(&x, NULL), "round-trip/%s", c->name);
		parsed_free(&x);
	}
}

/* --- the evaluator ----------------------------------------------------------- */

static const __u8 DA[32] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
			     0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
			     0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
			     0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
static const __u8 DB[32] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
			     0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
			     0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
			     0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xfe };
static const __u8 S2[2] = { 0x0a, 0x0b };
static const __u8 S3[3] = { 0x0a, 0x0b, 0x0c };

/* An unsigned user-space load of a socket filter by uid 0, nothing known. */
#pragma GCC diagnostic ignored "-Woverride-init"
#define CTX(...) ((struct bpfseal_rule_ctx){				\
	.verdict = BPFSEAL_VERDICT_UNSIGNED, .scheme = BPFSEAL_SCHEME_NONE, \
	.keyring = -1, .origin = BPFSEAL_ORIGIN_USER, .prog_type = 1,	\
	.attach_type = 0, __VA_ARGS__ })
#define STR(field, s) .field = s, .field##_len = sizeof(s) - 1

struct eval_case {
	const char *name;
	const char *rules;	/* lines between HDR and DFLT */
	struct bpfseal_rule_ctx ctx;
	int want;		/* rule index, -1 for the DEFAULT */
};

static const struct eval_case eval_cases[] = {
	{ "default-when-nothing-matches", "uid=5 action=ALLOW\n", CTX(), -1 },
	{ "verdict-match", "verdict=OK,BADSIG action=ALLOW\n",
	  CTX(.verdict = BPFSEAL_VERDICT_BADSIG), 0 },
	{ "verdict-no-match", "verdict=OK,BADSIG action=ALLOW\n", CTX(), -1 },
	{ "verdict-none-never-named", "verdict=OK,UNSIGNED,PARTIALSIG,UNKNOWNKEY,"
	  "UNEXPECTED,FAULT,BADSIG action=ALLOW\n",
	  CTX(.verdict = BPFSEAL_VERDICT_NONE), -1 },
	{ "verdict-negative", "verdict=OK action=ALLOW\n", CTX(.verdict = -1), -1 },
	{ "scheme-match", "scheme=upstream+maps action=ALLOW\n",
	  CTX(.scheme = BPFSEAL_SCHEME_UPSTREAM_MAPS), 0 },
	{ "scheme-no-match", "scheme=hornet action=ALLOW\n", CTX(), -1 },
	{ "keyring-none-matches-minus-1", "keyring=none action=ALLOW\n", CTX(), 0 },
	{ "keyring-none-not-bpfseal", "keyring=none action=ALLOW\n",
	  CTX(.keyring = 0), -1 },
	{ "keyring-bpfseal", "keyring=bpfseal action=ALLOW\n", CTX(.keyring = 0), 0 },
	{ "keyring-bpfseal-not-none", "keyring=bpfseal action=ALLOW\n", CTX(), -1 },
	{ "keyring-platform", "keyring=builtin,platform action=ALLOW\n",
	  CTX(.keyring = 3), 0 },
	{ "signer-match", "signer=ff,0A0B action=ALLOW\n",
	  CTX(.signer = S2, .signer_len = 2), 0 },
	{ "signer-longer-no-match", "signer=0a0b action=ALLOW\n",
	  CTX(.signer = S3, .signer_len = 3), -1 },
	{ "signer-shorter-no-match", "signer=0a0b0c action=ALLOW\n",
	  CTX(.signer = S3, .signer_len = 2), -1 },
	{ "signer-absent-no-match", "signer=0a0b action=ALLOW\n", CTX(), -1 },
	{ "origin-match", "origin=kernel,loader action=ALLOW\n",
	  CTX(.origin = BPFSEAL_ORIGIN_LOADER), 0 },
	{ "origin-no-match", "origin=kernel,loader action=ALLOW\n", CTX(), -1 },
	{ "prog_type-match", "prog_type=xdp action=ALLOW\n", CTX(.prog_type = 6), 0 },
	{ "prog_type-no-match", "prog_type=xdp action=ALLOW\n", CTX(.prog_type = 7), -1 },
	{ "prog_type-last-listed", "prog_type=netfilter action=ALLOW\n",
	  CTX(.prog_type = 32), 0 },
	{ "prog_type-63-unnamed", "prog_type=netfilter action=ALLOW\n",
	  CTX(.prog_type = 63), -1 },
	{ "prog_type-64", "prog_type=socket_filter action=ALLOW\n",
	  CTX(.prog_type = 64), -1 },
	{ "prog_type-65-is-not-1", "prog_type=socket_filter action=ALLOW\n",
	  CTX(.prog_type = 65), -1 },
	{ "prog_type-huge", "prog_type=socket_filter action=ALLOW\n",
	  CTX(.prog_type = 0xffffffffU), -1 },
	{ "prog_type-0-unnamed", "prog_type=socket_filter action=ALLOW\n",
	  CTX(.prog_type = 0), -1 },
	{ "attach_type-0", "attach_type=cgroup_inet_ingress action=ALLOW\n", CTX(), 0 },
	{ "attach_type-61", "attach_type=trace_fsession_multi action=ALLOW\n",
	  CTX(.attach_type = 61), 0 },
	{ "attach_type-no-match", "attach_type=xdp action=ALLOW\n",
	  CTX(.attach_type = 36), -1 },
	{ "attach_type-64", "attach_type=cgroup_inet_ingress action=ALLOW\n",
	  CTX(.attach_type = 64), -1 },
	{ "digest-match-second", "digest=" D64B "," D64A " action=ALLOW\n",
	  CTX(.digest = DA), 0 },
	{ "digest-last-byte-differs", "digest=" D64A " action=ALLOW\n",
	  CTX(.digest = DB), -1 },
	{ "digest-absent-no-match", "digest=" D64A " action=ALLOW\n", CTX(), -1 },
	{ "pid1-true", "pid1=true action=ALLOW\n", CTX(.pid1 = true), 0 },
	{ "pid1-true-not-false", "pid1=true action=ALLOW\n", CTX(), -1 },
	{ "pid1-false", "pid1=false action=ALLOW\n", CTX(), 0 },
	{ "exe-match", "exe=/usr/bin/a,/usr/bin/foo action=ALLOW\n",
	  CTX(STR(exe, "/usr/bin/foo")), 0 },
	{ "exe-prefix-no-match", "exe=/usr/bin/foo action=ALLOW\n",
	  CTX(STR(exe, "/usr/bin/fo")), -1 },
	{ "exe-longer-no-match", "exe=/usr/bin/foo action=ALLOW\n",
	  CTX(STR(exe, "/usr/bin/foo/x")), -1 },
	{ "exe-absent-no-match", "exe=/usr/bin/foo action=ALLOW\n", CTX(), -1 },
	{ "uid-match", "uid=0,1000 action=ALLOW\n", CTX(.uid = 1000), 0 },
	{ "uid-no-match", "uid=0,1000 action=ALLOW\n", CTX(.uid = 100), -1 },
	{ "uid-max", "uid=4294967294 action=ALLOW\n", CTX(.uid = 4294967294U), 0 },
	{ "cgroup-equal", "cgroup=/a action=ALLOW\n", CTX(STR(cgroup, "/a")), 0 },
	{ "cgroup-child", "cgroup=/a action=ALLOW\n", CTX(STR(cgroup, "/a/b/c")), 0 },
	{ "cgroup-not-partial-component", "cgroup=/a action=ALLOW\n",
	  CTX(STR(cgroup, "/ab")), -1 },
	{ "cgroup-not-parent", "cgroup=/a/b action=ALLOW\n", CTX(STR(cgroup, "/a")), -1 },
	{ "cgroup-not-root", "cgroup=/a action=ALLOW\n", CTX(STR(cgroup, "/")), -1 },
	{ "cgroup-root-matches-all", "cgroup=/ action=ALLOW\n",
	  CTX(STR(cgroup, "/x.slice/y")), 0 },
	{ "cgroup-root-matches-root", "cgroup=/ action=ALLOW\n", CTX(STR(cgroup, "/")), 0 },
	{ "cgroup-root-not-absent", "cgroup=/ action=ALLOW\n", CTX(), -1 },
	{ "cgroup-absent-no-match", "cgroup=/a action=ALLOW\n", CTX(), -1 },
	{ "cgroup-second-value", "cgroup=/x,/system.slice action=ALLOW\n",
	  CTX(STR(cgroup, "/system.slice/a.service")), 0 },
	{ "every-property-must-match", "uid=0 pid1=true action=ALLOW\n", CTX(), -1 },
	{ "all-properties-match", "uid=0 pid1=false prog_type=socket_filter "
	  "attach_type=cgroup_inet_ingress keyring=none scheme=none verdict=UNSIGNED "
	  "origin=user action=ALLOW\n", CTX(), 0 },
	{ "first-match-decides", "uid=1 action=ALLOW\nuid=0 action=DENY\n"
	  "uid=0 action=ALLOW\n", CTX(), 1 },
};

static void run_eval_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof(eval_cases) / sizeof(eval_cases[0]); i++) {
		const struct eval_case *c = &eval_cases[i];
		char text[4096];
		struct parsed x;
		int got;

		snprintf(text, sizeof(text), HDR "%s" DFLT, c->rules);
		parse(&x, text);
		if (x.ret) {
			result(false, "eval/%s: refused at %u:%u: %s", c->name,
			       x.err.line, x.err.col, x.err.msg);
			parsed_free(&x);
			continue;
		}
		got = bpfseal_rules_eval(&x.p, &c->ctx);
		result(got == c->want, "eval/%s (rule %d, expected %d)", c->name,
		       got, c->want);
		parsed_free(&x);
	}
}

/* The action of the deciding rule, and the DEFAULT's own. */
static void run_eval_actions(void)
{
	struct bpfseal_rule_ctx ctx = CTX();
	struct parsed x;
	int idx;

	parse(&x, "policy_name=t policy_version=1.0.0\nuid=0 action=AUDIT\n"
		  "DEFAULT action=ALLOW\n");
	idx = bpfseal_rules_eval(&x.p, &ctx);
	result(x.ret == 0 && idx == 0 &&
	       bpfseal_rules_rule(&x.p, idx)->action == BPFSEAL_RULE_AUDIT &&
	       bpfseal_rules_rule(&x.p, -1)->action == BPFSEAL_RULE_ALLOW &&
	       bpfseal_rules_rule(&x.p, -1)->props == 0 &&
	       x.rules[0].line == 2,
	       "eval/actions-and-default-after-rules");
	ctx.uid = 1;
	idx = bpfseal_rules_eval(&x.p, &ctx);
	result(idx == -1, "eval/default-decides");
	parsed_free(&x);
}

/* --- errors ---------------------------------------------------------------- */

struct err_case {
	const char *name;
	const char *text;
	size_t len;		/* 0: strlen(text) */
	int ret;		/* 0 means -EINVAL */
	__u32 line, col;
	const char *msg;
};

#define V "policy_name=a policy_version="	/* 29 bytes */

static const struct err_case err_cases[] = {
	{ "empty-text", "", 0, 0, 0, 0,
	  "the policy is empty: it needs policy_name=NAME policy_version=X.Y.Z" },
	{ "comments-only", "# nothing\n\n   \t# more\n", 0, 0, 0, 0,
	  "the policy is empty: it needs policy_name=NAME policy_version=X.Y.Z" },
	{ "no-default", V "1.0.0\nuid=0 action=ALLOW\n", 0, 0, 0, 0,
	  "the policy has no DEFAULT action= line" },
	{ "header-not-first", "DEFAULT action=DENY\n", 0, 0, 1, 1,
	  "the policy must start with policy_name=NAME policy_version=X.Y.Z" },
	{ "header-short-token", "\n  polic=a\n", 0, 0, 2, 3,
	  "the policy must start with policy_name=NAME policy_version=X.Y.Z" },
	{ "name-empty", "policy_name= policy_version=1.0.0\n", 0, 0, 1, 13,
	  "policy_name is empty" },
	{ "name-65", "policy_name=aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeeeeee"
	  "ffffffffffggggg policy_version=1.0.0\nDEFAULT action=DENY\n", 0, 0, 1, 13,
	  "policy_name is too long" },
	{ "name-bad-char", "policy_name=a/b policy_version=1.0.0\n", 0, 0, 1, 14,
	  "policy_name may only have letters, digits, '_', '-' and '.'" },
	{ "version-missing", "policy_name=a\n", 0, 0, 1, 14,
	  "policy_version=X.Y.Z must follow policy_name" },
	{ "version-not-second", "policy_name=a x=1 policy_version=1.0.0\n", 0, 0, 1, 15,
	  "policy_version=X.Y.Z must follow policy_name" },
	{ "header-extra-token", V "1.0.0 x\n", 0, 0, 1, 36,
	  "the header line has only policy_name and policy_version" },
	{ "version-two-parts", V "1.2\n", 0, 0, 1, 30, "policy_version must be X.Y.Z" },
	{ "version-one-part", V "7\n", 0, 0, 1, 30, "policy_version must be X.Y.Z" },
	{ "version-four-parts", V "1.2.3.4\n", 0, 0, 1, 37,
	  "policy_version must be X.Y.Z, decimal numbers without leading zeros" },
	{ "version-leading-zero", V "01.0.0\n", 0, 0, 1, 31,
	  "policy_version must be X.Y.Z, decimal numbers without leading zeros" },
	{ "version-empty-part", V "1..0\n", 0, 0, 1, 32,
	  "policy_version must be X.Y.Z, decimal numbers without leading zeros" },
	{ "version-empty", V "\n", 0, 0, 1, 30,
	  "policy_version must be X.Y.Z, decimal numbers without leading zeros" },
	{ "version-letter", V "1.x.0\n", 0, 0, 1, 32,
	  "policy_version must be X.Y.Z, decimal numbers without leading zeros" },
	{ "version-trailing-dot", V "1.2.3.\n", 0, 0, 1, 36,
	  "policy_version must be X.Y.Z, decimal numbers without leading zeros" },
	{ "version-part-65536", V "1.65536.0\n", 0, 0, 1, 36,
	  "a policy_version part is above 65535" },
	{ "hex-odd", HDR "digest=abc action=ALLOW\n" DFLT, 0, 0, 2, 8,
	  "a hex value needs an even number of digits" },
	{ "digest-short", HDR "digest=abcd action=ALLOW\n" DFLT, 0, 0, 2, 8,
	  "a digest is 64 hex digits (SHA-256)" },
	{ "digest-long", HDR "digest=" D64A "00 action=ALLOW\n" DFLT, 0, 0, 2, 8,
	  "a digest is 64 hex digits (SHA-256)" },
	{ "signer-33-bytes", HDR "signer=" D64A "00 action=ALLOW\n" DFLT, 0, 0, 2, 8,
	  "a signer is 1 to 32 bytes in hex" },
	{ "signer-low-digit-bad", HDR "signer=0g action=ALLOW\n" DFLT, 0, 0, 2, 9,
	  "not a hex digit" },
	{ "signer-high-digit-bad", HDR "signer=ab,g0 action=ALLOW\n" DFLT, 0, 0, 2, 11,
	  "not a hex digit" },
	{ "uid-letter", HDR "uid=1a action=ALLOW\n" DFLT, 0, 0, 2, 6,
	  "a uid is a decimal number" },
	{ "uid-sign", HDR "uid=-1 action=ALLOW\n" DFLT, 0, 0, 2, 5,
	  "a uid is a decimal number" },
	{ "uid-leading-zero", HDR "uid=01 action=ALLOW\n" DFLT, 0, 0, 2, 6,
	  "a uid has no leading zeros" },
	{ "uid-4294967295", HDR "uid=4294967295 action=ALLOW\n" DFLT, 0, 0, 2, 5,
	  "a uid is below 4294967295" },
	{ "uid-huge", HDR "uid=0,99999999999999999999999 action=ALLOW\n" DFLT, 0, 0, 2, 7,
	  "a uid is below 4294967295" },
	{ "exe-relative", HDR "exe=bin/x action=ALLOW\n" DFLT, 0, 0, 2, 5,
	  "a path must be absolute" },
	{ "cgroup-relative", HDR "cgroup=x action=ALLOW\n" DFLT, 0, 0, 2, 8,
	  "a path must be absolute" },
	{ "exe-root", HDR "exe=/ action=ALLOW\n" DFLT, 0, 0, 2, 5,
	  "exe= needs a file, not /" },
	{ "exe-empty-component", HDR "exe=/a//b action=ALLOW\n" DFLT, 0, 0, 2, 7,
	  "a path has no empty, '.' or '..' component and no trailing '/'" },
	{ "exe-dot", HDR "exe=/a/./b action=ALLOW\n" DFLT, 0, 0, 2, 7,
	  "a path has no empty, '.' or '..' component and no trailing '/'" },
	{ "exe-dotdot-last", HDR "exe=/a/.. action=ALLOW\n" DFLT, 0, 0, 2, 7,
	  "a path has no empty, '.' or '..' component and no trailing '/'" },
	{ "cgroup-trailing-slash", HDR "cgroup=/a/ action=ALLOW\n" DFLT, 0, 0, 2, 10,
	  "a path has no empty, '.' or '..' component and no trailing '/'" },
	{ "cgroup-double-slash", HDR "cgroup=// action=ALLOW\n" DFLT, 0, 0, 2, 8,
	  "a path has no empty, '.' or '..' component and no trailing '/'" },
	{ "name-value-twice", HDR "prog_type=xdp,xdp action=ALLOW\n" DFLT, 0, 0, 2, 15,
	  "a value is given twice" },
	{ "uid-twice", HDR "uid=1,2,1 action=ALLOW\n" DFLT, 0, 0, 2, 9,
	  "a value is given twice" },
	{ "signer-twice-other-case", HDR "signer=ab,AB action=ALLOW\n" DFLT, 0, 0, 2, 11,
	  "a value is given twice" },
	{ "digest-twice", HDR "digest=" D64A "," D64A " action=ALLOW\n" DFLT, 0, 0, 2, 73,
	  "a value is given twice" },
	{ "exe-twice", HDR "exe=/a,/b,/a action=ALLOW\n" DFLT, 0, 0, 2, 11,
	  "a value is given twice" },
	{ "cgroup-twice", HDR "cgroup=/,/ action=ALLOW\n" DFLT, 0, 0, 2, 10,
	  "a value is given twice" },
	{ "not-prop-value", HDR "uid action=ALLOW\n" DFLT, 0, 0, 2, 1,
	  "expected PROPERTY=VALUE" },
	{ "default-inside-rule", HDR "uid=0 DEFAULT action=ALLOW\n" DFLT, 0, 0, 2, 7,
	  "expected PROPERTY=VALUE" },
	{ "unknown-property", HDR "gid=0 action=ALLOW\n" DFLT, 0, 0, 2, 1,
	  "unknown property" },
	{ "property-case", HDR "UID=0 action=ALLOW\n" DFLT, 0, 0, 2, 1,
	  "unknown property" },
	{ "property-twice", HDR "uid=1 uid=2 action=ALLOW\n" DFLT, 0, 0, 2, 7,
	  "a property is named twice in a rule; list its values with commas" },
	{ "empty-value-alone", HDR "uid= action=ALLOW\n" DFLT, 0, 0, 2, 5, "empty value" },
	{ "empty-value-trailing-comma", HDR "uid=1, action=ALLOW\n" DFLT, 0, 0, 2, 7,
	  "empty value" },
	{ "empty-value-leading-comma", HDR "prog_type=,xdp action=ALLOW\n" DFLT, 0, 0, 2, 11,
	  "empty value" },
	{ "unknown-name", HDR "prog_type=foo action=ALLOW\n" DFLT, 0, 0, 2, 11,
	  "unknown value for this property" },
	{ "verdict-lower-case", HDR "verdict=ok action=ALLOW\n" DFLT, 0, 0, 2, 9,
	  "unknown value for this property" },
	{ "verdict-none-not-named", HDR "verdict=NONE action=ALLOW\n" DFLT, 0, 0, 2, 9,
	  "unknown value for this property" },
	{ "pid1-number", HDR "pid1=1 action=ALLOW\n" DFLT, 0, 0, 2, 6,
	  "unknown value for this property" },
	{ "action-twice", HDR "uid=1 action=ALLOW action=DENY\n" DFLT, 0, 0, 2, 20,
	  "action= is given twice" },
	{ "action-lower-case", HDR "uid=1 action=allow\n" DFLT, 0, 0, 2, 14,
	  "action must be ALLOW, DENY or AUDIT" },
	{ "action-empty", HDR "uid=1 action=\n" DFLT, 0, 0, 2, 14,
	  "action must be ALLOW, DENY or AUDIT" },
	{ "default-with-property", V "1.0.0\nDEFAULT uid=1 action=ALLOW\n", 0, 0, 2, 9,
	  "DEFAULT takes only action=" },
	{ "property-after-action", HDR "uid=1 action=ALLOW uid=2\n" DFLT, 0, 0, 2, 20,
	  "action= ends a rule" },
	{ "rule-without-action", HDR "uid=1\n" DFLT, 0, 0, 2, 6,
	  "a rule ends with action=ALLOW, DENY or AUDIT" },
	{ "rule-without-action-comment", HDR "uid=1 # action=ALLOW\n" DFLT, 0, 0, 2, 6,
	  "a rule ends with action=ALLOW, DENY or AUDIT" },
	{ "default-without-action", V "1.0.0\n  DEFAULT\n", 0, 0, 2, 10,
	  "a rule ends with action=ALLOW, DENY or AUDIT" },
	{ "rule-without-property", HDR "action=ALLOW\n" DFLT, 0, 0, 2, 1,
	  "a rule names at least one property (DEFAULT decides the rest)" },
	{ "default-twice", HDR "uid=0 action=ALLOW\n" DFLT "DEFAULT action=ALLOW\n", 0, 0, 4, 1,
	  "DEFAULT is given twice" },
	{ "default-twice-after-comments", HDR DFLT "# c\n\n\t DEFAULT action=DENY # again\n",
	  0, 0, 5, 3, "DEFAULT is given twice" },
	{ "default-twice-first-alone", V "1.0.0\nDEFAULT action=DENY\nDEFAULT action=DENY\n"
	  "uid=0 action=ALLOW\n", 0, 0, 3, 1, "DEFAULT is given twice" },
	/* DEFAULT is last: only comments and blank lines after it */
	{ "rule-after-default", HDR DFLT "uid=0 action=ALLOW\n", 0, 0, 3, 1,
	  "DEFAULT ends the policy: no rule after it" },
	{ "rule-after-default-comments-indented", HDR "uid=1 action=DENY\n" DFLT
	  "# more rules\n\n  \tverdict=OK action=ALLOW # late\n", 0, 0, 6, 4,
	  "DEFAULT ends the policy: no rule after it" },
	{ "rule-after-default-crlf", V "1.0.0\r\nDEFAULT action=DENY\r\n\r\n"
	  " uid=0 action=ALLOW\r\n", 0, 0, 4, 2,
	  "DEFAULT ends the policy: no rule after it" },
	{ "rule-after-default-no-newline", HDR DFLT "prog_type=xdp action=ALLOW", 0, 0, 3, 1,
	  "DEFAULT ends the policy: no rule after it" },
	{ "rule-after-default-then-default", HDR DFLT "uid=0 action=ALLOW\n" DFLT, 0, 0, 3, 1,
	  "DEFAULT ends the policy: no rule after it" },
	/* a rule after DEFAULT is checked first: its own error is the first */
	{ "bad-rule-after-default", HDR DFLT "uid=1a action=ALLOW\n", 0, 0, 3, 6,
	  "a uid is a decimal number" },
	{ "cut-before-default", HDR "uid=0 action=ALLOW\n# the rest\nuid=1 action=DENY\n",
	  0, 0, 0, 0, "the policy has no DEFAULT action= line" },
	{ "nul-byte", HDR "uid=1\0 action=ALLOW\n" DFLT,
	  sizeof(HDR "uid=1\0 action=ALLOW\n" DFLT) - 1, 0, 2, 6, "a NUL byte in the policy" },
	{ "nul-byte-in-comment-after-default", HDR DFLT "# \0\n", sizeof(HDR DFLT "# \0\n") - 1,
	  0, 3, 3, "a NUL byte in the policy" },
	{ "cr-inside-line", HDR "uid=1\r action=ALLOW\n" DFLT, 0, 0, 2, 6,
	  "a carriage return inside a line" },
	{ "cr-alone-inside", HDR "\r\r\n" DFLT, 0, 0, 2, 1,
	  "a carriage return inside a line" },
	{ "control-char-token-start", HDR "\x0buid=1 action=ALLOW\n" DFLT, 0, 0, 2, 1,
	  "only printable ASCII is allowed outside comments" },
	{ "del-token-start", HDR "uid=1 \x7f action=ALLOW\n" DFLT, 0, 0, 2, 7,
	  "only printable ASCII is allowed outside comments" },
	{ "high-byte-inside-token", HDR "exe=/a\xc3\xa9 action=ALLOW\n" DFLT, 0, 0, 2, 7,
	  "only printable ASCII is allowed outside comments" },
};

static void run_err_cases(void)
{
	size_t i;

	for (i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
		const struct err_case *c = &err_cases[i];
		int want = c->ret ? c->ret : -EINVAL;
		struct parsed x;
		bool ok;

		parse_n(&x, c->text, c->len ? c->len : strlen(c->text), 0, 0);
		ok = x.ret == want && x.err.line == c->line && x.err.col == c->col &&
			x.err.msg && !strcmp(x.err.msg, c->msg) && x.passes_agree;
		if (ok)
			saw(c->msg);
		result(ok, "error/%s: %d %u:%u %s%s", c->name, x.ret, x.err.line,
		       x.err.col, x.err.msg ? x.err.msg : "(no message)",
		       x.passes_agree ? "" : " (the two passes disagree)");
		parsed_free(&x);
	}
}

/* The fill pass given less room than the count pass asked for. */
static void run_internal_errors(void)
{
	const char *t = HDR "uid=1,2 action=ALLOW\nuid=3 action=ALLOW\n" DFLT;
	struct parsed x;
	bool ok;

	parse_n(&x, t, strlen(t), 1, 0);
	ok = x.ret == -EINVAL && x.err.line == 3 && x.err.col == 1 &&
		!strcmp(x.err.msg, "internal: more rules than counted");
	if (ok)
		saw(x.err.msg);
	result(ok, "error/internal-rules: %u:%u %s", x.err.line, x.err.col,
	       x.err.msg ? x.err.msg : "");
	parsed_free(&x);

	parse_n(&x, t, strlen(t), 0, 1);
	ok = x.ret == -EINVAL && x.err.line == 3 && x.err.col == 5 &&
		!strcmp(x.err.msg, "internal: more values than counted");
	if (ok)
		saw(x.err.msg);
	result(ok, "error/internal-values: %u:%u %s", x.err.line, x.err.col,
	       x.err.msg ? x.err.msg : "");
	parsed_free(&x);
}

/* --- limits -------------------------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
};

static void bput(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if (b->len + (size_t)n < b->cap)
			break;
		b->cap = (b->cap + (size_t)n) * 2 + 64;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	b->len += (size_t)n;
}

static void bchars(struct buf *b, char c, size_t n)
{
	while (n--)
		bput(b, "%c", c);
}

/* Check @b: accepted, or refused with @msg at @line:@col. */
static void limit_case(const char *name, struct buf *b, const char *msg,
		       __u32 line, __u32 col, int ret)
{
	struct parsed x;
	bool ok;

	parse_n(&x, b->p ? b->p : "", b->len, 0, 0);
	if (!msg) {
		ok = x.ret == 0 && x.passes_agree;
		if (ok)
			ok = round_trip(&x, NULL);
		result(ok, "limit/%s: accepted%s%s", name, x.ret ? ", refused: " : "",
		       x.ret ? x.err.msg : "");
	} else {
		ok = x.ret == ret && x.err.msg && !strcmp(x.err.msg, msg) &&
			x.err.line == line && x.err.col == col && x.passes_agree;
		if (ok)
			saw(msg);
		result(ok, "limit/%s: %d %u:%u %s", name, x.ret, x.err.line,
		       x.err.col, x.err.msg ? x.err.msg : "(accepted)");
	}
	parsed_free(&x);
	free(b->p);
	memset(b, 0, sizeof(*b));
}

static void run_limits(void)
{
	struct buf b = { 0 };
	int i, n;

	/* policy_name: 64 accepted (65 is in the error table) */
	bput(&b, "policy_name=");
	bchars(&b, 'n', BPFSEAL_POLICY_MAX_NAME);
	bput(&b, " policy_version=65535.65535.65535\nDEFAULT action=DENY\n");
	limit_case("name-64", &b, NULL, 0, 0, 0);

	/* rules */
	for (n = BPFSEAL_POLICY_MAX_RULES; n <= BPFSEAL_POLICY_MAX_RULES + 1; n++) {
		bput(&b, HDR);
		for (i = 0; i < n; i++)
			bput(&b, "uid=%d action=ALLOW\n", i);
		bput(&b, DFLT);
		if (n == BPFSEAL_POLICY_MAX_RULES)
			limit_case("rules-1024", &b, NULL, 0, 0, 0);
		else
			limit_case("rules-1025", &b, "too many rules",
				   1 + BPFSEAL_POLICY_MAX_RULES + 1, 1, -EINVAL);
	}

	/*
	 * line length, without its newline: a comment line (after the
	 * DEFAULT), a rule line, and the DEFAULT as the last line without
	 * a newline
	 */
	bput(&b, HDR DFLT "#");
	bchars(&b, 'x', BPFSEAL_POLICY_MAX_LINE - 1);
	bput(&b, "\n");
	limit_case("line-4096", &b, NULL, 0, 0, 0);
	bput(&b, HDR DFLT "#");
	bchars(&b, 'x', BPFSEAL_POLICY_MAX_LINE);
	bput(&b, "\n");
	limit_case("line-4097", &b, "the line is longer than the limit", 3,
		   BPFSEAL_POLICY_MAX_LINE + 1, -EINVAL);
	bput(&b, HDR "uid=0 action=ALLOW");
	bchars(&b, ' ', BPFSEAL_POLICY_MAX_LINE - 18);
	bput(&b, "\nDEFAULT action=DENY");
	bchars(&b, ' ', BPFSEAL_POLICY_MAX_LINE - 19);
	limit_case("rule-line-4096-default-line-4096-no-newline", &b, NULL, 0, 0, 0);
	bput(&b, HDR "uid=0 action=ALLOW\nDEFAULT action=DENY");
	bchars(&b, ' ', BPFSEAL_POLICY_MAX_LINE - 18);
	limit_case("default-line-4097-no-newline", &b, "the line is longer than the limit",
		   3, BPFSEAL_POLICY_MAX_LINE + 1, -EINVAL);

	/* values in one property */
	for (n = BPFSEAL_POLICY_MAX_SET; n <= BPFSEAL_POLICY_MAX_SET + 1; n++) {
		bput(&b, HDR "uid=0");
		for (i = 1; i < n; i++)
			bput(&b, ",%d", i);
		bput(&b, " action=ALLOW\n" DFLT);
		if (n == BPFSEAL_POLICY_MAX_SET)
			limit_case("set-64", &b, NULL, 0, 0, 0);
		else	/* "uid=0" then ",1".. ",9" (2 each), ",10".. ",63" (3 each) */
			limit_case("set-65", &b, "too many values in one property",
				   2, 5 + 1 + 9 * 2 + 54 * 3 + 1, -EINVAL);
	}

	/* every attach type in one rule, each once: under the set limit */
	bput(&b, HDR "attach_type=");
	for (i = 0; bpfseal_rule_attach_types[i].name; i++)
		bput(&b, "%s%s", i ? "," : "", bpfseal_rule_attach_types[i].name);
	bput(&b, " action=ALLOW\n" DFLT);
	limit_case("every-attach-type", &b, NULL, 0, 0, 0);

	/* tokens on one line: 15 refused where the 15th starts */
	bput(&b, HDR "verdict=OK scheme=none keyring=none signer=01 origin=user "
	     "prog_type=xdp attach_type=xdp digest=" D64A " pid1=true exe=/e uid=0 "
	     "cgroup=/ action=ALLOW\n" DFLT);
	limit_case("tokens-13-every-property", &b, NULL, 0, 0, 0);
	/* 14 tokens reach the rule's own checks (a 14th cannot be valid) */
	bput(&b, HDR "verdict=OK scheme=none keyring=none signer=01 origin=user "
	     "prog_type=xdp attach_type=xdp digest=" D64A " pid1=true exe=/e uid=0 "
	     "cgroup=/ uid=1 action=ALLOW\n" DFLT);
	limit_case("tokens-14", &b,
		   "a property is named twice in a rule; list its values with commas",
		   2, 193, -EINVAL);
	bput(&b, HDR "verdict=OK scheme=none keyring=none signer=01 origin=user "
	     "prog_type=xdp attach_type=xdp digest=" D64A " pid1=true exe=/e uid=0 "
	     "cgroup=/ uid=1 x action=ALLOW\n" DFLT);
	limit_case("tokens-15", &b, "too many properties on one line", 2, 201,
		   -EINVAL);

	/*
	 * size: 65536 accepted, 65537 refused (comments after the DEFAULT,
	 * the last without a newline)
	 */
	for (n = BPFSEAL_POLICY_MAX_SIZE; n <= BPFSEAL_POLICY_MAX_SIZE + 1; n++) {
		bput(&b, HDR DFLT);
		while (b.len + 4001 < (size_t)n) {
			bput(&b, "#");
			bchars(&b, 'y', 3999);
			bput(&b, "\n");
		}
		bput(&b, "#");
		bchars(&b, 'z', (size_t)n - b.len);
		if (n == BPFSEAL_POLICY_MAX_SIZE)
			limit_case("size-65536", &b, NULL, 0, 0, 0);
		else
			limit_case("size-65537", &b, "the policy is larger than the limit",
				   0, 0, -E2BIG);
	}
}

/* --- round trip of larger policies ----------------------------------------- */

static const char *const rt_policies[] = {
	"# a comment before the header\n"
	"   policy_name=systemd-1.x   policy_version=0.10.65535   # trailing\n"
	"\n"
	"verdict=OK keyring=bpfseal,builtin action=ALLOW\n"
	"prog_type=cgroup_skb,cgroup_device attach_type=cgroup_inet_egress,cgroup_inet_ingress,cgroup_device "
	"exe=/usr/lib/systemd/systemd pid1=true action=ALLOW\n"
	"digest=" D64B "," D64A " cgroup=/system.slice,/init.scope action=AUDIT\n"
	"\tsigner=AbCd\tuid=0,1,2 origin=kernel,loader action=DENY\r\n"
	"  DEFAULT\taction=AUDIT   # last\r\n"
	"\n"
	"# comments and blank lines after the DEFAULT are fine\n"
	" \t \r\n"
	"# DEFAULT action=ALLOW (a comment)",
	"policy_name=x policy_version=1.0.0\r\nDEFAULT action=ALLOW",
	/* the header, then the DEFAULT at once: no rules */
	"policy_name=x policy_version=1.0.0\nDEFAULT action=DENY\n\n\n#\n",
};

static void run_round_trips(void)
{
	size_t i;

	for (i = 0; i < sizeof(rt_policies) / sizeof(rt_policies[0]); i++) {
		struct parsed x;
		char *out = NULL;
		bool ok;

		parse(&x, rt_policies[i]);
		ok = x.ret == 0 && x.passes_agree && round_trip(&x, &out);
		result(ok, "round-trip/policy-%zu%s%s", i, x.ret ? ": " : "",
		       x.ret ? x.err.msg : "");
		if (i == 0)
			result(out && !strcmp(out,
				"policy_name=systemd-1.x policy_version=0.10.65535\n"
				"verdict=OK keyring=bpfseal,builtin action=ALLOW\n"
				"prog_type=cgroup_skb,cgroup_device attach_type=cgroup_inet_ingress,"
				"cgroup_inet_egress,cgroup_device pid1=true exe=/usr/lib/systemd/systemd action=ALLOW\n"
				"digest=" D64B "," D64A " cgroup=/system.slice,/init.scope action=AUDIT\n"
				"signer=abcd origin=kernel,loader uid=0,1,2 action=DENY\n"
				"DEFAULT action=AUDIT\n"),
			       "format/policy-0-default-last");
		if (i == 0)
			result(x.ret == 0 && x.p.nr_rules == 4 && x.p.dflt.line == 8 &&
			       x.p.dflt.action == BPFSEAL_RULE_AUDIT &&
			       x.rules[3].line == 7,
			       "parse/policy-0-default-line-8-rules-4-to-7");
		if (i == 2)
			result(out && !strcmp(out, "policy_name=x policy_version=1.0.0\n"
					      "DEFAULT action=DENY\n"),
			       "format/policy-2-no-rules");
		free(out);
		parsed_free(&x);
	}
}

/*
 * The printer writes the DEFAULT last, after the rules in order, wherever
 * the comments are: the normalized text parses again (the grammar wants
 * DEFAULT last), and a copy of it cut at any line boundary before its
 * last line has no DEFAULT and is refused.
 */
static void run_format_default_last(void)
{
	static const char text[] =
		"# leading comment\n"
		"policy_name=last policy_version=3.2.1\n"
		"uid=2 action=DENY\n"
		"\n"
		"prog_type=xdp,kprobe action=AUDIT # a comment\n"
		"exe=/a action=ALLOW\n"
		"DEFAULT action=ALLOW\n"
		"# trailing comment\n"
		"\n";
	static const char want[] =
		"policy_name=last policy_version=3.2.1\n"
		"uid=2 action=DENY\n"
		"prog_type=kprobe,xdp action=AUDIT\n"
		"exe=/a action=ALLOW\n"
		"DEFAULT action=ALLOW\n";
	struct parsed x, y;
	char *out = NULL;
	size_t k;
	bool ok;

	parse(&x, text);
	ok = x.ret == 0 && x.passes_agree && round_trip(&x, &out);
	ok = ok && !strcmp(out, want);
	result(ok, "format/default-last%s%s", ok ? "" : ": got ",
	       ok ? "" : out ? out : "(none)");
	if (!ok) {
		free(out);
		parsed_free(&x);
		return;
	}
	/* the normalized text has the same rules on its own lines */
	parse(&y, out);
	result(y.ret == 0 && y.p.nr_rules == 3 && y.rules[0].line == 2 &&
	       y.rules[2].line == 4 && y.p.dflt.line == 5 &&
	       y.p.dflt.action == BPFSEAL_RULE_ALLOW &&
	       bpfseal_rules_eval(&y.p, &CTX(.uid = 2)) == 0 &&
	       bpfseal_rules_eval(&y.p, &CTX(.uid = 3)) == -1,
	       "format/default-last-reparsed");
	parsed_free(&y);
	/* cut short at each line boundary before the DEFAULT: refused */
	ok = true;
	for (k = 0; out[k]; k++) {
		if (k && out[k - 1] != '\n')
			continue;
		if (!strncmp(out + k, "DEFAULT ", 8))
			break;
		parse_n(&y, out, k, 0, 0);
		if (y.ret != -EINVAL || !y.passes_agree || !y.err.msg ||
		    (k && strcmp(y.err.msg, "the policy has no DEFAULT action= line"))) {
			ok = false;
			printf("    cut at %zu: %d %s\n", k, y.ret,
			       y.err.msg ? y.err.msg : "(accepted)");
		}
		parsed_free(&y);
	}
	result(ok && !strncmp(out + k, "DEFAULT action=ALLOW\n", 21) && !out[k + 21],
	       "format/default-last-cut-short-refused");
	free(out);
	parsed_free(&x);
}

/* bpfseal_rule_format() of single rules, and cut output. */
static void run_rule_format(void)
{
	struct parsed x;
	char buf[64], small[8];
	__u32 n;

	parse(&x, HDR "exe=/a uid=7 action=AUDIT\n" DFLT);
	n = bpfseal_rule_format(&x.p, 0, buf, sizeof(buf));
	result(n == 25 && !strcmp(buf, "exe=/a uid=7 action=AUDIT"),
	       "format/one-rule: %s", buf);
	n = bpfseal_rule_format(&x.p, -1, buf, sizeof(buf));
	result(n == 19 && !strcmp(buf, "DEFAULT action=DENY"),
	       "format/default: %s", buf);
	n = bpfseal_rule_format(&x.p, 0, small, sizeof(small));
	result(n == 25 && !strcmp(small, "exe=/a "), "format/cut-to-size: %s", small);
	n = bpfseal_rule_format(&x.p, 0, NULL, 0);
	result(n == 25, "format/length-only");
	n = bpfseal_rules_format(&x.p, small, 1);
	result(n == strlen(HDR DFLT) + 26 && small[0] == '\0', "format/policy-size-1");
	parsed_free(&x);

	run_format_default_last();

	parse(&x, "policy_name=t policy_version=1.2.3\n DEFAULT  action=ALLOW \n");
	result(x.ret == 0 && x.p.version[0] == 1 && x.p.version[1] == 2 &&
	       x.p.version[2] == 3 && !strcmp(x.p.name, "t") && x.p.nr_rules == 0 &&
	       x.p.dflt.action == BPFSEAL_RULE_ALLOW && x.p.dflt.line == 2,
	       "parse/header-fields");
	parsed_free(&x);
}

/* --- version compare --------------------------------------------------------- */

static void run_version_cmp(void)
{
	static const struct {
		__u16 a[3], b[3];
		int want;
	} v[] = {
		{ { 1, 0, 0 }, { 1, 0, 0 }, 0 },
		{ { 1, 0, 0 }, { 1, 0, 1 }, -1 },
		{ { 1, 0, 1 }, { 1, 0, 0 }, 1 },
		{ { 1, 2, 0 }, { 1, 10, 0 }, -1 },
		{ { 2, 0, 0 }, { 1, 65535, 65535 }, 1 },
		{ { 0, 0, 0 }, { 65535, 65535, 65535 }, -1 },
		{ { 0, 1, 0 }, { 0, 0, 65535 }, 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		int r = bpfseal_rules_version_cmp(v[i].a, v[i].b);
		int sign = (r > 0) - (r < 0);

		result(sign == v[i].want, "version-cmp/%u.%u.%u-vs-%u.%u.%u: %d",
		       v[i].a[0], v[i].a[1], v[i].a[2], v[i].b[0], v[i].b[1],
		       v[i].b[2], r);
	}
}

/* --- the two-pass API ---------------------------------------------------------- */

/* Count, fill, and compare: same return, error and counts. */
static void run_two_pass(void)
{
	const char *t = HDR "uid=1,2,3 exe=/a,/b action=ALLOW\nprog_type=xdp action=DENY\n"
		"digest=" D64A " signer=01,02 action=AUDIT\n" DFLT;
	struct bpfseal_rules p = { 0 };
	struct bpfseal_rules_error e;
	struct parsed x;
	int r;

	p.text = t;
	p.len = (__u32)strlen(t);
	r = bpfseal_rules_parse(&p, &e);
	result(r == 0 && p.nr_rules == 3 && p.nr_values == 8 && !e.msg,
	       "two-pass/count: %u rules %u values", p.nr_rules, p.nr_values);
	parse(&x, t);
	result(x.ret == 0 && x.passes_agree && x.p.nr_rules == 3 &&
	       x.p.nr_values == 8 && x.rules[0].first[BPFSEAL_PROP_EXE] == 3 &&
	       x.rules[0].count[BPFSEAL_PROP_EXE] == 2 &&
	       x.rules[2].first[BPFSEAL_PROP_SIGNER] == 6 &&
	       x.values[6].len == 1 && x.values[6].bytes[0] == 1,
	       "two-pass/fill");
	result(!strcmp(x.p.name, p.name) && x.p.dflt.line == p.dflt.line &&
	       x.p.dflt.action == p.dflt.action && x.p.dflt.props == p.dflt.props,
	       "two-pass/same-header-and-default");
	parsed_free(&x);

	/* no room at all for a policy that needs none */
	p.text = HDR "prog_type=xdp action=DENY\n" DFLT;
	p.len = (__u32)strlen(p.text);
	r = bpfseal_rules_parse(&p, &e);
	result(r == 0 && p.nr_rules == 1 && p.nr_values == 0,
	       "two-pass/names-need-no-values");
}

/* Every error message of rules.h has a case above. */
static void run_message_coverage(void)
{
	FILE *f = fopen(RULES_H_PATH, "r");
	char *s = NULL, *q;
	size_t cap = 0, n;
	int found = 0, missing = 0, i;

	if (!f) {
		result(false, "messages/read %s", RULES_H_PATH);
		return;
	}
	n = getdelim(&s, &cap, '\0', f);
	fclose(f);
	if (n == (size_t)-1) {
		result(false, "messages/read %s", RULES_H_PATH);
		return;
	}
	for (q = s; *q; q++) {
		int depth = 0;
		bool call = !strncmp(q, "bpfseal_rules_fail(", 19);
		bool assign = !strncmp(q, "err->msg = \"", 12);

		if (!call && !assign)
			continue;
		if (call && !strncmp(q + 19, "struct", 6))	/* its definition */
			continue;
		q += call ? 19 : 11;
		depth = call;
		do {
			if (*q == '"') {
				char msg[256];
				size_t k = 0;

				for (q++; *q && *q != '"'; q++)
					if (k < sizeof(msg) - 1)
						msg[k++] = *q == '\\' ? *++q : *q;
				msg[k] = '\0';
				found++;
				for (i = 0; i < nr_seen; i++)
					if (!strcmp(seen[i], msg))
						break;
				if (i == nr_seen) {
					missing++;
					result(false, "messages/has-a-case: \"%s\"", msg);
				}
			} else if (*q == '(') {
				depth++;
			} else if (*q == ')') {
				depth--;
			}
			q++;
		} while (*q && depth > 0);
		q--;
	}
	free(s);
	result(found >= 40 && !missing, "messages/every-message-of-rules.h-has-a-case "
	       "(%d messages, %d seen, %d without a case)", found, nr_seen, missing);
}

/* --- digest.h ------------------------------------------------------------------- */

#define LD64(dst, src, imm_) { .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = dst, \
			       .src_reg = src, .imm = imm_ }
#define HALF2(imm_) { .imm = imm_ }

static void run_insn_mask(void)
{
	static const struct bpf_insn in[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 11 },
		LD64(1, BPF_PSEUDO_MAP_FD, 3), HALF2(0),
		LD64(1, BPF_PSEUDO_MAP_VALUE, 4), HALF2(16),
		LD64(2, BPF_PSEUDO_MAP_IDX, 5), HALF2(0),
		LD64(2, BPF_PSEUDO_MAP_IDX_VALUE, 6), HALF2(24),
		LD64(3, 0, 0x12345678), HALF2(0x9abc),		/* a constant */
		LD64(3, BPF_PSEUDO_BTF_ID, 77), HALF2(0),
		LD64(3, BPF_PSEUDO_FUNC, 2), HALF2(0),
		LD64(4, 7, 99), HALF2(1),			/* unknown src */
		/* a second half that looks like a first half: kept */
		LD64(4, BPF_PSEUDO_MAP_FD, 8), LD64(5, BPF_PSEUDO_MAP_FD, 9),
		{ .code = BPF_JMP | BPF_CALL, .src_reg = BPF_PSEUDO_MAP_FD, .imm = 12 },
		{ .code = BPF_JMP | BPF_EXIT },
		LD64(6, BPF_PSEUDO_MAP_FD, 13),			/* cut at the end */
	};
	enum { N = sizeof(in) / sizeof(in[0]) };
	struct bpf_insn want[N], got[N];
	bool second, ok;
	__u32 k, i;

	memcpy(want, in, sizeof(in));
	want[1].imm = 0;
	want[3].imm = 0;
	want[5].imm = 0;
	want[7].imm = 0;
	want[17].imm = 0;	/* the first LD64 of the pair, not its lookalike half */
	want[21].imm = 0;

	memcpy(got, in, sizeof(in));
	second = false;
	bpfseal_insn_mask(got, N, &second);
	ok = !memcmp(got, want, sizeof(got)) && second;
	for (i = 0; i < N && ok; i++)
		if (memcmp(&got[i], &want[i], sizeof(got[i])))
			ok = false;
	result(ok, "insn-mask/whole-program (map fd, value, idx, idx_value masked; "
	       "constants, btf_id, func, unknown src, second halves kept)");
	for (i = 0; i < N; i++)
		if (memcmp(&got[i], &want[i], sizeof(got[i])))
			printf("    insn %u: imm %d, expected %d\n", i, got[i].imm,
			       want[i].imm);

	/* any split into two runs gives the same result */
	ok = true;
	for (k = 0; k <= N; k++) {
		memcpy(got, in, sizeof(in));
		second = false;
		bpfseal_insn_mask(got, k, &second);
		bpfseal_insn_mask(got + k, N - k, &second);
		if (memcmp(got, want, sizeof(got)) || !second) {
			ok = false;
			printf("    split at %u differs\n", k);
		}
	}
	result(ok, "insn-mask/split-at-every-point");

	/* one instruction at a time */
	memcpy(got, in, sizeof(in));
	second = false;
	for (k = 0; k < N; k++)
		bpfseal_insn_mask(got + k, 1, &second);
	result(!memcmp(got, want, sizeof(got)), "insn-mask/one-at-a-time");

	/* a run that starts as a second half: its first instruction is kept */
	memcpy(got, in + 17, sizeof(got[0]) * 2);
	second = true;
	bpfseal_insn_mask(got, 2, &second);
	result(got[0].imm == 8 && got[1].imm == 0 && second,
	       "insn-mask/second-carried-in");

	/* zero instructions leave the state */
	second = true;
	bpfseal_insn_mask(got, 0, &second);
	result(second, "insn-mask/empty-run-keeps-state");
}

int main(void)
{
	run_norm_cases();
	run_eval_cases();
	run_eval_actions();
	run_err_cases();
	run_internal_errors();
	run_limits();
	run_round_trips();
	run_rule_format();
	run_version_cmp();
	run_two_pass();
	run_message_coverage();
	run_insn_mask();
	printf("rules: %d cases, %d failed\n", cases, failures);
	return failures ? 1 : 0;
}

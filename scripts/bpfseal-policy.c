// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal-policy: check a rule policy, evaluate a load against it, and
 * suggest a policy from bpfseal's audit records.
 *
 * It parses, prints and evaluates with include/bpfseal/rules.h, the code
 * the kernel module runs on the same text, so what it says a policy does
 * is what the module does. Manual: bpfseal-policy(8) (docs/man/bpfseal-policy.8.md)
 * and docs/bpfseal-policy.md.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpfseal/rules.h>

#define PROG "bpfseal-policy"
#define EXIT_INVALID 1
#define EXIT_USAGE 2

static const char usage_text[] =
"usage: " PROG " COMMAND [OPTIONS]\n"
"\n"
"  check FILE\n"
"      Parse the policy in FILE ('-' for standard input) as the bpfseal\n"
"      module does. A valid policy is printed normalized, as the module\n"
"      reads it back; an invalid one gets FILE:LINE:COLUMN: error: and\n"
"      the line, on standard error.\n"
"\n"
"  eval FILE --prog-type T [LOAD OPTIONS]\n"
"      Decide one load with the module's evaluator: print the rule that\n"
"      decides it ('line N: RULE' or 'DEFAULT: ...') and 'action=A'.\n"
"      LOAD OPTIONS, with the value used when one is not given:\n"
"        --verdict V       UNSIGNED    OK, UNSIGNED, PARTIALSIG, UNKNOWNKEY,\n"
"                                      UNEXPECTED, FAULT, BADSIG\n"
"        --scheme S        none        none, hornet, upstream, upstream+maps\n"
"        --keyring K       none        bpfseal, builtin, secondary, platform,\n"
"                                      none (no keyring verified a signature)\n"
"        --signer HEX      absent      the signer's subject key identifier\n"
"        --origin O        user        user, kernel, loader\n"
"        --prog-type T     (required)  a name as in prog_type=, or a number\n"
"        --attach-type A   cgroup_inet_ingress (0, what the kernel sees\n"
"                                      for a load that sets none), or a number\n"
"        --digest HEX      absent      SHA-256 of the masked instructions\n"
"        --pid1 true|false false\n"
"        --exe PATH        absent      the loader's executable\n"
"        --uid N           0           the loader's effective uid\n"
"        --cgroup PATH     absent      the loader's cgroup v2 path\n"
"      A rule that names a property the load does not have (signer,\n"
"      digest, exe, cgroup) does not match it.\n"
"\n"
"  suggest [--name NAME] [--version X.Y.Z] [--no-signed] [FILE...]\n"
"      Read bpfseal's audit records (audit.log lines, or the output of\n"
"      'ausearch -m KERNEL_OTHER --raw'; default: standard input) and print\n"
"      a policy with the narrowest rules that allow every load they show\n"
"      refused or audited: a digest= rule for a program whose instructions\n"
"      are always the same, a process rule (exe=, prog_type=, ...) for one\n"
"      generated at run time. Starts with 'verdict=OK keyring=bpfseal\n"
"      action=ALLOW' (signed programs) unless --no-signed. Loads no rule can\n"
"      be made for are listed in comments. Defaults: --name suggested,\n"
"      --version 0.0.1.\n"
"\n"
"Exit status: 0 done; 1 the policy is invalid, a file cannot be read, or\n"
"no valid policy can be suggested; 2 usage error.\n";

/* --- small helpers ----------------------------------------------------- */

static void msg(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void __attribute__((noreturn)) usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry '" PROG " --help'.\n", stderr);
	exit(EXIT_USAGE);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		msg("out of memory");
		exit(EXIT_INVALID);
	}
	return p;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p) {
		msg("out of memory");
		exit(EXIT_INVALID);
	}
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xrealloc(NULL, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* A growing text buffer. */
struct sbuf {
	char *p;
	size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void __attribute__((format(printf, 2, 3)))
sb_printf(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		msg("out of memory");
		exit(EXIT_INVALID);
	}
	sb_add(b, s, (size_t)n);
	free(s);
}

/* Decimal below 2^32, no sign, no leading zeros (but "0"). */
static bool parse_u32(const char *s, size_t n, __u32 *out)
{
	unsigned long long v = 0;
	size_t i;

	if (!n || n > 10 || (n > 1 && s[0] == '0'))
		return false;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned long long)(s[i] - '0');
	}
	if (v > 0xffffffffULL)
		return false;
	*out = (__u32)v;
	return true;
}

/* Hex digits (either case) into at most @max bytes; the byte count or -1. */
static int parse_hex(const char *s, size_t n, __u8 *out, size_t max)
{
	size_t i;

	if (!n || n % 2 || n / 2 > max)
		return -1;
	for (i = 0; i < n; i += 2) {
		int hi = bpfseal_rules_hex_digit(s[i]);
		int lo = bpfseal_rules_hex_digit(s[i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i / 2] = (__u8)(hi << 4 | lo);
	}
	return (int)(n / 2);
}

/* The names of a table, comma-separated, for messages. */
static char *names_list(const struct bpfseal_rule_name *names)
{
	struct sbuf b = { 0 };
	int i;

	for (i = 0; names[i].name; i++)
		sb_printf(&b, "%s%s", i ? ", " : "", names[i].name);
	return b.p;
}

/* --- reading and parsing a policy ----------------------------------------- */

struct policy {
	const char *name;	/* as diagnostics name the file */
	char *text;
	size_t len;
	struct bpfseal_rules p;
};

/* Read a whole file ('-': standard input), at most @max bytes. */
static int read_file(const char *path, size_t max, char **text, size_t *len,
		     bool *too_big)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = max + 2, n = 0, r;
	char *buf;

	*too_big = false;
	if (!f) {
		msg("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	buf = xrealloc(NULL, cap);
	/* one byte more than the limit tells a text above it */
	while (n < max + 1 && (r = fread(buf + n, 1, max + 1 - n, f)) > 0)
		n += r;
	if (ferror(f)) {
		msg("cannot read %s: %s", path, strerror(errno));
		if (f != stdin)
			fclose(f);
		free(buf);
		return -1;
	}
	if (f != stdin)
		fclose(f);
	if (n > max)
		*too_big = true;
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

/*
 * FILE:LINE:COL: error: MESSAGE, then the line and a caret under the
 * column (tabs kept, so the caret lines up; other control bytes shown
 * as '?').
 */
static void print_error(const char *name, const char *text, size_t len,
			const struct bpfseal_rules_error *e)
{
	size_t pos = 0, end, i;
	__u32 line = 1;

	if (!e->line) {
		fprintf(stderr, "%s: error: %s\n", name, e->msg);
		return;
	}
	if (e->col)
		fprintf(stderr, "%s:%u:%u: error: %s\n", name, e->line, e->col,
			e->msg);
	else
		fprintf(stderr, "%s:%u: error: %s\n", name, e->line, e->msg);
	while (line < e->line && pos < len)
		if (text[pos++] == '\n')
			line++;
	for (end = pos; end < len && text[end] != '\n'; end++)
		;
	if (end > pos && text[end - 1] == '\r' && e->col <= end - pos - 1)
		end--;		/* the CR of a CRLF line */
	fputs("  ", stderr);
	for (i = pos; i < end; i++) {
		unsigned char c = (unsigned char)text[i];

		fputc(c == '\t' || (c >= 0x20 && c < 0x7f) ? c : '?', stderr);
	}
	fputc('\n', stderr);
	if (!e->col)
		return;
	fputs("  ", stderr);
	for (i = 0; i + 1 < e->col; i++)
		fputc(pos + i < end && text[pos + i] == '\t' ? '\t' : ' ', stderr);
	fputs("^\n", stderr);
}

/*
 * Parse @pol->text as the module does: count, allocate, fill. On error
 * print it and return -1.
 */
static int parse_policy(struct policy *pol, bool quiet)
{
	struct bpfseal_rules_error e;
	int err;

	memset(&pol->p, 0, sizeof(pol->p));
	pol->p.text = pol->text;
	pol->p.len = (__u32)pol->len;
	if (pol->len > BPFSEAL_POLICY_MAX_SIZE) {
		if (!quiet)
			fprintf(stderr, "%s: error: the policy is larger than %u bytes "
				"(BPFSEAL_POLICY_MAX_SIZE), the most the module takes\n",
				pol->name, BPFSEAL_POLICY_MAX_SIZE);
		return -1;
	}
	err = bpfseal_rules_parse(&pol->p, &e);
	if (!err) {
		pol->p.max_rules = pol->p.nr_rules;
		pol->p.max_values = pol->p.nr_values;
		pol->p.rules = xcalloc(pol->p.nr_rules, sizeof(*pol->p.rules));
		pol->p.values = xcalloc(pol->p.nr_values, sizeof(*pol->p.values));
		err = bpfseal_rules_parse(&pol->p, &e);
	}
	if (err) {
		if (!quiet)
			print_error(pol->name, pol->text, pol->len, &e);
		return -1;
	}
	return 0;
}

static void free_policy(struct policy *pol)
{
	free(pol->p.rules);
	free(pol->p.values);
	free(pol->text);
	memset(pol, 0, sizeof(*pol));
}

static int load_policy(const char *path, struct policy *pol)
{
	bool too_big;

	memset(pol, 0, sizeof(*pol));
	pol->name = strcmp(path, "-") ? path : "<stdin>";
	if (read_file(path, BPFSEAL_POLICY_MAX_SIZE, &pol->text, &pol->len,
		      &too_big))
		return -1;
	if (too_big) {
		fprintf(stderr, "%s: error: the policy is larger than %u bytes "
			"(BPFSEAL_POLICY_MAX_SIZE), the most the module takes\n",
			pol->name, BPFSEAL_POLICY_MAX_SIZE);
		return -1;
	}
	return parse_policy(pol, false);
}

static char *format_policy(const struct bpfseal_rules *p)
{
	__u32 n = bpfseal_rules_format(p, NULL, 0);
	char *buf = xrealloc(NULL, (size_t)n + 1);

	bpfseal_rules_format(p, buf, n + 1);
	return buf;
}

static char *format_rule(const struct bpfseal_rules *p, int idx)
{
	__u32 n = bpfseal_rule_format(p, idx, NULL, 0);
	char *buf = xrealloc(NULL, (size_t)n + 1);

	bpfseal_rule_format(p, idx, buf, n + 1);
	return buf;
}

static bool want_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return false;
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	}
	return false;
}

/* --- check ------------------------------------------------------------------ */

static int cmd_check(int argc, char **argv)
{
	struct policy pol;
	char *out;
	int i;

	/* check takes no option: any, before "--", is named as unknown. */
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (argv[i][0] == '-' && argv[i][1])
			usage_error("check: unknown option '%s'", argv[i]);
	/* check [--] FILE: "--" may only come first */
	if (i < argc && i != 1)
		usage_error("check takes one FILE ('-' for standard input)");
	i = i < argc ? 2 : 1;
	if (argc - i != 1)
		usage_error("check takes one FILE ('-' for standard input)");
	if (load_policy(argv[i], &pol))
		return EXIT_INVALID;
	out = format_policy(&pol.p);
	fputs(out, stdout);
	free(out);
	free_policy(&pol);
	return fflush(stdout) ? EXIT_INVALID : 0;
}

/* --- eval ----------------------------------------------------------------------- */

/* A value from a name table, or a usage error listing the accepted names. */
static unsigned int opt_name(const char *opt, const struct bpfseal_rule_name *names,
			     const char *val, bool number_ok, __u32 *num)
{
	int i = bpfseal_rules_name_find(names, val, (__u32)strlen(val));

	if (i >= 0) {
		if (num)
			*num = names[i].value;
		return names[i].value;
	}
	if (number_ok && parse_u32(val, strlen(val), num))
		return *num;
	usage_error("--%s: unknown value '%s'; accepted: %s%s", opt, val,
		    names_list(names), number_ok ? ", or a decimal number" : "");
}

static int cmd_eval(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verdict", required_argument, NULL, 'V' },
		{ "scheme", required_argument, NULL, 'S' },
		{ "keyring", required_argument, NULL, 'K' },
		{ "signer", required_argument, NULL, 's' },
		{ "origin", required_argument, NULL, 'o' },
		{ "prog-type", required_argument, NULL, 't' },
		{ "attach-type", required_argument, NULL, 'a' },
		{ "digest", required_argument, NULL, 'd' },
		{ "pid1", required_argument, NULL, 'p' },
		{ "exe", required_argument, NULL, 'e' },
		{ "uid", required_argument, NULL, 'u' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	struct bpfseal_rule_ctx ctx = {
		.verdict = BPFSEAL_VERDICT_UNSIGNED,
		.scheme = BPFSEAL_SCHEME_NONE,
		.keyring = -1,
		.origin = BPFSEAL_ORIGIN_USER,
		.attach_type = 0,
		.uid = 0,
	};
	static __u8 signer[BPFSEAL_RULE_MAX_HEX], digest[BPFSEAL_SHA256_SIZE];
	const struct bpfseal_rule *r;
	bool have_type = false;
	struct policy pol;
	char *text;
	__u32 num;
	int c, idx;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'V':
			ctx.verdict = (int)opt_name("verdict", bpfseal_rule_verdicts,
						    optarg, false, NULL);
			break;
		case 'S':
			ctx.scheme = (int)opt_name("scheme", bpfseal_rule_schemes,
						   optarg, false, NULL);
			break;
		case 'K':
			ctx.keyring = (int)opt_name("keyring", bpfseal_rule_keyrings,
						    optarg, false, NULL);
			if (ctx.keyring == BPFSEAL_RULE_KEYRING_NONE)
				ctx.keyring = -1;
			break;
		case 's': {
			int n = parse_hex(optarg, strlen(optarg), signer,
					  sizeof(signer));

			if (n < 1)
				usage_error("--signer: '%s' is not 1 to %d bytes in hex",
					    optarg, BPFSEAL_RULE_MAX_HEX);
			ctx.signer = signer;
			ctx.signer_len = (__u32)n;
			break;
		}
		case 'o':
			ctx.origin = (int)opt_name("origin", bpfseal_rule_origins,
						   optarg, false, NULL);
			break;
		case 't':
			opt_name("prog-type", bpfseal_rule_prog_types, optarg, true, &num);
			ctx.prog_type = num;
			have_type = true;
			break;
		case 'a':
			opt_name("attach-type", bpfseal_rule_attach_types, optarg, true,
				 &num);
			ctx.attach_type = num;
			break;
		case 'd':
			if (parse_hex(optarg, strlen(optarg), digest, sizeof(digest)) !=
			    BPFSEAL_SHA256_SIZE)
				usage_error("--digest: '%s' is not 64 hex digits (SHA-256)",
					    optarg);
			ctx.digest = digest;
			break;
		case 'p':
			ctx.pid1 = opt_name("pid1", bpfseal_rule_bools, optarg, false,
					    NULL);
			break;
		case 'e':
			if (!optarg[0])
				usage_error("--exe: empty path");
			ctx.exe = optarg;
			ctx.exe_len = (__u32)strlen(optarg);
			break;
		case 'u':
			if (!parse_u32(optarg, strlen(optarg), &ctx.uid))
				usage_error("--uid: '%s' is not a decimal number below 2^32",
					    optarg);
			break;
		case 'c':
			if (!optarg[0])
				usage_error("--cgroup: empty path");
			ctx.cgroup = optarg;
			ctx.cgroup_len = (__u32)strlen(optarg);
			break;
		default:
			usage_error("eval: unknown option or missing value: '%s'",
				    argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		usage_error("eval takes one policy FILE ('-' for standard input)");
	if (!have_type)
		usage_error("eval: --prog-type is required");
	if (load_policy(argv[optind], &pol))
		return EXIT_INVALID;
	idx = bpfseal_rules_eval(&pol.p, &ctx);
	r = bpfseal_rules_rule(&pol.p, idx);
	text = format_rule(&pol.p, idx);
	if (idx < 0)
		printf("DEFAULT: %s\n", text);
	else
		printf("line %u: %s\n", r->line, text);
	printf("action=%s\n", bpfseal_rule_actions[r->action].name);
	free(text);
	free_policy(&pol);
	return fflush(stdout) ? EXIT_INVALID : 0;
}

/* --- suggest: reading records ---------------------------------------------------- */

enum { DECISION_DENY, DECISION_AUDIT };

/* One load a record shows refused or audited. */
struct load {
	const char *file;
	unsigned long lineno;
	char *prog_name;	/* as the record has it, for comments */
	int decision;
	/* what the module's evaluator saw (gate.c rule_ctx()) */
	int verdict, scheme, keyring, origin;
	__u8 signer[BPFSEAL_RULE_MAX_HEX];
	__u32 signer_len;
	__u32 prog_type, attach_type;
	bool has_digest;
	__u8 digest[BPFSEAL_SHA256_SIZE];
	bool pid1;
	char *exe;		/* NULL: (null), or a path the evaluator does not see */
	const char *exe_why;	/* why exe cannot be named in a rule, or NULL */
	bool has_uid;
	__u32 uid;
	char *cgroup;
	/* what suggest made of it */
	bool signed_rule;	/* allowed by the signed-programs rule */
	bool planned;		/* a rule was made for it */
};

struct kv {
	const char *k, *v;
	size_t kl, vl;
};

#define MAX_FIELDS 128

struct record {
	struct kv f[MAX_FIELDS];
	int n;
};

static void split_record(const char *line, size_t len, struct record *r)
{
	size_t i = 0, start, eq;

	r->n = 0;
	while (i < len && r->n < MAX_FIELDS) {
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		/* the enriched format's translations follow a GS byte */
		if (i == len || line[i] == '\x1d')
			break;
		start = i;
		eq = 0;
		while (i < len && line[i] != ' ' && line[i] != '\t' &&
		       line[i] != '\x1d') {
			if (!eq && line[i] == '=')
				eq = i;
			i++;
		}
		if (!eq)
			continue;
		r->f[r->n].k = line + start;
		r->f[r->n].kl = eq - start;
		r->f[r->n].v = line + eq + 1;
		r->f[r->n].vl = i - eq - 1;
		r->n++;
	}
}

/* The first field @key, or NULL. */
static const struct kv *field(const struct record *r, const char *key)
{
	size_t kl = strlen(key);
	int i;

	for (i = 0; i < r->n; i++)
		if (r->f[i].kl == kl && !memcmp(r->f[i].k, key, kl))
			return &r->f[i];
	return NULL;
}

static bool field_is(const struct record *r, const char *key, const char *val)
{
	const struct kv *f = field(r, key);

	return f && f->vl == strlen(val) && !memcmp(f->v, val, f->vl);
}

/*
 * An audit string field: "text" (plain printable text), or the whole value
 * in upper-case hex (it had a space, quote or non-printable byte). NULL
 * for (null), ? or a missing field; *bad when it is neither form.
 */
static char *audit_string(const struct kv *f, size_t *len, bool *bad)
{
	char *out;

	*bad = false;
	if (!f || (f->vl == 6 && !memcmp(f->v, "(null)", 6)) ||
	    (f->vl == 1 && f->v[0] == '?'))
		return NULL;
	if (f->vl >= 2 && f->v[0] == '"' && f->v[f->vl - 1] == '"') {
		*len = f->vl - 2;
		return xstrndup(f->v + 1, f->vl - 2);
	}
	out = xrealloc(NULL, f->vl / 2 + 1);
	if (parse_hex(f->v, f->vl, (__u8 *)out, f->vl / 2) < 0) {
		free(out);
		*bad = true;
		*len = f->vl;
		return xstrndup(f->v, f->vl);
	}
	*len = f->vl / 2;
	out[*len] = '\0';
	return out;
}

/* A name from @names, or a decimal number; -1 when neither. */
static long name_or_number(const struct kv *f,
			   const struct bpfseal_rule_name *names)
{
	__u32 n;
	int i;

	if (!f)
		return -1;
	i = bpfseal_rules_name_find(names, f->v, (__u32)f->vl);
	if (i >= 0)
		return names[i].value;
	if (parse_u32(f->v, f->vl, &n))
		return n;
	return -1;
}

/* A path a rule can name as exe= (the module's own parser decides). */
static const char *exe_rule_problem(const char *exe, size_t len)
{
	static const char head[] = "policy_name=x policy_version=0.0.1\nexe=";
	static const char tail[] = " action=ALLOW\nDEFAULT action=DENY\n";
	struct bpfseal_rules p = { 0 };
	struct bpfseal_rules_error e;
	struct sbuf b = { 0 };
	size_t i;
	int err;

	if (len != strlen(exe))
		return "it has a NUL byte";
	/* ~200 bytes of the longest rule are other properties */
	if (len > BPFSEAL_POLICY_MAX_LINE - 300)
		return "it is too long for a policy line";
	for (i = 0; i < len; i++)
		if (exe[i] == ',' || exe[i] == '#' || exe[i] <= ' ' ||
		    exe[i] > '~')
			return "a policy cannot write it (a space, ',', '#' or a byte that is not printable ASCII)";
	sb_add(&b, head, sizeof(head) - 1);
	sb_add(&b, exe, len);
	sb_add(&b, tail, sizeof(tail) - 1);
	p.text = b.p;
	p.len = (__u32)b.len;
	err = bpfseal_rules_parse(&p, &e);
	free(b.p);
	if (err)
		return "a policy cannot name it (not absolute, or a '.', '..' or empty component)";
	return NULL;
}

struct suggest {
	struct load *loads;
	size_t nr_loads, cap_loads;
	unsigned long records, allowed, aborted, skipped;
};

static void warn_record(const char *file, unsigned long lineno, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, PROG ": %s:%lu: record skipped: ", file, lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* One line of input; a load record of a refused or audited load is kept. */
static void read_record(struct suggest *sg, const char *file,
			unsigned long lineno, const char *line, size_t len)
{
	static struct record r;
	const struct kv *f;
	struct load l = { 0 };
	size_t n;
	bool bad;
	long v;
	int i;

	split_record(line, len, &r);
	if (!field_is(&r, "op", "bpfseal-load"))
		return;
	sg->records++;
	if (field_is(&r, "decision", "allow")) {
		sg->allowed++;
		return;
	}
	if (field_is(&r, "decision", "aborted")) {
		sg->aborted++;
		return;
	}
	if (field_is(&r, "decision", "deny")) {
		l.decision = DECISION_DENY;
	} else if (field_is(&r, "decision", "audit")) {
		l.decision = DECISION_AUDIT;
	} else {
		warn_record(file, lineno, "no decision=allow|deny|audit|aborted");
		sg->skipped++;
		return;
	}
	l.file = file;
	l.lineno = lineno;

	f = field(&r, "verdict");
	i = f ? bpfseal_rules_name_find(bpfseal_rule_verdicts, f->v, (__u32)f->vl) : -1;
	if (i >= 0)
		l.verdict = (int)bpfseal_rule_verdicts[i].value;
	else if (f && f->vl == 4 && !memcmp(f->v, "NONE", 4))
		l.verdict = BPFSEAL_VERDICT_NONE;
	else
		l.verdict = -1;

	v = name_or_number(field(&r, "prog_type"), bpfseal_rule_prog_types);
	if (v < 0) {
		warn_record(file, lineno, "no valid prog_type=");
		sg->skipped++;
		return;
	}
	l.prog_type = (__u32)v;
	v = name_or_number(field(&r, "attach_type"), bpfseal_rule_attach_types);
	if (v < 0) {
		warn_record(file, lineno, "no valid attach_type=");
		sg->skipped++;
		return;
	}
	l.attach_type = (__u32)v;

	f = field(&r, "scheme");
	i = f ? bpfseal_rules_name_find(bpfseal_rule_schemes, f->v, (__u32)f->vl) : -1;
	l.scheme = i >= 0 ? (int)bpfseal_rule_schemes[i].value : -1;
	f = field(&r, "keyring");
	i = f ? bpfseal_rules_name_find(bpfseal_rule_keyrings, f->v, (__u32)f->vl) : -1;
	l.keyring = i >= 0 ? (int)bpfseal_rule_keyrings[i].value : -1;
	if (l.keyring == BPFSEAL_RULE_KEYRING_NONE)
		l.keyring = -1;
	f = field(&r, "origin");
	i = f ? bpfseal_rules_name_find(bpfseal_rule_origins, f->v, (__u32)f->vl) : -1;
	l.origin = i >= 0 ? (int)bpfseal_rule_origins[i].value : -1;
	f = field(&r, "signer_skid");
	if (f && !(f->vl == 1 && f->v[0] == '?')) {
		int k = parse_hex(f->v, f->vl, l.signer, sizeof(l.signer));

		l.signer_len = k > 0 ? (__u32)k : 0;
	}

	f = field(&r, "digest");
	if (f && f->vl == 2 * BPFSEAL_SHA256_SIZE &&
	    parse_hex(f->v, f->vl, l.digest, sizeof(l.digest)) == BPFSEAL_SHA256_SIZE)
		l.has_digest = true;
	else if (f && !(f->vl == 1 && f->v[0] == '?'))
		fprintf(stderr, PROG ": %s:%lu: digest=%.*s is not a SHA-256: taken as not computed\n",
			file, lineno, (int)f->vl, f->v);

	l.pid1 = field_is(&r, "pid1", "1");

	l.prog_name = audit_string(field(&r, "prog_name"), &n, &bad);
	if (!l.prog_name)
		l.prog_name = xstrndup("?", 1);

	l.exe = audit_string(field(&r, "exe"), &n, &bad);
	if (!l.exe) {
		l.exe_why = "the loader has no executable (exe=(null))";
	} else if (bad) {
		l.exe_why = "exe= is neither quoted nor hex";
		free(l.exe);
		l.exe = NULL;
	} else if (field_is(&r, "exe_pid1_view", "0")) {
		/* the module's evaluator does not see this path (subject.c) */
		l.exe_why = "the path is not the loader's file as PID 1 sees it "
			"(chroot, other mount namespace or run through an fd)";
		free(l.exe);
		l.exe = NULL;
	} else if (n >= 10 && !strcmp(l.exe + n - 10, " (deleted)")) {
		l.exe_why = "the executable had been deleted (replaced by an upgrade "
			"and not run again?), and a deleted file matches no exe=";
	} else {
		l.exe_why = exe_rule_problem(l.exe, n);
	}

	/* rules match the effective uid */
	f = field(&r, "euid");
	if (f && parse_u32(f->v, f->vl, &l.uid))
		l.has_uid = l.uid != 0xffffffffU;
	else
		l.uid = 0xffffffffU;	/* no subject: the module's "not a uid" */

	l.cgroup = audit_string(field(&r, "cgroup"), &n, &bad);
	if (bad) {
		free(l.cgroup);
		l.cgroup = NULL;
	}

	if (sg->nr_loads == sg->cap_loads) {
		sg->cap_loads = sg->cap_loads ? 2 * sg->cap_loads : 64;
		sg->loads = xrealloc(sg->loads, sg->cap_loads * sizeof(*sg->loads));
	}
	sg->loads[sg->nr_loads++] = l;
}

static int read_records(struct suggest *sg, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	const char *name = strcmp(path, "-") ? path : "<stdin>";
	unsigned long lineno = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!f) {
		msg("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		read_record(sg, name, lineno, line, (size_t)n);
	}
	free(line);
	if (ferror(f)) {
		msg("cannot read %s: %s", path, strerror(errno));
		if (f != stdin)
			fclose(f);
		return -1;
	}
	if (f != stdin)
		fclose(f);
	return 0;
}

/* What the module's evaluator would see of a load. */
static void load_ctx(const struct load *l, struct bpfseal_rule_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->verdict = l->verdict;
	c->scheme = l->scheme;
	c->keyring = l->keyring;
	c->signer = l->signer_len ? l->signer : NULL;
	c->signer_len = l->signer_len;
	c->origin = l->origin;
	c->prog_type = l->prog_type;
	c->attach_type = l->attach_type;
	c->digest = l->has_digest ? l->digest : NULL;
	c->pid1 = l->pid1;
	c->exe = l->exe;
	c->exe_len = l->exe ? (__u32)strlen(l->exe) : 0;
	c->uid = l->uid;
	c->cgroup = l->cgroup;
	c->cgroup_len = l->cgroup ? (__u32)strlen(l->cgroup) : 0;
}

/* --- suggest: groups and rules ------------------------------------------------------- */

/* Loads of one program name by one process (the grouping key). */
struct group {
	struct load *key;
	size_t *idx, n;
	__u8 (*digests)[BPFSEAL_SHA256_SIZE];
	size_t nr_digests, no_digest;
};

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static bool same_group(const struct load *a, const struct load *b)
{
	return !strcmp(a->prog_name, b->prog_name) &&
		a->prog_type == b->prog_type && a->attach_type == b->attach_type &&
		a->pid1 == b->pid1 && a->origin == b->origin &&
		same_str(a->exe, b->exe) && same_str(a->exe_why, b->exe_why);
}

/* A set of values of one property, as the policy writes them. */
struct vset {
	char **v;
	size_t n;
};

static bool vset_has(const struct vset *s, const char *v)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], v))
			return true;
	return false;
}

static void vset_add(struct vset *s, const char *v)
{
	if (vset_has(s, v))
		return;
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = xstrndup(v, strlen(v));
}

static bool vset_equal(const struct vset *a, const struct vset *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (!vset_has(b, a->v[i]))
			return false;
	return true;
}

/* A program name and how many of the rule's loads had it. */
struct pcount {
	char *name;
	size_t n;
};

enum { RULE_DIGEST, RULE_PROCESS };

struct srule {
	bool dead;
	__u32 props;
	struct vset vals[BPFSEAL_PROP_COUNT];
	/* for its comment */
	struct pcount *progs;
	size_t nprogs, loads, denied, audited, programs, digests;
	int kind;
	struct sbuf notes;
};

static void rule_set(struct srule *r, unsigned int prop, const char *v)
{
	r->props |= 1U << prop;
	vset_add(&r->vals[prop], v);
}

static void rule_count_prog(struct srule *r, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < r->nprogs; i++)
		if (!strcmp(r->progs[i].name, name)) {
			r->progs[i].n += n;
			return;
		}
	r->progs = xrealloc(r->progs, (r->nprogs + 1) * sizeof(*r->progs));
	r->progs[r->nprogs].name = xstrndup(name, strlen(name));
	r->progs[r->nprogs++].n = n;
}

/* The rule as a policy line, normalized as the module prints it. */
static void put_rule(struct sbuf *b, const struct srule *r)
{
	unsigned int prop;
	size_t i;

	for (prop = 0; prop < BPFSEAL_PROP_COUNT; prop++) {
		const struct bpfseal_prop_def *d = &bpfseal_props[prop];
		const struct vset *s = &r->vals[prop];
		bool first = true;

		if (!(r->props & (1U << prop)))
			continue;
		sb_printf(b, "%s=", d->name);
		if (d->kind == BPFSEAL_KIND_NAME) {
			for (i = 0; d->names[i].name; i++) {
				if (!vset_has(s, d->names[i].name))
					continue;
				sb_printf(b, "%s%s", first ? "" : ",", d->names[i].name);
				first = false;
			}
		} else {
			for (i = 0; i < s->n; i++)
				sb_printf(b, "%s%s", i ? "," : "", s->v[i]);
		}
		sb_add(b, " ", 1);
	}
	sb_add(b, "action=ALLOW", 12);
}

static size_t rule_len(const struct srule *r)
{
	struct sbuf b = { 0 };
	size_t n;

	put_rule(&b, r);
	n = b.len;
	free(b.p);
	return n;
}

/* A name for a comment: printable ASCII, other bytes as \xNN. */
static void put_comment_text(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f && c != '\\')
			sb_add(b, s, 1);
		else
			sb_printf(b, "\\x%02x", c);
	}
}

/* @text as "# " comment lines of at most ~76 columns, broken at spaces. */
static void put_comment(struct sbuf *b, const char *text)
{
	size_t len = strlen(text), pos = 0, end, brk;

	while (len && text[len - 1] == ' ')
		len--;
	while (pos < len) {
		end = pos + 76 < len ? pos + 76 : len;
		brk = end;
		if (end < len) {
			while (brk > pos && text[brk] != ' ')
				brk--;
			if (brk == pos)
				brk = end;
		}
		sb_add(b, "# ", 2);
		sb_add(b, text + pos, brk - pos);
		sb_add(b, "\n", 1);
		pos = brk;
		while (pos < len && text[pos] == ' ')
			pos++;
	}
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* "name (N loads), ...: N loads, D refused, A audited." */
static void put_progs(struct sbuf *b, const struct pcount *p, size_t np,
		      size_t loads, size_t denied, size_t audited)
{
	size_t i;

	for (i = 0; i < np; i++) {
		if (i)
			sb_add(b, ", ", 2);
		put_comment_text(b, p[i].name);
		sb_printf(b, " (%zu)", p[i].n);
	}
	sb_printf(b, ": %zu %s", loads, plural(loads, "load", "loads"));
	if (denied)
		sb_printf(b, ", %zu refused", denied);
	if (audited)
		sb_printf(b, ", %zu audited", audited);
	sb_add(b, ".", 1);
}

/* The properties a rule for @l narrows by besides its digest or process. */
static void narrow(struct srule *r, const struct load *l, bool uid_same,
		   __u32 uid)
{
	const char *name;
	char num[16];

	name = bpfseal_rule_name_of(bpfseal_rule_prog_types, l->prog_type);
	if (name)
		rule_set(r, BPFSEAL_PROP_PROG_TYPE, name);
	name = bpfseal_rule_name_of(bpfseal_rule_attach_types, l->attach_type);
	if (name)
		rule_set(r, BPFSEAL_PROP_ATTACH_TYPE, name);
	if (l->origin >= 0)
		rule_set(r, BPFSEAL_PROP_ORIGIN,
			 bpfseal_rule_name_of(bpfseal_rule_origins, (unsigned int)l->origin));
	if (l->exe && !l->exe_why)
		rule_set(r, BPFSEAL_PROP_EXE, l->exe);
	if (l->pid1)
		rule_set(r, BPFSEAL_PROP_PID1, "true");
	if (uid_same) {
		snprintf(num, sizeof(num), "%u", uid);
		rule_set(r, BPFSEAL_PROP_UID, num);
	}
}

/* Why no process rule can be made for a group, or NULL. */
static const char *process_problem(const struct load *l)
{
	if (l->exe_why)
		return l->exe_why;
	if (!bpfseal_rule_name_of(bpfseal_rule_prog_types, l->prog_type))
		return "its program type has no name a policy can use";
	if (!bpfseal_rule_name_of(bpfseal_rule_attach_types, l->attach_type))
		return "its attach type has no name a policy can use";
	if (l->origin < 0)
		return "its origin is not known";
	return NULL;
}

/* Loads of a group left without a rule, and why. */
struct uncovered {
	struct group *g;
	bool *which;		/* per load of the group */
	const char *why;
	char *alt;		/* a process rule to consider, or NULL */
};

struct plan {
	struct srule *rules;
	size_t nr_rules;
	struct uncovered *unc;
	size_t nr_unc;
};

static struct srule *new_rule(struct plan *pl, int kind)
{
	struct srule *r;

	pl->rules = xrealloc(pl->rules, (pl->nr_rules + 1) * sizeof(*pl->rules));
	r = &pl->rules[pl->nr_rules++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	return r;
}

static void add_uncovered(struct plan *pl, struct group *g, struct load *loads,
			  bool with_digest, bool without_digest, const char *why,
			  bool alt)
{
	struct uncovered *u;
	size_t i;

	pl->unc = xrealloc(pl->unc, (pl->nr_unc + 1) * sizeof(*pl->unc));
	u = &pl->unc[pl->nr_unc++];
	u->g = g;
	u->why = why;
	u->which = xcalloc(g->n, sizeof(bool));
	for (i = 0; i < g->n; i++)
		u->which[i] = loads[g->idx[i]].has_digest ? with_digest : without_digest;
	u->alt = NULL;
	if (alt && !process_problem(g->key)) {
		struct srule r = { 0 };
		struct sbuf b = { 0 };

		narrow(&r, g->key, false, 0);
		put_rule(&b, &r);
		u->alt = b.p;
		for (i = 0; i < BPFSEAL_PROP_COUNT; i++) {
			size_t k;

			for (k = 0; k < r.vals[i].n; k++)
				free(r.vals[i].v[k]);
			free(r.vals[i].v);
		}
	}
}

/* The rule (or the note) for one group. */
static void plan_group(struct plan *pl, struct group *g, struct load *loads)
{
	struct load *k = g->key;
	size_t i, denied = 0, audited = 0, n = 0;
	bool uid_same = true;
	__u32 uid = 0;
	struct srule *r;
	const char *why;
	char hex[2 * BPFSEAL_SHA256_SIZE + 1];
	bool digest_rule = g->nr_digests == 1;

	/* the loads the rule would be for: with a digest, or all (process) */
	for (i = 0; i < g->n; i++) {
		struct load *l = &loads[g->idx[i]];

		if (digest_rule && !l->has_digest)
			continue;
		if (!l->has_uid || (n && l->uid != uid))
			uid_same = false;
		uid = l->uid;
		n++;
		if (l->decision == DECISION_DENY)
			denied++;
		else
			audited++;
	}
	if (!g->nr_digests) {
		add_uncovered(pl, g, loads, false, true,
			      "its digest was not computed (digest=?), so no digest rule can "
			      "be made for it", true);
		return;
	}
	if (digest_rule) {
		r = new_rule(pl, RULE_DIGEST);
		for (i = 0; i < BPFSEAL_SHA256_SIZE; i++)
			snprintf(hex + 2 * i, 3, "%02x", g->digests[0][i]);
		rule_set(r, BPFSEAL_PROP_DIGEST, hex);
		narrow(r, k, uid_same, uid);
		r->programs = 1;
		r->digests = 1;
		if (g->no_digest)
			add_uncovered(pl, g, loads, false, true,
				      "its digest was not computed (digest=?): the digest "
				      "rule made for its other loads may not cover them", false);
	} else {
		why = process_problem(k);
		if (why) {
			add_uncovered(pl, g, loads, true, true, why, false);
			return;
		}
		r = new_rule(pl, RULE_PROCESS);
		narrow(r, k, uid_same, uid);
		r->programs = 1;
		r->digests = g->nr_digests;
	}
	r->loads = n;
	r->denied = denied;
	r->audited = audited;
	rule_count_prog(r, k->prog_name, n);
	if (k->exe_why && r->kind == RULE_DIGEST) {
		sb_printf(&r->notes, "No exe= in this rule: %s. ", k->exe_why);
	}
	for (i = 0; i < g->n; i++) {
		struct load *l = &loads[g->idx[i]];

		if (!digest_rule || l->has_digest)
			l->planned = true;
	}
}

/*
 * Merge two rules that differ in one property's values only (or not at
 * all): the union of their values allows exactly what the two allowed.
 */
static bool try_merge(struct srule *a, struct srule *b)
{
	unsigned int prop, diff = BPFSEAL_PROP_COUNT;
	struct srule m;
	size_t i, n = 0;

	if (a->props != b->props)
		return false;
	for (prop = 0; prop < BPFSEAL_PROP_COUNT; prop++) {
		if (!(a->props & (1U << prop)) ||
		    vset_equal(&a->vals[prop], &b->vals[prop]))
			continue;
		if (n++)
			return false;
		diff = prop;
	}
	if (diff < BPFSEAL_PROP_COUNT) {
		size_t total = a->vals[diff].n;

		for (i = 0; i < b->vals[diff].n; i++)
			total += !vset_has(&a->vals[diff], b->vals[diff].v[i]);
		if (total > BPFSEAL_POLICY_MAX_SET)
			return false;
		/* the merged line must stay within the line limit */
		m = *a;
		m.vals[diff].v = NULL;
		m.vals[diff].n = 0;
		for (i = 0; i < a->vals[diff].n; i++)
			vset_add(&m.vals[diff], a->vals[diff].v[i]);
		for (i = 0; i < b->vals[diff].n; i++)
			vset_add(&m.vals[diff], b->vals[diff].v[i]);
		n = rule_len(&m);
		for (i = 0; i < m.vals[diff].n; i++)
			free(m.vals[diff].v[i]);
		free(m.vals[diff].v);
		if (n > BPFSEAL_POLICY_MAX_LINE)
			return false;
		for (i = 0; i < b->vals[diff].n; i++)
			vset_add(&a->vals[diff], b->vals[diff].v[i]);
	}
	for (i = 0; i < b->nprogs; i++)
		rule_count_prog(a, b->progs[i].name, b->progs[i].n);
	a->loads += b->loads;
	a->denied += b->denied;
	a->audited += b->audited;
	a->programs += b->programs;
	a->digests += b->digests;
	if (b->notes.len)
		sb_add(&a->notes, b->notes.p, b->notes.len);
	b->dead = true;
	return true;
}

static void merge_rules(struct plan *pl)
{
	bool changed = true;
	size_t i, j;

	while (changed) {
		changed = false;
		for (i = 0; i < pl->nr_rules; i++) {
			if (pl->rules[i].dead)
				continue;
			for (j = i + 1; j < pl->nr_rules; j++)
				if (!pl->rules[j].dead &&
				    try_merge(&pl->rules[i], &pl->rules[j]))
					changed = true;
		}
	}
}

static const char signed_rule[] = "verdict=OK keyring=bpfseal action=ALLOW";

/* The policy text: header, the signed rule, the rules, DEFAULT last. */
static void put_policy(struct sbuf *b, const struct suggest *sg,
		       const struct plan *pl, const char *name,
		       const char *version, bool with_signed, size_t nr_signed,
		       bool comments)
{
	struct sbuf c = { 0 };
	size_t i, candidates = sg->nr_loads;

	if (comments) {
		sb_printf(&c, "Suggested by " PROG " suggest from %lu bpfseal load "
			  "%s: %zu refused or audited, %lu allowed and %lu aborted "
			  "(not considered), %lu skipped. Review every rule before "
			  "loading it: the policy allows what the records show, and "
			  "denies any other unsigned load.", sg->records,
			  plural(sg->records, "record", "records"), candidates,
			  sg->allowed, sg->aborted, sg->skipped);
		put_comment(b, c.p);
		c.len = 0;
	}
	sb_printf(b, "policy_name=%s policy_version=%s\n", name, version);
	if (with_signed) {
		if (comments) {
			sb_add(b, "\n", 1);
			sb_printf(&c, "Signed programs: a good signature by a key of the "
				  "module's own keyring (%zu of the loads in the records).",
				  nr_signed);
			put_comment(b, c.p);
			c.len = 0;
		}
		sb_printf(b, "%s\n", signed_rule);
	}
	for (i = 0; i < pl->nr_rules; i++) {
		const struct srule *r = &pl->rules[i];

		if (r->dead)
			continue;
		if (comments) {
			sb_add(b, "\n", 1);
			put_progs(&c, r->progs, r->nprogs, r->loads, r->denied,
				  r->audited);
			if (r->kind == RULE_DIGEST)
				sb_printf(&c, " %zu fixed %s: allowed by %s.", r->digests,
					  plural(r->digests, "program", "programs"),
					  plural(r->digests, "its digest", "their digests"));
			else
				sb_printf(&c, " %zu different digests: made at run time, "
					  "allowed by the process that loads %s.", r->digests,
					  plural(r->programs, "it", "them"));
			if (r->notes.len)
				sb_printf(&c, " %s", r->notes.p);
			put_comment(b, c.p);
			c.len = 0;
		}
		put_rule(b, r);
		sb_add(b, "\n", 1);
	}
	/* last: a copy cut short has no DEFAULT, and the module refuses it */
	if (comments) {
		sb_add(b, "\n", 1);
		put_comment(b, "Any other load is refused.");
	}
	sb_add(b, "DEFAULT action=DENY\n", 20);
	free(c.p);
}

/* The comments on loads no rule allows. */
static void put_uncovered(struct sbuf *b, const struct plan *pl,
			  const struct load *loads, const bool *allowed,
			  size_t *nr_left)
{
	struct sbuf c = { 0 };
	bool head = false;
	size_t i, k;

	*nr_left = 0;
	for (i = 0; i < pl->nr_unc; i++) {
		const struct uncovered *u = &pl->unc[i];
		size_t n = 0, denied = 0;
		const char *tname;
		struct pcount pc;

		for (k = 0; k < u->g->n; k++) {
			size_t li = u->g->idx[k];

			if (!u->which[k] || allowed[li])
				continue;
			n++;
			denied += loads[li].decision == DECISION_DENY;
		}
		if (!n)
			continue;
		*nr_left += n;
		if (!head) {
			sb_add(b, "\n", 1);
			put_comment(b, "NOT ALLOWED by this policy: loads no rule could "
				    "be made for.");
			head = true;
		}
		pc.name = u->g->key->prog_name;
		pc.n = n;
		put_progs(&c, &pc, 1, n, denied, n - denied);
		tname = bpfseal_rule_name_of(bpfseal_rule_prog_types,
					     u->g->key->prog_type);
		if (tname)
			sb_printf(&c, " prog_type=%s", tname);
		else
			sb_printf(&c, " prog_type=%u", u->g->key->prog_type);
		if (u->g->key->exe) {
			sb_printf(&c, " exe=");
			put_comment_text(&c, u->g->key->exe);
		} else {
			sb_printf(&c, " exe=(none)");
		}
		if (u->g->key->pid1)
			sb_printf(&c, " pid1=true");
		sb_printf(&c, ": %s.", u->why);
		if (u->alt)
			sb_printf(&c, " If its programs are made at run time, this "
				  "rule would allow them:");
		put_comment(b, c.p);
		c.len = 0;
		if (u->alt)
			sb_printf(b, "#   %s\n", u->alt);
	}
	free(c.p);
}

static void free_plan(struct plan *pl)
{
	size_t i, k, j;

	for (i = 0; i < pl->nr_rules; i++) {
		struct srule *r = &pl->rules[i];

		for (k = 0; k < BPFSEAL_PROP_COUNT; k++) {
			for (j = 0; j < r->vals[k].n; j++)
				free(r->vals[k].v[j]);
			free(r->vals[k].v);
		}
		for (k = 0; k < r->nprogs; k++)
			free(r->progs[k].name);
		free(r->progs);
		free(r->notes.p);
	}
	free(pl->rules);
	for (i = 0; i < pl->nr_unc; i++) {
		free(pl->unc[i].which);
		free(pl->unc[i].alt);
	}
	free(pl->unc);
}

/* Parse @text as the module would; the policy or -1. */
static int self_check(const char *text, size_t len, struct policy *pol)
{
	memset(pol, 0, sizeof(*pol));
	pol->name = "suggested policy";
	pol->text = xstrndup(text, len);
	pol->len = len;
	return parse_policy(pol, true);
}

static int cmd_suggest(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "version", required_argument, NULL, 'v' },
		{ "no-signed", no_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 }
	};
	const char *name = "suggested", *version = "0.0.1";
	struct suggest sg = { 0 };
	struct plan pl = { 0 };
	struct group *groups = NULL;
	size_t nr_groups = 0, nr_signed = 0, i, k, nr_left, live = 0;
	bool with_signed = true, comments = true, *allowed;
	struct policy pol, sig;
	struct sbuf out = { 0 };
	int c, ret = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			name = optarg;
			break;
		case 'v':
			version = optarg;
			break;
		case 'N':
			with_signed = false;
			break;
		default:
			usage_error("suggest: unknown option or missing value: '%s'",
				    argv[optind - 1]);
		}
	}
	/* the header as the module's parser would take it */
	{
		struct sbuf h = { 0 };
		struct bpfseal_rules_error e = { 0 };
		struct bpfseal_rules p = { 0 };

		sb_printf(&h, "policy_name=%s policy_version=%s\nDEFAULT action=DENY\n",
			  name, version);
		p.text = h.p;
		p.len = (__u32)h.len;
		if (strpbrk(name, " \t\n#") || strpbrk(version, " \t\n#") ||
		    bpfseal_rules_parse(&p, &e))
			usage_error("suggest: --name '%s' --version '%s': %s", name,
				    version, e.msg ? e.msg :
				    "no spaces or '#' in a name or version");
		free(h.p);
	}

	if (optind == argc) {
		if (read_records(&sg, "-"))
			return EXIT_INVALID;
	}
	for (i = (size_t)optind; i < (size_t)argc; i++)
		if (read_records(&sg, argv[i]))
			return EXIT_INVALID;

	/* the loads the signed-programs rule allows need nothing more */
	if (with_signed) {
		static const char sp[] = "policy_name=s policy_version=0.0.1\n"
			"verdict=OK keyring=bpfseal action=ALLOW\nDEFAULT action=DENY\n";
		struct bpfseal_rule_ctx ctx;

		if (self_check(sp, sizeof(sp) - 1, &sig))
			abort();
		for (i = 0; i < sg.nr_loads; i++) {
			load_ctx(&sg.loads[i], &ctx);
			if (bpfseal_rules_eval(&sig.p, &ctx) >= 0) {
				sg.loads[i].signed_rule = true;
				nr_signed++;
			}
		}
		free_policy(&sig);
	}

	/* group the other loads by program and process */
	for (i = 0; i < sg.nr_loads; i++) {
		struct load *l = &sg.loads[i];
		struct group *g = NULL;

		if (l->signed_rule)
			continue;
		for (k = 0; k < nr_groups && !g; k++)
			if (same_group(groups[k].key, l))
				g = &groups[k];
		if (!g) {
			groups = xrealloc(groups, (nr_groups + 1) * sizeof(*groups));
			g = &groups[nr_groups++];
			memset(g, 0, sizeof(*g));
			g->key = l;
		}
		g->idx = xrealloc(g->idx, (g->n + 1) * sizeof(*g->idx));
		g->idx[g->n++] = i;
		if (!l->has_digest) {
			g->no_digest++;
			continue;
		}
		for (k = 0; k < g->nr_digests; k++)
			if (!memcmp(g->digests[k], l->digest, BPFSEAL_SHA256_SIZE))
				break;
		if (k == g->nr_digests) {
			g->digests = xrealloc(g->digests, (k + 1) * sizeof(*g->digests));
			memcpy(g->digests[k], l->digest, BPFSEAL_SHA256_SIZE);
			g->nr_digests++;
		}
	}
	for (i = 0; i < nr_groups; i++)
		plan_group(&pl, &groups[i], sg.loads);
	merge_rules(&pl);
	for (i = 0; i < pl.nr_rules; i++)
		live += !pl.rules[i].dead;
	if (live + with_signed > BPFSEAL_POLICY_MAX_RULES) {
		msg("suggest: %zu rules are needed, more than a policy may have (%u)",
		    live + with_signed, BPFSEAL_POLICY_MAX_RULES);
		ret = EXIT_INVALID;
		goto out;
	}

again:
	out.len = 0;
	put_policy(&out, &sg, &pl, name, version, with_signed, nr_signed, comments);
	/* check it with the module's parser, and every load with its evaluator */
	if (self_check(out.p, out.len, &pol)) {
		if (comments) {
			comments = false;
			goto again;
		}
		msg("suggest: the suggested policy is not valid (larger than %u bytes?)",
		    BPFSEAL_POLICY_MAX_SIZE);
		ret = EXIT_INVALID;
		goto out;
	}
	allowed = xcalloc(sg.nr_loads, sizeof(bool));
	for (i = 0; i < sg.nr_loads; i++) {
		struct bpfseal_rule_ctx ctx;
		int idx;

		load_ctx(&sg.loads[i], &ctx);
		idx = bpfseal_rules_eval(&pol.p, &ctx);
		allowed[i] = bpfseal_rules_rule(&pol.p, idx)->action == BPFSEAL_RULE_ALLOW;
		if (!allowed[i] && (sg.loads[i].planned || sg.loads[i].signed_rule)) {
			msg("suggest: internal error: the suggested policy does not allow "
			    "the load of %s:%lu", sg.loads[i].file, sg.loads[i].lineno);
			ret = EXIT_INVALID;
		}
	}
	free_policy(&pol);
	if (comments)
		put_uncovered(&out, &pl, sg.loads, allowed, &nr_left);
	else
		for (i = 0, nr_left = 0; i < sg.nr_loads; i++)
			nr_left += !allowed[i];
	free(allowed);
	if (self_check(out.p, out.len, &pol)) {
		free_policy(&pol);
		if (comments) {
			comments = false;
			goto again;
		}
		msg("suggest: the suggested policy is not valid");
		ret = EXIT_INVALID;
		goto out;
	}
	free_policy(&pol);
	if (ret)
		goto out;
	fputs(out.p, stdout);
	if (fflush(stdout))
		ret = EXIT_INVALID;
	if (!sg.records)
		msg("suggest: no bpfseal load records (op=bpfseal-load) in the input");
	else if (!sg.nr_loads)
		msg("suggest: no refused or audited loads in the records");
	if (nr_left)
		msg("suggest: %zu of %zu refused or audited loads are not allowed by "
		    "the suggested policy: see the comments at its end", nr_left,
		    sg.nr_loads);
	if (!comments)
		msg("suggest: comments left out to keep the policy within %u bytes",
		    BPFSEAL_POLICY_MAX_SIZE);
out:
	free(out.p);
	free_plan(&pl);
	for (i = 0; i < nr_groups; i++) {
		free(groups[i].idx);
		free(groups[i].digests);
	}
	free(groups);
	for (i = 0; i < sg.nr_loads; i++) {
		free(sg.loads[i].prog_name);
		free(sg.loads[i].exe);
		free(sg.loads[i].cgroup);
	}
	free(sg.loads);
	return ret;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : NULL;

	if (!cmd)
		usage_error("no command (check, eval, suggest)");
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (want_help(argc - 1, argv + 1)) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (!strcmp(cmd, "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(cmd, "eval"))
		return cmd_eval(argc - 1, argv + 1);
	if (!strcmp(cmd, "suggest"))
		return cmd_suggest(argc - 1, argv + 1);
	usage_error("unknown command '%s' (check, eval, suggest)", cmd);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target for the rule policy (include/bpfseal/rules.h), the
 * parser the kernel module runs on policies written to securityfs. Build
 * and run: make fuzz (see docs/testing.md).
 *
 * Beyond "no crash, no sanitizer report", it checks what the module and
 * bpfseal-policy rely on:
 *  - the two passes agree: the counting pass (no storage) and the filling
 *    pass (exactly the counted room) give the same result, error and
 *    counts, and the filled rules and values stay within what was counted;
 *  - an error names a line and column inside the text (line 0 only for
 *    the policy as a whole), and only -EINVAL or -E2BIG is returned;
 *  - the normalized text (bpfseal_rules_format()) parses again and
 *    formats to the same text, and the length it reports is the length
 *    it writes;
 *  - the evaluator returns the DEFAULT or a rule index, the first rule
 *    that matches: a load built to match one rule is decided by that rule
 *    or an earlier one, in the parsed and in the re-parsed policy alike.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bpfseal/rules.h>

struct parsed {
	struct bpfseal_rules p;
	struct bpfseal_rules_error err;
	int ret;
};

/* Count, allocate exactly, fill; abort when the passes disagree. */
static void parse_twice(const char *text, size_t len, struct parsed *x)
{
	struct bpfseal_rules_error e1;
	__u32 nr, nv, i, lines = 1;
	int r1;

	memset(x, 0, sizeof(*x));
	x->p.text = text;
	x->p.len = (__u32)len;
	r1 = bpfseal_rules_parse(&x->p, &e1);
	nr = x->p.nr_rules;
	nv = x->p.nr_values;
	if (r1 != 0 && r1 != -EINVAL && r1 != -E2BIG)
		abort();
	if (!e1.msg != !r1)
		abort();
	for (i = 0; i < len; i++)
		lines += text[i] == '\n';
	if (r1 && (e1.line > lines || (!e1.line && e1.col)))
		abort();
	if (r1 && e1.line && !e1.col)
		abort();
	if (!r1 && (nr > BPFSEAL_POLICY_MAX_RULES ||
		    nv > BPFSEAL_POLICY_MAX_RULES * BPFSEAL_PROP_COUNT *
			 BPFSEAL_POLICY_MAX_SET))
		abort();

	x->p.rules = calloc(nr ? nr : 1, sizeof(*x->p.rules));
	x->p.values = calloc(nv ? nv : 1, sizeof(*x->p.values));
	if (!x->p.rules || !x->p.values)
		abort();
	x->p.max_rules = nr;
	x->p.max_values = nv;
	x->ret = bpfseal_rules_parse(&x->p, &x->err);
	if (x->ret != r1 || x->err.line != e1.line || x->err.col != e1.col ||
	    x->err.msg != e1.msg)
		abort();
	if (!x->ret && (x->p.nr_rules != nr || x->p.nr_values != nv))
		abort();
	if (x->ret)
		return;
	/* every rule's values lie inside the values, every path in the text */
	for (i = 0; i <= x->p.nr_rules; i++) {
		const struct bpfseal_rule *r = i < x->p.nr_rules ?
			&x->p.rules[i] : &x->p.dflt;
		unsigned int prop;

		if (r->action >= BPFSEAL_RULE_ACTION_COUNT)
			abort();
		if ((i < x->p.nr_rules) != !!r->props)
			abort();
		for (prop = 0; prop < BPFSEAL_PROP_COUNT; prop++) {
			__u32 k;

			if (!(r->props & (1U << prop)))
				continue;
			if (bpfseal_props[prop].kind == BPFSEAL_KIND_NAME) {
				if (!r->bits[prop])
					abort();
				continue;
			}
			if (!r->count[prop] || r->count[prop] > BPFSEAL_POLICY_MAX_SET ||
			    r->first[prop] + r->count[prop] > x->p.nr_values)
				abort();
			for (k = r->first[prop]; k < r->first[prop] + r->count[prop]; k++) {
				const struct bpfseal_rule_value *v = &x->p.values[k];

				if (bpfseal_props[prop].kind == BPFSEAL_KIND_PATH &&
				    (v->off + v->len > len || text[v->off] != '/'))
					abort();
				if (bpfseal_props[prop].kind == BPFSEAL_KIND_UINT &&
				    v->num == 0xffffffffU)
					abort();
			}
		}
	}
}

static void free_parsed(struct parsed *x)
{
	free(x->p.rules);
	free(x->p.values);
}

static char *format(const struct bpfseal_rules *p, __u32 *len)
{
	__u32 n = bpfseal_rules_format(p, NULL, 0);
	char *buf = malloc((size_t)n + 1);

	if (!buf)
		abort();
	if (bpfseal_rules_format(p, buf, n + 1) != n || strlen(buf) != n)
		abort();
	*len = n;
	return buf;
}

/* A load that rule @idx of @p matches: the first value of each property. */
static void ctx_for(const struct bpfseal_rules *p, const struct bpfseal_rule *r,
		    struct bpfseal_rule_ctx *c)
{
	unsigned int prop;

	for (prop = 0; prop < BPFSEAL_PROP_COUNT; prop++) {
		const struct bpfseal_rule_value *v = &p->values[r->first[prop]];
		int bit;

		if (!(r->props & (1U << prop)))
			continue;
		if (bpfseal_props[prop].kind == BPFSEAL_KIND_NAME)
			bit = __builtin_ctzll(r->bits[prop]);
		else
			bit = 0;
		switch (prop) {
		case BPFSEAL_PROP_VERDICT:
			c->verdict = bit;
			break;
		case BPFSEAL_PROP_SCHEME:
			c->scheme = bit;
			break;
		case BPFSEAL_PROP_KEYRING:
			c->keyring = bit == BPFSEAL_RULE_KEYRING_NONE ? -1 : bit;
			break;
		case BPFSEAL_PROP_ORIGIN:
			c->origin = bit;
			break;
		case BPFSEAL_PROP_PROG_TYPE:
			c->prog_type = (__u32)bit;
			break;
		case BPFSEAL_PROP_ATTACH_TYPE:
			c->attach_type = (__u32)bit;
			break;
		case BPFSEAL_PROP_PID1:
			c->pid1 = bit;
			break;
		case BPFSEAL_PROP_SIGNER:
			c->signer = v->bytes;
			c->signer_len = v->len;
			break;
		case BPFSEAL_PROP_DIGEST:
			c->digest = v->bytes;
			break;
		case BPFSEAL_PROP_EXE:
			c->exe = p->text + v->off;
			c->exe_len = v->len;
			break;
		case BPFSEAL_PROP_UID:
			c->uid = v->num;
			break;
		case BPFSEAL_PROP_CGROUP:
			c->cgroup = p->text + v->off;
			c->cgroup_len = v->len;
			break;
		}
	}
}

/* A load from the input's bytes, to exercise the evaluator's misses too. */
static void ctx_from_bytes(const uint8_t *d, size_t n, struct bpfseal_rule_ctx *c)
{
	static const __u8 zero[BPFSEAL_SHA256_SIZE];
	uint8_t b[16] = { 0 };

	memcpy(b, d, n < sizeof(b) ? n : sizeof(b));
	c->verdict = b[0] % 9 - 1;
	c->scheme = b[1] % 5 - 1;
	c->keyring = b[2] % 6 - 1;
	c->origin = b[3] % 4;
	c->prog_type = b[4] < 200 ? b[4] % 70 : 0xffffffffU;
	c->attach_type = b[5] % 70;
	c->pid1 = b[6] & 1;
	c->uid = b[7] & 1 ? 0 : 1000;
	c->digest = b[8] & 1 ? zero : NULL;
	c->exe = b[9] & 1 ? "/usr/bin/x" : NULL;
	c->exe_len = c->exe ? 10 : 0;
	c->cgroup = b[10] & 1 ? "/system.slice/a.service" : (b[10] & 2 ? "/" : NULL);
	c->cgroup_len = c->cgroup ? (__u32)strlen(c->cgroup) : 0;
	c->signer = b[11] & 1 ? zero : NULL;
	c->signer_len = b[12] % 33;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parsed x, y;
	struct bpfseal_rule_ctx c;
	char *text, *out, *out2;
	__u32 n, n2, k;
	int i1, i2;

	/* the text is copied: the parser's reads past it would show */
	text = malloc(size ? size : 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	parse_twice(text, size, &x);
	if (x.ret) {
		free_parsed(&x);
		free(text);
		return 0;
	}

	/* any load: the DEFAULT or a rule; the same in the re-parsed text */
	memset(&c, 0, sizeof(c));
	ctx_from_bytes(data, size, &c);
	i1 = bpfseal_rules_eval(&x.p, &c);
	if (i1 < -1 || i1 >= (int)x.p.nr_rules)
		abort();
	if (i1 >= 0 && !bpfseal_rule_matches(&x.p, &x.p.rules[i1], &c))
		abort();

	out = format(&x.p, &n);
	if (n > BPFSEAL_POLICY_MAX_SIZE + 1)	/* one more: a last newline added */
		abort();
	parse_twice(out, n, &y);
	if (n <= BPFSEAL_POLICY_MAX_SIZE && y.ret)
		abort();
	if (!y.ret) {
		out2 = format(&y.p, &n2);
		if (n2 != n || memcmp(out, out2, n))
			abort();
		free(out2);
		if (y.p.nr_rules != x.p.nr_rules || y.p.nr_values != x.p.nr_values ||
		    bpfseal_rules_version_cmp(x.p.version, y.p.version) ||
		    strcmp(x.p.name, y.p.name))
			abort();
		i2 = bpfseal_rules_eval(&y.p, &c);
		if (i1 != i2)
			abort();

		/* a load built to match a rule: that rule or an earlier one */
		if (x.p.nr_rules) {
			k = (size > 13 ? data[13] : 0) % x.p.nr_rules;
			memset(&c, 0, sizeof(c));
			c.keyring = -1;
			ctx_for(&x.p, &x.p.rules[k], &c);
			i1 = bpfseal_rules_eval(&x.p, &c);
			if (i1 < 0 || i1 > (int)k)
				abort();
			if (bpfseal_rules_eval(&y.p, &c) != i1)
				abort();
		}
	}
	free_parsed(&y);
	free(out);
	free_parsed(&x);
	free(text);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Table-driven tests of the policy parameter parser
 * (include/bpfseal/policy.h), which the module uses for its parameters.
 * Built with ASan and UBSan.
 */
#include <stdio.h>
#include <string.h>

#include <bpfseal/policy.h>

#define BIT(v) (1U << (v))

struct tcase {
	const char *name;
	const struct bpfseal_name *names;
	int set;		/* parse as a set, not one name */
	const char *in;
	int want_err;
	unsigned int want;
};

static const struct tcase cases[] = {
	{ "mode enforce", bpfseal_mode_names, 0, "enforce", 0, BPFSEAL_MODE_ENFORCE },
	{ "mode permissive", bpfseal_mode_names, 0, "permissive", 0, BPFSEAL_MODE_PERMISSIVE },
	{ "mode off", bpfseal_mode_names, 0, "off", 0, BPFSEAL_MODE_OFF },
	{ "mode with echo's newline", bpfseal_mode_names, 0, "off\n", 0, BPFSEAL_MODE_OFF },
	{ "mode two newlines", bpfseal_mode_names, 0, "off\n\n", -EINVAL, 0 },
	{ "mode upper case", bpfseal_mode_names, 0, "Enforce", -EINVAL, 0 },
	{ "mode prefix", bpfseal_mode_names, 0, "enf", -EINVAL, 0 },
	{ "mode longer", bpfseal_mode_names, 0, "enforced", -EINVAL, 0 },
	{ "mode empty", bpfseal_mode_names, 0, "", -EINVAL, 0 },
	{ "mode only newline", bpfseal_mode_names, 0, "\n", -EINVAL, 0 },
	{ "mode space", bpfseal_mode_names, 0, " enforce", -EINVAL, 0 },
	{ "mode list", bpfseal_mode_names, 0, "enforce,off", -EINVAL, 0 },
	{ "mode NULL", bpfseal_mode_names, 0, NULL, -EINVAL, 0 },
	{ "kernel_loads deny", bpfseal_kernel_loads_names, 0, "deny", 0, BPFSEAL_KERNEL_LOADS_DENY },
	{ "kernel_loads allow", bpfseal_kernel_loads_names, 0, "allow", 0, BPFSEAL_KERNEL_LOADS_ALLOW },
	{ "kernel_loads yes", bpfseal_kernel_loads_names, 0, "yes", -EINVAL, 0 },
	{ "allow ok", bpfseal_allow_names, 1, "ok", 0, BIT(BPFSEAL_VERDICT_OK) },
	{ "allow ok,partialsig", bpfseal_allow_names, 1, "ok,partialsig", 0,
	  BIT(BPFSEAL_VERDICT_OK) | BIT(BPFSEAL_VERDICT_PARTIALSIG) },
	{ "allow every verdict", bpfseal_allow_names, 1,
	  "ok,unsigned,partialsig,unknownkey,unexpected,fault,badsig\n", 0,
	  BIT(1) | BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) | BIT(7) },
	{ "allow none is no verdict", bpfseal_allow_names, 1, "none", -EINVAL, 0 },
	{ "allow repeated", bpfseal_allow_names, 1, "ok,ok", -EINVAL, 0 },
	{ "allow empty item", bpfseal_allow_names, 1, "ok,,partialsig", -EINVAL, 0 },
	{ "allow trailing comma", bpfseal_allow_names, 1, "ok,", -EINVAL, 0 },
	{ "allow leading comma", bpfseal_allow_names, 1, ",ok", -EINVAL, 0 },
	{ "allow space after comma", bpfseal_allow_names, 1, "ok, partialsig", -EINVAL, 0 },
	{ "allow unknown item", bpfseal_allow_names, 1, "ok,maybe", -EINVAL, 0 },
	{ "keyrings default", bpfseal_keyring_names, 1, "bpfseal", 0, BIT(BPFSEAL_KEYRING_BPFSEAL) },
	{ "keyrings all", bpfseal_keyring_names, 1, "platform,secondary,builtin,bpfseal", 0,
	  BIT(0) | BIT(1) | BIT(2) | BIT(3) },
	{ "keyrings user ring", bpfseal_keyring_names, 1, "user", -EINVAL, 0 },
	{ "keyrings newline in item", bpfseal_keyring_names, 1, "builtin\n,bpfseal", -EINVAL, 0 },
};

static char long_value[BPFSEAL_PARAM_MAX_LEN + 3];

static int check(const struct tcase *c)
{
	unsigned int one = 0xdead;
	__u32 set = 0xdead;
	unsigned int got;
	int err;

	if (c->set) {
		err = bpfseal_parse_set(c->in, c->names, &set);
		got = set;
	} else {
		err = bpfseal_parse_one(c->in, c->names, &one);
		got = one;
	}
	if (err != c->want_err) {
		printf("FAIL %s: returned %d, want %d\n", c->name, err, c->want_err);
		return 1;
	}
	if (!err && got != c->want) {
		printf("FAIL %s: value %#x, want %#x\n", c->name, got, c->want);
		return 1;
	}
	if (err && got != 0xdead) {
		printf("FAIL %s: output written on error\n", c->name);
		return 1;
	}
	printf("PASS %s\n", c->name);
	return 0;
}

static int expect_len(const char *name, int want)
{
	int got = bpfseal_param_len(long_value);

	if (got != want) {
		printf("FAIL %s: length %d, want %d\n", name, got, want);
		return 1;
	}
	printf("PASS %s\n", name);
	return 0;
}

int main(void)
{
	const struct tcase lim[] = {
		{ "limit: value over the limit", bpfseal_allow_names, 1, long_value, -EINVAL, 0 },
	};
	char buf[64], tiny[8];
	int fails = 0;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		fails += check(&cases[i]);

	/* The length limit itself: MAX characters, MAX plus a newline, MAX+1. */
	memset(long_value, 'x', BPFSEAL_PARAM_MAX_LEN);
	fails += expect_len("limit: longest value", BPFSEAL_PARAM_MAX_LEN);
	long_value[BPFSEAL_PARAM_MAX_LEN] = '\n';
	fails += expect_len("limit: longest value and newline", BPFSEAL_PARAM_MAX_LEN);
	long_value[BPFSEAL_PARAM_MAX_LEN] = 'x';
	fails += expect_len("limit: one over", -EINVAL);
	fails += check(&lim[0]);

	bpfseal_names_format(bpfseal_mode_names, buf, sizeof(buf));
	if (strcmp(buf, "enforce, permissive, off")) {
		printf("FAIL names_format: \"%s\"\n", buf);
		fails++;
	} else {
		printf("PASS names_format\n");
	}
	bpfseal_names_format(bpfseal_mode_names, tiny, sizeof(tiny));
	if (strcmp(tiny, "enforce")) {
		printf("FAIL names_format truncates: \"%s\"\n", tiny);
		fails++;
	} else {
		printf("PASS names_format truncates\n");
	}
	printf("%d failed\n", fails);
	return fails ? 1 : 0;
}

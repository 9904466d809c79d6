/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Policy parameters of bpfseal and their parser, shared by the kernel
 * module (module parameters, securityfs writes) and the host unit tests.
 *
 * Every parameter is one name (mode, kernel_loads) or a comma-separated
 * set of names (allow, keyrings), lower case, no spaces, no empty item,
 * no name twice; one trailing newline is accepted (a value written with
 * echo). Anything else is refused with -EINVAL: a value is never clamped
 * or partly applied.
 *
 * Pure C, header only: no libc, no allocation.
 */
#ifndef _BPFSEAL_POLICY_H
#define _BPFSEAL_POLICY_H

#include "types.h"
#include "verdict.h"

/* Longest parameter value accepted, without the trailing newline. */
#define BPFSEAL_PARAM_MAX_LEN 128

enum bpfseal_mode {
	BPFSEAL_MODE_ENFORCE = 0,	/* refuse what the policy does not allow */
	BPFSEAL_MODE_PERMISSIVE = 1,	/* decide and audit, never refuse */
	BPFSEAL_MODE_OFF = 2,		/* allow everything, audit nothing */
};

/* Keyrings a signature may be verified against (bits of a set). */
enum bpfseal_keyring {
	BPFSEAL_KEYRING_BPFSEAL = 0,	/* the module's own .bpfseal */
	BPFSEAL_KEYRING_BUILTIN = 1,	/* .builtin_trusted_keys */
	BPFSEAL_KEYRING_SECONDARY = 2,	/* .secondary_trusted_keys */
	BPFSEAL_KEYRING_PLATFORM = 3,	/* .platform (UEFI db, MOK) */
};

/* What happens to kernel-origin loads outside a verified loader. */
enum bpfseal_kernel_loads {
	BPFSEAL_KERNEL_LOADS_DENY = 0,
	BPFSEAL_KERNEL_LOADS_ALLOW = 1,
};

/**
 * struct bpfseal_name - one accepted name of a parameter
 * @name: the name, lower case
 * @value: its value (a set uses 1 << @value as the bit)
 */
struct bpfseal_name {
	const char *name;
	unsigned int value;
};

static const struct bpfseal_name bpfseal_mode_names[] = {
	{ "enforce", BPFSEAL_MODE_ENFORCE },
	{ "permissive", BPFSEAL_MODE_PERMISSIVE },
	{ "off", BPFSEAL_MODE_OFF },
	{ NULL, 0 }
};

/**
 * bpfseal_mode_name() - Name of a mode, as printed and audited.
 * @mode: enum bpfseal_mode.
 *
 * Return: its name; "invalid" for a value out of range.
 */
static inline const char *bpfseal_mode_name(unsigned int mode)
{
	if (mode > BPFSEAL_MODE_OFF)
		return "invalid";
	return bpfseal_mode_names[mode].name;
}

static const struct bpfseal_name bpfseal_keyring_names[] = {
	{ "bpfseal", BPFSEAL_KEYRING_BPFSEAL },
	{ "builtin", BPFSEAL_KEYRING_BUILTIN },
	{ "secondary", BPFSEAL_KEYRING_SECONDARY },
	{ "platform", BPFSEAL_KEYRING_PLATFORM },
	{ NULL, 0 }
};

static const struct bpfseal_name bpfseal_kernel_loads_names[] = {
	{ "deny", BPFSEAL_KERNEL_LOADS_DENY },
	{ "allow", BPFSEAL_KERNEL_LOADS_ALLOW },
	{ NULL, 0 }
};

/* Verdicts an administrator may allow (NONE is not a verdict one allows). */
static const struct bpfseal_name bpfseal_allow_names[] = {
	{ "ok", BPFSEAL_VERDICT_OK },
	{ "unsigned", BPFSEAL_VERDICT_UNSIGNED },
	{ "partialsig", BPFSEAL_VERDICT_PARTIALSIG },
	{ "unknownkey", BPFSEAL_VERDICT_UNKNOWNKEY },
	{ "unexpected", BPFSEAL_VERDICT_UNEXPECTED },
	{ "fault", BPFSEAL_VERDICT_FAULT },
	{ "badsig", BPFSEAL_VERDICT_BADSIG },
	{ NULL, 0 }
};

/* Length of @s without one trailing newline; -EINVAL if empty or too long. */
static inline int bpfseal_param_len(const char *s)
{
	int n = 0;

	if (!s)
		return -EINVAL;
	while (s[n]) {
		if (n > BPFSEAL_PARAM_MAX_LEN)
			return -EINVAL;
		n++;
	}
	if (n && s[n - 1] == '\n')
		n--;
	if (!n || n > BPFSEAL_PARAM_MAX_LEN)
		return -EINVAL;
	return n;
}

/* Index in @names of the name equal to s[0..len), or -EINVAL. */
static inline int bpfseal_name_lookup(const struct bpfseal_name *names,
				      const char *s, int len)
{
	int i, j;

	for (i = 0; names[i].name; i++) {
		for (j = 0; j < len && names[i].name[j] == s[j]; j++)
			;
		if (j == len && !names[i].name[len])
			return i;
	}
	return -EINVAL;
}

/**
 * bpfseal_parse_one - parse a parameter that is exactly one name
 * @s: the value, NUL-terminated
 * @names: the accepted names, ended by a NULL name
 * @out: the value of the name found (untouched on error)
 *
 * Return: 0, or -EINVAL when @s is not exactly one of @names.
 */
static inline int bpfseal_parse_one(const char *s,
				    const struct bpfseal_name *names,
				    unsigned int *out)
{
	int len = bpfseal_param_len(s);
	int i;

	if (len < 0)
		return len;
	i = bpfseal_name_lookup(names, s, len);
	if (i < 0)
		return i;
	*out = names[i].value;
	return 0;
}

/**
 * bpfseal_parse_set - parse a comma-separated set of names
 * @s: the value, NUL-terminated
 * @names: the accepted names, ended by a NULL name; values below 32
 * @out: bit (1 << value) set for each name given (untouched on error)
 *
 * Return: 0, or -EINVAL for an unknown, empty or repeated item.
 */
static inline int bpfseal_parse_set(const char *s,
				    const struct bpfseal_name *names,
				    __u32 *out)
{
	int len = bpfseal_param_len(s);
	int start = 0, end, i;
	__u32 set = 0, bit;

	if (len < 0)
		return len;
	while (start <= len) {
		for (end = start; end < len && s[end] != ','; end++)
			;
		if (end == start)
			return -EINVAL;		/* empty item */
		i = bpfseal_name_lookup(names, s + start, end - start);
		if (i < 0)
			return i;
		bit = 1U << names[i].value;
		if (set & bit)
			return -EINVAL;		/* repeated */
		set |= bit;
		start = end + 1;
	}
	*out = set;
	return 0;
}

/**
 * bpfseal_names_format - write "a, b, c" (the accepted names) into @buf
 * @names: the names, ended by a NULL name
 * @buf: where to write; always NUL-terminated when @size > 0
 * @size: size of @buf
 *
 * For error messages that tell what a parameter accepts.
 *
 * Return: @buf.
 */
static inline char *bpfseal_names_format(const struct bpfseal_name *names,
					 char *buf, size_t size)
{
	size_t n = 0;
	int i, j;

	if (!size)
		return buf;
	for (i = 0; names[i].name; i++) {
		for (j = 0; (i ? ", " : "")[j] && n + 1 < size; j++)
			buf[n++] = (i ? ", " : "")[j];
		for (j = 0; names[i].name[j] && n + 1 < size; j++)
			buf[n++] = names[i].name[j];
	}
	buf[n] = '\0';
	return buf;
}

#endif /* _BPFSEAL_POLICY_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Signature verdicts, numbered as Hornet numbered them (enum
 * lsm_integrity_verdict). Shared by the kernel module and the tools; the
 * numbers appear in the audit log and in bpfseal-sign's exit status.
 */
#ifndef _BPFSEAL_VERDICT_H
#define _BPFSEAL_VERDICT_H

enum bpfseal_verdict {
	BPFSEAL_VERDICT_NONE = 0,	/* not evaluated */
	BPFSEAL_VERDICT_OK = 1,		/* signature and every map hash good */
	BPFSEAL_VERDICT_UNSIGNED = 2,	/* no signature at all */
	BPFSEAL_VERDICT_PARTIALSIG = 3,	/* good signature, no map hashes */
	BPFSEAL_VERDICT_UNKNOWNKEY = 4,	/* signer not in a trusted keyring */
	BPFSEAL_VERDICT_UNEXPECTED = 5,	/* a map differs from its signed hash */
	BPFSEAL_VERDICT_FAULT = 6,	/* could not read what must be checked */
	BPFSEAL_VERDICT_BADSIG = 7,	/* malformed or failing signature */
};

#define BPFSEAL_VERDICT_MAX BPFSEAL_VERDICT_BADSIG

/*
 * How a valid signature covered the program (audited as scheme=, matched
 * by the rule policy's scheme=).
 */
enum bpfseal_scheme {
	BPFSEAL_SCHEME_NONE = 0,	/* no valid signature */
	BPFSEAL_SCHEME_HORNET,		/* map hashes in the signed attribute */
	BPFSEAL_SCHEME_UPSTREAM,	/* instructions only, no map hashes */
	BPFSEAL_SCHEME_UPSTREAM_MAPS,	/* instructions and maps (7.3+) */
	BPFSEAL_SCHEME_COUNT
};

/**
 * bpfseal_verdict_name() - Name of a verdict, as printed and audited.
 * @v: the verdict.
 *
 * Return: a static upper-case string; "INVALID" for an unknown number.
 */
static inline const char *bpfseal_verdict_name(int v)
{
	switch (v) {
	case BPFSEAL_VERDICT_NONE:
		return "NONE";
	case BPFSEAL_VERDICT_OK:
		return "OK";
	case BPFSEAL_VERDICT_UNSIGNED:
		return "UNSIGNED";
	case BPFSEAL_VERDICT_PARTIALSIG:
		return "PARTIALSIG";
	case BPFSEAL_VERDICT_UNKNOWNKEY:
		return "UNKNOWNKEY";
	case BPFSEAL_VERDICT_UNEXPECTED:
		return "UNEXPECTED";
	case BPFSEAL_VERDICT_FAULT:
		return "FAULT";
	case BPFSEAL_VERDICT_BADSIG:
		return "BADSIG";
	}
	return "INVALID";
}

#endif /* _BPFSEAL_VERDICT_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every limit of the Hornet signature format as bpfseal enforces it, in one
 * place. Shared by the kernel module and the userspace tools.
 */
#ifndef _BPFSEAL_LIMITS_H
#define _BPFSEAL_LIMITS_H

/* Size of a SHA-256 digest: the only digest the format allows. */
#define BPFSEAL_SHA256_SIZE 32

/*
 * Highest fd_array index a map hash may name. The index is a DER INTEGER
 * with exactly one content byte, so 0..127.
 */
#define BPFSEAL_MAX_MAP_INDEX 127

/* Most entries the Hornet map-hash attribute may carry. */
#define BPFSEAL_MAX_MAPS 63

/*
 * Most map bytes bpfseal hashes for one load (the maps of a signed payload
 * and those a Hornet attribute names, value_size * max_entries each), so
 * that one call cannot make it hash without end. The same as the largest
 * payload Linux 7.3 signs (instructions and map values, 16 MiB - 1): a
 * light skeleton whose maps the kernel can sign fits.
 */
#define BPFSEAL_MAX_HASHED ((1UL << 24) - 1)

/*
 * Most maps one run of a verified loader may create (bpfseal lists them to
 * check what the loader's programs bind). libbpf's light-skeleton loader
 * makes at most 64 (its MAX_USED_MAPS), plus inner maps; a loader that
 * makes more gets its programs refused.
 */
#define BPFSEAL_MAX_RUN_MAPS 128

/*
 * Largest signature accepted. The upstream kernel refuses signatures
 * larger than KMALLOC_MAX_CACHE_SIZE (two pages, 8 KiB on x86-64).
 */
#define BPFSEAL_MAX_SIG_SIZE 8192

/*
 * Longest DER long-form length the walker accepts, in bytes after the
 * 0x8N byte. Two bytes cover any element of a signature that fits in
 * BPFSEAL_MAX_SIG_SIZE.
 */
#define BPFSEAL_DER_MAX_LEN_BYTES 2

/*
 * The rule policy (rules.h). A policy above any of these is refused whole,
 * with the line that is over: nothing is cut.
 *
 * Largest policy text, in bytes (one write to securityfs "policy").
 */
#define BPFSEAL_POLICY_MAX_SIZE 65536

/* Longest line of a policy, in bytes, without its newline. */
#define BPFSEAL_POLICY_MAX_LINE 4096

/* Most rules in a policy, not counting the DEFAULT. */
#define BPFSEAL_POLICY_MAX_RULES 1024

/* Most values one property of one rule may list. */
#define BPFSEAL_POLICY_MAX_SET 64

/* Longest policy_name. */
#define BPFSEAL_POLICY_MAX_NAME 64

/*
 * Most tokens on one line: each property once, action=, and DEFAULT's own
 * word (12 properties in rules.h; build_check_rules() ties the two).
 */
#define BPFSEAL_POLICY_MAX_TOKENS 14

/* Longest hex value (signer=), in bytes: a subject key identifier. */
#define BPFSEAL_RULE_MAX_HEX 32

#endif /* _BPFSEAL_LIMITS_H */

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

#endif /* _BPFSEAL_LIMITS_H */

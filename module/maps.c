// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - the maps a signature covers: resolved from the load's fd_array,
 * checked (ARRAY, frozen, no writer left, exclusive where the kernel
 * supports it) and hashed.
 */

#include <linux/bpf.h>
#include <linux/bpfptr.h>
#include <linux/overflow.h>
#include <linux/string.h>
#include <crypto/sha2.h>

#include <bpfseal/limits.h>

#include "bpfseal.h"

MODULE_IMPORT_NS("BPF_INTERNAL");

/**
 * bpfseal_map_get - take a reference on the map in one fd_array slot
 * @attr: the load's attributes
 * @kernel: whether @attr's pointers are kernel pointers
 * @index: slot in fd_array
 *
 * The fd is read once; the map object found is the one checked, hashed
 * and later compared with what the verifier bound.
 *
 * Return: the map, or an ERR_PTR.
 */
struct bpf_map *bpfseal_map_get(const union bpf_attr *attr, bool kernel,
				u32 index)
{
	bpfptr_t fds = make_bpfptr(attr->fd_array, kernel);
	u32 fd;

	if (!attr->fd_array)
		return ERR_PTR(-EINVAL);
	if (attr->fd_array_cnt && index >= attr->fd_array_cnt)
		return ERR_PTR(-EINVAL);
	if (copy_from_bpfptr_offset(&fd, fds, (size_t)index * sizeof(fd),
				    sizeof(fd)))
		return ERR_PTR(-EFAULT);
	return bpf_map_get(fd);
}

/**
 * bpfseal_map_check_sealed - check a map's contents can no longer change
 * @map: the map
 *
 * Frozen stops writes through the syscall; exclusive (the map may only be
 * bound by the program whose hash it was created with) stops other BPF
 * programs from writing it. Which program it is exclusive to is checked
 * once that program exists (bpfseal_map_is_exclusive_to(), at G2 and in
 * the run check); before, the kernel refuses to bind it to any other.
 *
 * Return: 0, or a negative errno saying what is wrong.
 */
int bpfseal_map_check_sealed(const struct bpf_map *map)
{
	if (map->map_type != BPF_MAP_TYPE_ARRAY ||
	    !map->ops->map_direct_value_addr)
		return -EMEDIUMTYPE;
	if (!READ_ONCE(map->frozen))
		return -EPERM;
	if (atomic64_read(&map->writecnt))
		return -EBUSY;
	if (!map->excl_prog_sha)
		return -EACCES;
	return 0;
}

/**
 * bpfseal_map_is_exclusive_to - whether only @prog may bind a map
 * @map: the map
 * @prog: a program (its digest is known once it is loaded)
 *
 * Return: true when the map was created exclusive to a program whose
 * SHA-256 is @prog's.
 */
bool bpfseal_map_is_exclusive_to(const struct bpf_map *map,
				 const struct bpf_prog *prog)
{
	return map->excl_prog_sha &&
	       !memcmp(map->excl_prog_sha, prog->digest, SHA256_DIGEST_SIZE);
}

/**
 * bpfseal_map_holds - whether a kernel address range lies in a map's values
 * @map: an ARRAY map
 * @addr: start of the range
 * @len: its length in bytes
 *
 * Return: true when [@addr, @addr + @len) is inside the map's value area.
 */
bool bpfseal_map_holds(const struct bpf_map *map, u64 addr, u64 len)
{
	const struct bpf_array *array = container_of(map, struct bpf_array, map);
	u64 start = (u64)(unsigned long)array->value, size, end;

	if (map->map_type != BPF_MAP_TYPE_ARRAY)
		return false;
	size = (u64)array->elem_size * map->max_entries;
	if (check_add_overflow(start, size, &end) ||
	    check_add_overflow(addr, len, &len))
		return false;
	return addr >= start && len <= end;
}

/**
 * bpfseal_map_value - the first value of an ARRAY map, for the signed payload
 * @map: a sealed ARRAY map
 *
 * Return: its address, or NULL.
 */
const void *bpfseal_map_value(const struct bpf_map *map)
{
	u64 addr;

	if (map->ops->map_direct_value_addr(map, &addr, 0))
		return NULL;
	return (const void *)(unsigned long)addr;
}

/**
 * bpfseal_map_hash - SHA-256 of an ARRAY map's values
 * @map: a sealed ARRAY map
 * @out: the digest
 *
 * As Hornet defined it: value_size bytes of each of the max_entries
 * elements, in order.
 *
 * Return: 0 or a negative errno.
 */
int bpfseal_map_hash(const struct bpf_map *map, u8 out[BPFSEAL_SHA256_SIZE])
{
	struct bpf_array *array = container_of(map, struct bpf_array, map);
	struct sha256_ctx ctx;
	u32 i;

	if (map->map_type != BPF_MAP_TYPE_ARRAY)
		return -EMEDIUMTYPE;
	sha256_init(&ctx);
	for (i = 0; i < map->max_entries; i++) {
		sha256_update(&ctx, array->value + (size_t)array->elem_size * i,
			      map->value_size);
		cond_resched();
	}
	sha256_final(&ctx, out);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - signature verification, in G0: the PKCS#7 is verified with
 * verify_pkcs7_signature() against the keyrings the policy trusts, its
 * signed attributes are parsed by the shared walker out of the same
 * verified buffer, and the maps it names are hashed.
 */

#include <linux/bpf.h>
#include <linux/bpfptr.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/verification.h>

#include <bpfseal/policy.h>
#include <bpfseal/sigparse.h>

#include "bpfseal.h"
#include "compat.h"

/* Copy the signature once; NULL and a verdict when it cannot be had. */
static void *copy_sig(const union bpf_attr *attr, bool kernel, int *verdict)
{
	void *sig;

	if (!attr->signature_size ||
	    attr->signature_size > BPFSEAL_MAX_SIG_SIZE) {
		*verdict = BPFSEAL_VERDICT_BADSIG;
		return NULL;
	}
	sig = kvmemdup_bpfptr(make_bpfptr(attr->signature, kernel),
			      attr->signature_size);
	if (IS_ERR(sig)) {
		*verdict = BPFSEAL_VERDICT_FAULT;
		return NULL;
	}
	return sig;
}

/* Take (once) the map in fd_array slot @index into the ticket. */
static struct bpf_map *ticket_map(struct bpfseal_ticket *t,
				  const union bpf_attr *attr, bool kernel,
				  u32 index)
{
	struct bpf_map *map;

	if (index > BPFSEAL_MAX_MAP_INDEX)
		return NULL;
	if (t->maps[index])
		return t->maps[index];
	map = bpfseal_map_get(attr, kernel, index);
	if (IS_ERR(map))
		return NULL;
	t->maps[index] = map;
	return map;
}

/*
 * Take @map's hash out of the load's budget (BPFSEAL_MAX_HASHED): false
 * when hashing it would go over, and then nothing is hashed.
 */
static bool hash_budget_take(struct bpfseal_ticket *t,
			     const struct bpf_map *map)
{
	u64 size = (u64)map->value_size * map->max_entries;

	if (size > t->hash_left)
		return false;
	t->hash_left -= size;
	return true;
}

/*
 * The signed payload: the instructions, and on kernels that sign them the
 * first value of every map of the fd_array, in order (what the kernel's own
 * check hashes). Sets *nr_maps to how many maps it covers. A payload the
 * kernel would refuse as too large (BPFSEAL_MAX_PAYLOAD) is refused here
 * before anything is allocated for it.
 */
static void *build_payload(struct bpfseal_ticket *t, const union bpf_attr *attr,
			   bool kernel, size_t *len, u32 *nr_maps)
{
	size_t insns_len = (size_t)t->insn_cnt * sizeof(struct bpf_insn);
	u64 total = insns_len;
	struct bpf_map *map;
	size_t off;
	u8 *data;
	u32 i;

	*nr_maps = 0;
	*len = insns_len;
	if (!BPFSEAL_PAYLOAD_HAS_MAPS || !attr->fd_array_cnt)
		return t->insns;
	if (attr->fd_array_cnt > BPFSEAL_MAX_MAP_INDEX + 1)
		return NULL;
	for (i = 0; i < attr->fd_array_cnt; i++) {
		map = ticket_map(t, attr, kernel, i);
		if (!map || bpfseal_map_check_sealed(map))
			return NULL;
		total += map->value_size;
		if (total > BPFSEAL_MAX_PAYLOAD)
			return NULL;
	}
	data = kvmalloc(total, GFP_KERNEL_ACCOUNT);
	if (!data)
		return NULL;
	memcpy(data, t->insns, insns_len);
	for (off = insns_len, i = 0; i < attr->fd_array_cnt; i++) {
		const void *value = bpfseal_map_value(t->maps[i]);

		if (!value) {
			kvfree(data);
			return NULL;
		}
		memcpy(data + off, value, t->maps[i]->value_size);
		off += t->maps[i]->value_size;
	}
	*len = total;
	*nr_maps = attr->fd_array_cnt;
	return data;
}

/* Verify against each trusted keyring in turn; records which one took it. */
static int verify_trusted(struct bpfseal_ticket *t, const void *data,
			  size_t len, const void *sig, size_t sig_len)
{
	u32 trusted = bpfseal_trusted_keyrings();
	unsigned int ring;
	int err;

	for (ring = 0; ring <= BPFSEAL_KEYRING_PLATFORM; ring++) {
		if (!(trusted & BIT(ring)))
			continue;
		err = verify_pkcs7_signature(data, len, sig, sig_len,
					     bpfseal_keyring_key(ring),
					     VERIFYING_BPF_SIGNATURE, NULL, NULL);
		if (!err) {
			t->ev.keyring = ring;
			return 0;
		}
		if (err != -ENOKEY)
			return err;
	}
	return -ENOKEY;
}

/*
 * The maps a payload covered (7.3+) are sealed as they are now: their hash
 * is what the run check compares against later. Their bytes are taken out
 * of the budget before any is hashed: a load over it costs no hashing.
 */
static int seal_payload_maps(struct bpfseal_ticket *t, u32 nr_maps)
{
	u32 i;

	for (i = 0; i < nr_maps; i++)
		if (!hash_budget_take(t, t->maps[i]))
			return BPFSEAL_VERDICT_FAULT;
	for (i = 0; i < nr_maps; i++) {
		if (bpfseal_map_hash(t->maps[i], t->sealed[i].hash))
			return BPFSEAL_VERDICT_FAULT;
		t->sealed[i].map = t->maps[i];
		t->ev.nr_maps++;
	}
	return BPFSEAL_VERDICT_OK;
}

/*
 * Resolve every map the Hornet attribute names, check it is sealed, and
 * take the bytes to hash out of the budget, before hashing any.
 */
static int map_hashes_budget(struct bpfseal_ticket *t,
			     const struct bpfseal_sig_info *info,
			     const union bpf_attr *attr, bool kernel)
{
	const struct bpfseal_map_hash *e;
	struct bpf_map *map;
	unsigned int i;

	for (i = 0; i < info->nr_maps; i++) {
		e = &info->maps[i];
		if (!e->hash_len)
			continue;
		map = ticket_map(t, attr, kernel, e->index);
		if (!map || bpfseal_map_check_sealed(map))
			return BPFSEAL_VERDICT_FAULT;
		if (t->sealed[e->index].map != map && !hash_budget_take(t, map))
			return BPFSEAL_VERDICT_FAULT;
	}
	return BPFSEAL_VERDICT_OK;
}

/*
 * Check every map hash of the Hornet attribute. Every map compared counts
 * in the record's maps=, whether it matched or not.
 */
static int check_map_hashes(struct bpfseal_ticket *t,
			    const struct bpfseal_sig_info *info,
			    const union bpf_attr *attr, bool kernel)
{
	u8 digest[BPFSEAL_SHA256_SIZE];
	const struct bpfseal_map_hash *e;
	struct bpf_map *map;
	unsigned int i;
	int verdict;

	verdict = map_hashes_budget(t, info, attr, kernel);
	if (verdict != BPFSEAL_VERDICT_OK)
		return verdict;
	for (i = 0; i < info->nr_maps; i++) {
		e = &info->maps[i];
		if (!e->hash_len)
			continue;
		map = t->maps[e->index];	/* resolved and checked above */
		/*
		 * A map of the signed payload (7.3), or one named twice, was
		 * hashed a moment ago: it is frozen and exclusive to a program
		 * not loaded yet, so nothing can have changed it since.
		 */
		if (t->sealed[e->index].map == map) {
			memcpy(digest, t->sealed[e->index].hash, sizeof(digest));
		} else {
			if (bpfseal_map_hash(map, digest))
				return BPFSEAL_VERDICT_FAULT;
			t->ev.nr_maps++;
		}
		if (memcmp(digest, e->hash, sizeof(digest)))
			return BPFSEAL_VERDICT_UNEXPECTED;
		t->sealed[e->index].map = map;
		memcpy(t->sealed[e->index].hash, digest, sizeof(digest));
	}
	return BPFSEAL_VERDICT_OK;
}

static int verify_sig(struct bpfseal_ticket *t, const union bpf_attr *attr,
		      bool kernel, const void *sig, size_t sig_len,
		      struct bpfseal_sig_info *info)
{
	size_t len;
	u32 nr_maps;
	void *data;
	int err, parsed;

	parsed = bpfseal_sig_parse(sig, sig_len, info);
	if (parsed && parsed != -ENODATA)
		return bpfseal_sig_err_verdict(parsed);
	t->ev.skid_len = min_t(size_t, info->skid.len, BPFSEAL_MAX_SKID);
	if (t->ev.skid_len)
		memcpy(t->ev.skid, info->skid.data, t->ev.skid_len);
	data = build_payload(t, attr, kernel, &len, &nr_maps);
	if (!data)
		return BPFSEAL_VERDICT_FAULT;
	err = verify_trusted(t, data, len, sig, sig_len);
	if (data != t->insns)
		kvfree(data);
	if (err == -ENOKEY)
		return BPFSEAL_VERDICT_UNKNOWNKEY;
	if (err)
		return BPFSEAL_VERDICT_BADSIG;
	if (seal_payload_maps(t, nr_maps) != BPFSEAL_VERDICT_OK)
		return BPFSEAL_VERDICT_FAULT;
	if (parsed == -ENODATA) {
		t->ev.scheme = nr_maps ? BPFSEAL_SCHEME_UPSTREAM_MAPS :
				      BPFSEAL_SCHEME_UPSTREAM;
		return nr_maps ? BPFSEAL_VERDICT_OK : BPFSEAL_VERDICT_PARTIALSIG;
	}
	t->ev.scheme = BPFSEAL_SCHEME_HORNET;
	return check_map_hashes(t, info, attr, kernel);
}

/**
 * bpfseal_verify - classify one load's signature (G0)
 * @t: the load's ticket, with its instructions copied
 * @attr: the load's attributes
 * @kernel: whether @attr's pointers are kernel pointers
 *
 * Return: the verdict (enum bpfseal_verdict).
 */
int bpfseal_verify(struct bpfseal_ticket *t, const union bpf_attr *attr,
		   bool kernel)
{
	struct bpfseal_sig_info *info;
	int verdict = BPFSEAL_VERDICT_FAULT;
	void *sig;

	if (!attr->signature)
		return BPFSEAL_VERDICT_UNSIGNED;
	sig = copy_sig(attr, kernel, &verdict);
	if (!sig)
		return verdict;
	info = kzalloc_obj(*info, GFP_KERNEL);
	if (info)
		verdict = verify_sig(t, attr, kernel, sig, attr->signature_size,
				     info);
	kfree(info);
	kvfree(sig);
	return verdict;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - the module's own keyring, .bpfseal, and the keyrings the
 * policy may trust.
 *
 * Administrators add certificates with
 *	keyctl padd asymmetric "" %:.bpfseal < cert.der
 */

#include <linux/cred.h>
#include <linux/key.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/verification.h>
#include <keys/asymmetric-type.h>

#include <bpfseal/policy.h>

#include "bpfseal.h"

static struct key *bpfseal_keyring;
static bool keyring_closed;

/*
 * Every key linked into .bpfseal passes here: only asymmetric keys
 * (certificates) are taken, none once the keyring is locked, and each
 * attempt is audited with the key's subject key identifier.
 */
static int bpfseal_key_link(struct key *dest_keyring,
			    const struct key_type *type,
			    const union key_payload *payload,
			    struct key *restriction_key)
{
	const struct asymmetric_key_ids *ids = NULL;
	const struct asymmetric_key_id *skid = NULL;
	int err = 0;

	if (type != &key_type_asymmetric)
		err = -EOPNOTSUPP;
	else if (READ_ONCE(keyring_closed))
		err = -EPERM;
	if (type == &key_type_asymmetric)
		ids = payload->data[asym_key_ids];
	if (ids)
		skid = ids->id[1];
	bpfseal_audit_key(type->name, skid ? skid->data : NULL,
			  skid ? skid->len : 0, !err);
	return err;
}

/**
 * bpfseal_keyring_init - create the .bpfseal keyring with its restriction
 *
 * Return: 0 or a negative errno.
 */
int bpfseal_keyring_init(void)
{
	struct key_restriction *restriction;
	struct key *ring;

	restriction = kzalloc_obj(*restriction, GFP_KERNEL);
	if (!restriction)
		return -ENOMEM;
	restriction->check = bpfseal_key_link;
	/* the keyring owns the restriction: freed with it */
	ring = keyring_alloc(".bpfseal", GLOBAL_ROOT_UID, GLOBAL_ROOT_GID,
			     current_cred(),
			     (KEY_POS_ALL & ~KEY_POS_SETATTR) | KEY_USR_VIEW |
			     KEY_USR_READ | KEY_USR_WRITE | KEY_USR_SEARCH,
			     KEY_ALLOC_NOT_IN_QUOTA, restriction, NULL);
	if (IS_ERR(ring)) {
		kfree(restriction);
		return PTR_ERR(ring);
	}
	bpfseal_keyring = ring;
	return 0;
}

/**
 * bpfseal_keyring_exit - drop the module's reference on .bpfseal
 */
void bpfseal_keyring_exit(void)
{
	key_put(bpfseal_keyring);
	bpfseal_keyring = NULL;
}

/* Mark every key now in .bpfseal KEY_FLAG_KEEP. */
static int keep_members(struct key *ring)
{
	key_serial_t *ids;
	long n, i;

	down_read(&ring->sem);
	n = key_type_keyring.read(ring, NULL, 0);
	ids = n > 0 ? kmalloc(n, GFP_KERNEL) : NULL;
	if (n > 0 && ids)
		n = key_type_keyring.read(ring, (char *)ids, n);
	up_read(&ring->sem);
	if (n > 0 && !ids)
		return -ENOMEM;
	for (i = 0; n > 0 && i < n / (long)sizeof(*ids); i++) {
		key_ref_t ref = lookup_user_key(ids[i], 0, KEY_DEFER_PERM_CHECK);

		if (IS_ERR(ref))
			continue;	/* gone meanwhile */
		set_bit(KEY_FLAG_KEEP, &key_ref_to_ptr(ref)->flags);
		key_ref_put(ref);
	}
	kfree(ids);
	return n < 0 ? n : 0;
}

/**
 * bpfseal_keyring_lock - freeze .bpfseal (lock mode; state.c calls it)
 *
 * No new key: the link restriction refuses every key from now on (and
 * audits the attempt). No key removed: KEY_FLAG_KEEP on the keyring makes
 * keyctl refuse to clear, revoke or invalidate it, and on each key in it
 * to unlink, revoke or invalidate that key, even for root. The restriction
 * is closed first: a key being linked while this runs has passed it under
 * the keyring's semaphore, which keep_members() takes after it.
 *
 * Return: 0 or a negative errno (the keyring is closed in any case).
 */
int bpfseal_keyring_lock(void)
{
	WRITE_ONCE(keyring_closed, true);
	set_bit(KEY_FLAG_KEEP, &bpfseal_keyring->flags);
	return keep_members(bpfseal_keyring);
}

/**
 * bpfseal_keyring_key - the keyring argument verify_pkcs7_signature() takes
 * @ring: enum bpfseal_keyring
 *
 * Return: the .bpfseal keyring, or the special values naming the system's
 * builtin, secondary and platform keyrings.
 */
struct key *bpfseal_keyring_key(unsigned int ring)
{
	switch (ring) {
	case BPFSEAL_KEYRING_BPFSEAL:
		return bpfseal_keyring;
	case BPFSEAL_KEYRING_SECONDARY:
		return VERIFY_USE_SECONDARY_KEYRING;
	case BPFSEAL_KEYRING_PLATFORM:
		return VERIFY_USE_PLATFORM_KEYRING;
	default:
		return NULL;	/* builtin */
	}
}

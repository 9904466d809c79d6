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
#include <linux/slab.h>
#include <linux/verification.h>
#include <keys/asymmetric-type.h>

#include <bpfseal/policy.h>

#include "bpfseal.h"

static struct key *bpfseal_keyring;
static bool keyring_closed;

/*
 * Every key linked into .bpfseal passes here: only asymmetric keys
 * (certificates) are taken, none once the module is locked, and each
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

void bpfseal_keyring_exit(void)
{
	key_put(bpfseal_keyring);
	bpfseal_keyring = NULL;
}

/**
 * bpfseal_keyring_close - accept no new key in .bpfseal (lock mode)
 *
 * Return: 0.
 */
int bpfseal_keyring_close(void)
{
	WRITE_ONCE(keyring_closed, true);
	return 0;
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

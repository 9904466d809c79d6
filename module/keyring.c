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
#include <linux/verification.h>

#include <bpfseal/policy.h>

#include "bpfseal.h"

static struct key *bpfseal_keyring;

int bpfseal_keyring_init(void)
{
	struct key *ring;

	ring = keyring_alloc(".bpfseal", GLOBAL_ROOT_UID, GLOBAL_ROOT_GID,
			     current_cred(),
			     (KEY_POS_ALL & ~KEY_POS_SETATTR) | KEY_USR_VIEW |
			     KEY_USR_READ | KEY_USR_WRITE | KEY_USR_SEARCH,
			     KEY_ALLOC_NOT_IN_QUOTA, NULL, NULL);
	if (IS_ERR(ring))
		return PTR_ERR(ring);
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
 * Return: 0 or a negative errno.
 */
int bpfseal_keyring_close(void)
{
	int err = keyring_restrict(make_key_ref(bpfseal_keyring, true), NULL,
				   NULL);

	return err == -EEXIST ? 0 : err;
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

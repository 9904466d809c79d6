// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - G2 bind: lsm.s/bpf_prog, after the verifier, when the program
 * gets its first fd. Checks the maps the verifier bound are the ones G0
 * hashed.
 */

#include <linux/bpf.h>

#include "bpfseal.h"

/**
 * bpfseal_bind_prog - G2 for one program
 * @prog: the verified program
 *
 * Return: 0 or a negative errno.
 */
int bpfseal_bind_prog(struct bpf_prog *prog)
{
	return 0;
}

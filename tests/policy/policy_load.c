// SPDX-License-Identifier: GPL-2.0-only
/*
 * policy_load [VARIANT [TYPE [SHIFT]]]: one unsigned BPF_PROG_LOAD
 * (policy_load.h says what each argument makes), for the rule policy's
 * guest tests. Prints "loaded" (exit 0) or "refused: ERRNO" (exit 1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_load.h"

int main(int argc, char **argv)
{
	const char *variant = argc > 1 ? argv[1] : "a";
	const char *type = argc > 2 ? argv[2] : "socket_filter";
	int shift = argc > 3 ? atoi(argv[3]) : 0;
	int err = policy_load(variant, type, shift);

	if (err) {
		printf("refused: %s\n", err == EPERM ? "EPERM" : strerror(err));
		return 1;
	}
	printf("loaded\n");
	return 0;
}

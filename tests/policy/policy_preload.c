// SPDX-License-Identifier: GPL-2.0-only
/*
 * policy_preload.so: what a root attacker does to a binary an exe= rule
 * trusts (LD_PRELOAD). Its constructor makes one unsigned load
 * (policy_load.h) from inside whatever program it is preloaded into, writes
 * "loaded" or "refused: ERRNO" to $POLICY_PRELOAD_OUT, and exits, so the
 * program's own main never runs.
 *
 *   POLICY_PRELOAD_OUT=/tmp/out LD_PRELOAD=.../policy_preload.so \
 *	/usr/lib/systemd/systemd
 *
 * POLICY_PRELOAD_TYPE: the program type (policy_load.h; default
 * cgroup_skb, a type systemd's PID 1 loads).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy_load.h"

__attribute__((constructor)) static void policy_preload(void)
{
	const char *out = getenv("POLICY_PRELOAD_OUT");
	const char *type = getenv("POLICY_PRELOAD_TYPE");
	int err = policy_load("b", type ? type : "cgroup_skb", 0);
	FILE *f = fopen(out ? out : "/dev/stdout", "w");

	if (f) {
		if (err)
			fprintf(f, "refused: %s\n", err == EPERM ? "EPERM" : strerror(err));
		else
			fprintf(f, "loaded\n");
		fclose(f);
	}
	_exit(err ? 1 : 0);
}

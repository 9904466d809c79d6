// SPDX-License-Identifier: GPL-2.0-only
/*
 * Case a of the benchmark: load a signed light skeleton end to end (its
 * loader map, the signed loader, and the maps and programs the loader
 * creates), REPS times, and print the time of each open and load:
 *
 *   RESULT a NAME REP NS
 *
 * The skeleton header is SKEL_H, its name SKEL_NAME (bench_skel or
 * bench_big). Usage: skel_load NAME KEYRING_ID REPS
 * Exit status: 0, or 10 with "load: errno N" when a load fails.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include SKEL_H

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define SKEL_FN(op) CAT(SKEL_NAME, __##op)

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	unsigned long long t0, t1;
	struct SKEL_NAME *skel;
	int reps, i, err;

	if (argc != 4) {
		fprintf(stderr, "usage: %s NAME KEYRING_ID REPS\n", argv[0]);
		return 64;
	}
	reps = atoi(argv[3]);
	for (i = 0; i < reps; i++) {
		t0 = now_ns();
		skel = SKEL_FN(open)();
		if (!skel) {
			printf("open: errno %d\n", errno);
			return 10;
		}
		skel->keyring_id = atoi(argv[2]);
		err = SKEL_FN(load)(skel);
		t1 = now_ns();
		if (err) {
			printf("load: errno %d (%s)\n", -err, strerror(-err));
			SKEL_FN(destroy)(skel);
			return 10;
		}
		printf("RESULT a %s %d %llu\n", argv[1], i, t1 - t0);
		SKEL_FN(destroy)(skel);
	}
	return 0;
}

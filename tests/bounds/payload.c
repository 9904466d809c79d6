// SPDX-License-Identifier: GPL-2.0-only
/*
 * payload: loads whose signed maps add up to more than the kernel signs
 * (issue #12, acceptance 2; tests/guest/bounds-payload.sh).
 *
 *   payload KEYRING INSNS DATA SIG NMAPS ATTEMPTS STOP_MS
 *
 * Makes NMAPS frozen ARRAY maps, each of one value: the contents of file
 * DATA, exclusive to the program in file INSNS (rawload.h), and loads that
 * program ATTEMPTS times with all of them in fd_array (fd_array_cnt =
 * NMAPS) and the signature in file SIG, naming keyring KEYRING. Each
 * attempt prints how long the syscall took, MemAvailable after it minus
 * before it, and the largest drop of MemAvailable below its value before
 * the attempt seen by a thread that reads /proc/meminfo all along on the
 * other CPU (an allocation made and freed inside the syscall shows there):
 *
 *   attempt I: errno E ms=T avail_delta_kb=D peak_drop_kb=P
 *
 * (errno 0: it loaded). Stops early once two attempts took STOP_MS or
 * more (the test has failed by then; the rest would only take long).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../signed/rawload.h"
#include "bounds.h"

#define MAX_MAPS 128	/* BPFSEAL_MAX_MAP_INDEX + 1 */

static atomic_int sampling, quit;
static atomic_long low;

/* Keep the lowest MemAvailable seen while an attempt runs. */
static void *sampler(void *arg)
{
	long v;

	(void)arg;
	pin_cpu(1);
	while (!atomic_load(&quit)) {
		if (!atomic_load(&sampling)) {
			usleep(1000);
			continue;
		}
		v = meminfo_kb("MemAvailable");
		if (v >= 0 && v < atomic_load(&low))
			atomic_store(&low, v);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	static volatile int fds[MAX_MAPS];
	int nmaps, attempts, i, fd, err, slow = 0;
	long before, after, stop_ms;
	double t0, ms;
	pthread_t th;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 8) {
		fprintf(stderr, "usage: payload KEYRING INSNS DATA SIG NMAPS ATTEMPTS STOP_MS\n");
		return 2;
	}
	rawload_init(argv[1], argv[2], argv[3], argv[4]);
	nmaps = atoi(argv[5]);
	attempts = atoi(argv[6]);
	stop_ms = atol(argv[7]);
	if (nmaps < 1 || nmaps > MAX_MAPS)
		return 2;
	t0 = now_s(CLOCK_MONOTONIC);
	for (i = 0; i < nmaps; i++) {
		fds[i] = sealed_map(data.p);
		if (fds[i] < 0) {
			printf("payload: map %d: %s\n", i, strerror(-fds[i]));
			return 2;
		}
	}
	printf("payload: %d frozen exclusive maps of %zu bytes made in %.0f ms; payload %zu bytes\n",
	       nmaps, data.n, (now_s(CLOCK_MONOTONIC) - t0) * 1e3,
	       insns.n + nmaps * data.n);
	fd_array_cnt = nmaps;
	if (pthread_create(&th, NULL, sampler, NULL))
		return 2;
	pin_cpu(0);
	for (i = 0; i < attempts; i++) {
		before = meminfo_kb("MemAvailable");
		atomic_store(&low, before);
		atomic_store(&sampling, 1);
		t0 = now_s(CLOCK_MONOTONIC);
		fd = load_fds(fds);
		err = fd < 0 ? errno : 0;
		ms = (now_s(CLOCK_MONOTONIC) - t0) * 1e3;
		atomic_store(&sampling, 0);
		after = meminfo_kb("MemAvailable");
		if (fd >= 0)
			close(fd);
		printf("attempt %d: errno %d ms=%.0f avail_delta_kb=%ld peak_drop_kb=%ld\n",
		       i + 1, err, ms, after - before,
		       before - atomic_load(&low));
		if (ms >= stop_ms && ++slow == 2) {
			printf("payload: attempt %d took %.0f ms, the second that slow: stopping\n",
			       i + 1, ms);
			break;
		}
	}
	atomic_store(&quit, 1);
	pthread_join(th, NULL);
	return 0;
}

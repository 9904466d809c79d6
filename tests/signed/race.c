// SPDX-License-Identifier: GPL-2.0-only
/*
 * race: load a signed light-skeleton loader by hand, RUNS times, while a
 * second thread keeps changing what the load reads from user memory:
 *
 *   swap   the map behind fd_array[0] (the signed metadata map, or a frozen
 *          copy with one byte changed)
 *   insns  one byte of the instruction buffer
 *   sig    one byte of the signature buffer
 *   none   nothing (baseline)
 *
 * Every load that succeeds must be what was signed: its tag must be the
 * tag of the untouched loader and the map it bound must be the signed one.
 * Prints the counts; exits 1 on any load that is not what was signed, or
 * when the untouched loader does not load.
 *
 *   race MODE RUNS KEYRING_ID INSNS DATA SIG
 *
 * In every mode a third thread steals program ids all along (steal.h): it
 * must never open an unsigned program or a loader that is not the signed
 * one.
 *
 * Mode "stress" instead runs 8 threads of RUNS loads each, cycling through
 * a signed load, a load whose map differs from the signed one and an
 * unsigned program, and checks each outcome (loaded, refused, refused).
 * It prints the number of load attempts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <openssl/sha.h>
#include "rawload.h"
#include "steal.h"

/* What the second thread changes. */
static volatile int fd_array[1];
static int good_fd, evil_fd;
static atomic_int stop;
static const char *mode;

static int load(void)
{
	return load_fds(fd_array);
}

/* A two-instruction unsigned program (r0 = 0; exit). */
static int load_unsigned(void)
{
	struct bpf_insn prog[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (unsigned long)prog;
	a.insn_cnt = 2;
	a.license = (unsigned long)"GPL";
	strcpy(a.prog_name, "race_unsigned");
	return sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
}

#define STRESS_THREADS 8
static int stress_runs;
static atomic_int stress_bad, stress_attempts;

static void *stress_thread(void *arg)
{
	volatile int fds[1];
	int i, fd;

	(void)arg;
	for (i = 0; i < stress_runs; i++) {
		int kind = i % 3;

		atomic_fetch_add(&stress_attempts, 1);
		if (kind == 2) {
			fd = load_unsigned();
		} else {
			fds[0] = kind ? evil_fd : good_fd;
			fd = load_fds(fds);
		}
		if ((kind == 0) != (fd >= 0)) {
			atomic_fetch_add(&stress_bad, 1);
			printf("stress: load kind %d: %s (errno %d)\n", kind,
			       fd >= 0 ? "loaded" : "refused", errno);
		}
		if (fd >= 0)
			close(fd);
	}
	return NULL;
}

static int stress(struct stealer *thief)
{
	pthread_t th[STRESS_THREADS];
	long stolen;
	int i;

	if (steal_start(thief, -1))
		return 2;
	for (i = 0; i < STRESS_THREADS; i++)
		if (pthread_create(&th[i], NULL, stress_thread, NULL))
			return 2;
	for (i = 0; i < STRESS_THREADS; i++)
		pthread_join(th[i], NULL);
	stolen = steal_stop(thief);
	printf("stress: %d attempts, %d wrong outcomes\n",
	       atomic_load(&stress_attempts), atomic_load(&stress_bad));
	return atomic_load(&stress_bad) || stolen ? 1 : 0;
}

/* The prog's tag, and whether it bound @map_fd's map. */
static int inspect(int prog_fd, unsigned char tag[BPF_TAG_SIZE], int map_fd)
{
	struct bpf_prog_info info;
	struct bpf_map_info minfo;
	union bpf_attr a;
	__u32 ids[8], i;

	memset(&info, 0, sizeof(info));
	info.nr_map_ids = 8;
	info.map_ids = (unsigned long)ids;
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = prog_fd;
	a.info.info_len = sizeof(info);
	a.info.info = (unsigned long)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a)))
		return -1;
	memcpy(tag, info.tag, BPF_TAG_SIZE);
	memset(&minfo, 0, sizeof(minfo));
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = map_fd;
	a.info.info_len = sizeof(minfo);
	a.info.info = (unsigned long)&minfo;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a)))
		return -1;
	for (i = 0; i < info.nr_map_ids && i < 8; i++)
		if (ids[i] == minfo.id)
			return 1;
	return 0;
}

static void *racer(void *arg)
{
	unsigned long i = 0;

	(void)arg;
	while (!atomic_load(&stop)) {
		if (!strcmp(mode, "swap"))
			fd_array[0] = (i & 1) ? evil_fd : good_fd;
		else if (!strcmp(mode, "insns"))
			insns.p[4] ^= 1;
		else if (!strcmp(mode, "sig"))
			sig.p[sig.n - 8] ^= 1;
		i++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned char good_tag[BPF_TAG_SIZE], tag[BPF_TAG_SIZE];
	unsigned char *evil;
	unsigned char insns0[8], sig0;
	int runs, r, fd, allowed = 0, refused = 0, bad = 0;
	struct stealer thief = {
		.forbidden = "race_unsigned",
		.loader_name = "race_loader",
		.loader_tag = good_tag,
	};
	pthread_t th;

	if (argc != 7) {
		fprintf(stderr, "usage: race none|swap|insns|sig|stress RUNS KEYRING_ID INSNS DATA SIG\n");
		return 2;
	}
	mode = argv[1];
	runs = atoi(argv[2]);
	rawload_init(argv[3], argv[4], argv[5], argv[6]);

	good_fd = sealed_map(data.p);
	evil = malloc(data.n);
	memcpy(evil, data.p, data.n);
	evil[data.n / 2] ^= 1;
	evil_fd = sealed_map(evil);
	if (good_fd < 0 || evil_fd < 0) {
		fprintf(stderr, "race: cannot make the maps: %d %d\n", good_fd, evil_fd);
		return 2;
	}

	/* Baseline: the untouched loader loads and binds the signed map. */
	fd_array[0] = good_fd;
	fd = load();
	if (fd < 0 || inspect(fd, good_tag, good_fd) != 1) {
		printf("race: the untouched signed loader does not load (%d, errno %d)\n",
		       fd, errno);
		return 1;
	}
	close(fd);

	if (!strcmp(mode, "stress")) {
		stress_runs = runs;
		return stress(&thief);
	}
	if (steal_start(&thief, -1)) {
		perror("pthread_create");
		return 2;
	}
	memcpy(insns0, insns.p, 8);
	sig0 = sig.p[sig.n - 8];

	for (r = 0; r < runs; r++) {
		fd_array[0] = good_fd;
		atomic_store(&stop, 0);
		if (strcmp(mode, "none") &&
		    pthread_create(&th, NULL, racer, NULL)) {
			perror("pthread_create");
			return 2;
		}
		fd = load();
		atomic_store(&stop, 1);
		if (strcmp(mode, "none"))
			pthread_join(th, NULL);
		memcpy(insns.p, insns0, 8);
		sig.p[sig.n - 8] = sig0;
		if (fd < 0) {
			refused++;
			continue;
		}
		allowed++;
		if (inspect(fd, tag, good_fd) != 1 ||
		    memcmp(tag, good_tag, sizeof(tag))) {
			bad++;
			printf("race: run %d loaded something that was not signed\n", r);
		}
		close(fd);
	}
	if (steal_stop(&thief))
		bad++;
	printf("race %s: %d runs, %d loaded (all as signed: %s), %d refused\n",
	       mode, runs, allowed, bad ? "NO" : "yes", refused);
	return bad ? 1 : 0;
}

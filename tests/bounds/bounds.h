/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers of the bounds and audit tests (the programs in tests/bounds/):
 * reading /proc/meminfo and bpfseal's status, a clock, pinning to a CPU, a
 * two-instruction program. Include after defining _GNU_SOURCE.
 */
#ifndef BPFSEAL_TEST_BOUNDS_H
#define BPFSEAL_TEST_BOUNDS_H

#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>

#define BOUNDS_STATUS "/sys/kernel/security/bpfseal/status"

/* r0 = 0; exit */
#define BOUNDS_MOV_R0_0 \
	((struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K })
#define BOUNDS_EXIT ((struct bpf_insn){ .code = BPF_JMP | BPF_EXIT })

/* One /proc/meminfo field in kB, -1 if missing. */
static inline long meminfo_kb(const char *field)
{
	char line[256];
	size_t n = strlen(field);
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':') {
			sscanf(line + n + 1, "%ld", &v);
			break;
		}
	fclose(f);
	return v;
}

/* Print bpfseal's status, each line after @prefix. */
static inline void print_status(const char *prefix)
{
	char line[256];
	FILE *f = fopen(BOUNDS_STATUS, "r");

	if (!f) {
		printf("%s(no %s)\n", prefix, BOUNDS_STATUS);
		return;
	}
	while (fgets(line, sizeof(line), f))
		printf("%s%s", prefix, line);
	fclose(f);
}

static inline double now_s(int clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Run the calling thread on CPU @cpu (modulo the CPUs online). */
static inline void pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu % sysconf(_SC_NPROCESSORS_ONLN), &set);
	sched_setaffinity(0, sizeof(set), &set);
}

#endif

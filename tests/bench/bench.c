// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench: the timed operations of the bpfseal benchmark (cases b to e),
 * with raw bpf() syscalls. Each prints one line per repetition,
 *
 *   RESULT CASE POINT REP VALUE_NS
 *
 * and whatever it checked as "CHECK ..." lines. The driver
 * (tests/bench/guest-run) decides whether bpfseal is loaded.
 *
 *   bench gen SIZE             SIZE bytes of the maps' contents (stdout)
 *   bench insns COUNT          the signed program's instructions for COUNT
 *                              maps (stdout)
 *   bench unsigned POINT REPS N
 *       b: N loads of a two-instruction unsigned socket filter per
 *       repetition; VALUE is ns per load. Prints "CHECK b POINT ok=X
 *       errno=E count=Y" for the outcomes seen.
 *   bench lookup REPS N
 *       c: N BPF_MAP_LOOKUP_ELEM calls on a one-entry ARRAY map per
 *       repetition; VALUE is the time of all N.
 *   bench sealed [--check] KEYRING_ID REPS SIGDIR POINT...
 *       d, e: POINT is NAME=SIZE*COUNT[:FLAGS]: COUNT frozen ARRAY maps (one entry
 *       of SIZE bytes, exclusive to the signed program) holding the first
 *       SIZE bytes of "gen", bound by the program ("insns COUNT") through
 *       fd_array, signed by SIGDIR/NAME.sig. Per repetition:
 *         RESULT load NAME   the signed BPF_PROG_LOAD
 *         RESULT run NAME    (FLAGS has r) BPF_PROG_RUN of it (bpfseal
 *                            re-hashes the signed maps there: its run
 *                            check)
 *         RESULT khash NAME  (FLAGS has k) the kernel's own hash of the
 *                            same maps (BPF_OBJ_GET_INFO_BY_FD with a
 *                            hash buffer)
 *       --check: also compare the kernel's map hashes with OpenSSL's.
 *   bench maxvalue SIZE        create, fill and freeze one ARRAY map with
 *                              a SIZE-byte value; print the outcome
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <openssl/sha.h>
#include "kernel_gen.h"

/* r0 = 0; exit: the unsigned program of case b. */
static const struct bpf_insn small_prog[] = {
	{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 },
	{ .code = BPF_JMP | BPF_EXIT },
};

#define MAX_MAPS 63	/* BPFSEAL_MAX_MAPS */

/*
 * The signed program of cases d and e, for COUNT maps: "r1 = map fd_array[i]"
 * for each map, then r0 = 0; exit. The maps are bound through these
 * instructions: on 7.2 an exclusive map cannot be bound through
 * fd_array_cnt (the kernel binds those before it computes the program's
 * hash, which the map's exclusivity is checked against); 7.3 wants
 * fd_array_cnt as well, for a signed program.
 */
static struct bpf_insn signed_prog[2 * MAX_MAPS + 2];

static unsigned int make_signed_prog(int count)
{
	unsigned int n = 0;
	int i;

	memset(signed_prog, 0, sizeof(signed_prog));
	for (i = 0; i < count; i++) {
		signed_prog[n].code = BPF_LD | BPF_DW | BPF_IMM;
		signed_prog[n].dst_reg = 1;
		signed_prog[n].src_reg = BPF_PSEUDO_MAP_IDX;
		signed_prog[n].imm = i;
		n += 2;
	}
	signed_prog[n++] = small_prog[0];
	signed_prog[n++] = small_prog[1];
	return n;
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void __attribute__((noreturn)) die(const char *what)
{
	printf("FAIL %s: errno %d (%s)\n", what, errno, strerror(errno));
	exit(10);
}

/* The maps' contents: a fixed xorshift stream, so the signer and the
 * benchmark agree without sharing files. */
static void gen(unsigned char *p, size_t n)
{
	unsigned long long x = 0x9e3779b97f4a7c15ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = x >> 24;
	}
}

static void *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long n;
	void *p;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET))
		die(path);
	p = malloc(n);
	if (!p || fread(p, 1, n, f) != (size_t)n)
		die(path);
	fclose(f);
	*len = n;
	return p;
}

/* --- b: unsigned loads ---------------------------------------------------- */
static int load_unsigned(void)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (unsigned long)small_prog;
	a.insn_cnt = 2;
	a.license = (unsigned long)"GPL";
	return sys_bpf(BPF_PROG_LOAD, &a);
}

static int cmd_unsigned(const char *point, int reps, int n)
{
	int r, i, fd, ok = 0, err = 0, nerr = 0;
	unsigned long long t0;

	for (r = 0; r < reps; r++) {
		t0 = now_ns();
		for (i = 0; i < n; i++) {
			fd = load_unsigned();
			if (fd >= 0) {
				close(fd);
				ok++;
			} else {
				err = errno;
				nerr++;
			}
		}
		printf("RESULT b %s %d %.1f\n", point, r,
		       (double)(now_ns() - t0) / n);
	}
	printf("CHECK b %s ok=%d errno=%d refused=%d\n", point, ok, err, nerr);
	return 0;
}

/* --- c: lookups ----------------------------------------------------------- */
static int cmd_lookup(int reps, long n)
{
	union bpf_attr a;
	unsigned long long t0;
	__u32 key = 0;
	__u64 value;
	long i, bad = 0;
	int fd, r;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 8;
	a.max_entries = 1;
	fd = sys_bpf(BPF_MAP_CREATE, &a);
	if (fd < 0)
		die("map create");
	for (r = 0; r < reps; r++) {
		t0 = now_ns();
		for (i = 0; i < n; i++) {
			memset(&a, 0, sizeof(a));
			a.map_fd = fd;
			a.key = (unsigned long)&key;
			a.value = (unsigned long)&value;
			bad += sys_bpf(BPF_MAP_LOOKUP_ELEM, &a) != 0;
		}
		printf("RESULT c lookup %d %llu\n", r, now_ns() - t0);
	}
	printf("CHECK c lookup calls=%ld failed=%ld\n", n * reps, bad);
	close(fd);
	return bad ? 10 : 0;
}

/* --- d, e: signed loads with sealed maps ------------------------------------ */
static unsigned char excl_hash[SHA256_DIGEST_LENGTH];
static int gen73;	/* 7.3 or later: the signature covers the maps */

static int sealed_map(const unsigned char *value, size_t size)
{
	union bpf_attr a;
	int fd, key = 0;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = size;
	a.max_entries = 1;
	a.excl_prog_hash = (unsigned long)excl_hash;
	a.excl_prog_hash_size = sizeof(excl_hash);
	strcpy(a.map_name, "bench_sealed");
	fd = sys_bpf(BPF_MAP_CREATE, &a);
	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = (unsigned long)&key;
	a.value = (unsigned long)value;
	if (sys_bpf(BPF_MAP_UPDATE_ELEM, &a))
		return -1;
	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	if (sys_bpf(BPF_MAP_FREEZE, &a))
		return -1;
	return fd;
}

static int kernel_hash(int fd, unsigned char out[32])
{
	struct bpf_map_info info;
	union bpf_attr a;

	memset(&info, 0, sizeof(info));
	info.hash = (unsigned long)out;
	info.hash_size = 32;
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(info);
	a.info.info = (unsigned long)&info;
	return sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a);
}

static int sealed_point(const char *spec, int keyring, int reps,
			const char *sigdir, int check)
{
	char name[64], path[4096];
	unsigned long long t0, t1;
	unsigned char *value, h[32], want[32];
	int fds[MAX_MAPS], i, r, fd, count, err;
	unsigned int insn_cnt;
	size_t size, sig_len;
	union bpf_attr a;
	void *sig;

	char flags[8] = "";

	if (sscanf(spec, "%63[^=]=%zu*%d:%7s", name, &size, &count, flags) < 3 ||
	    count < 1 || count > MAX_MAPS || !size) {
		fprintf(stderr, "bench: bad point %s\n", spec);
		return 64;
	}
	insn_cnt = make_signed_prog(count);
	SHA256((const unsigned char *)signed_prog, insn_cnt * sizeof(signed_prog[0]),
	       excl_hash);
	snprintf(path, sizeof(path), "%s/%s.sig", sigdir, name);
	sig = slurp(path, &sig_len);
	value = malloc(size);
	if (!value)
		die("malloc");
	gen(value, size);
	for (i = 0; i < count; i++) {
		fds[i] = sealed_map(value, size);
		if (fds[i] < 0)
			die("sealed map");
	}
	if (check) {
		SHA256(value, size, want);
		for (i = 0; i < count; i++)
			if (kernel_hash(fds[i], h) || memcmp(h, want, 32)) {
				printf("FAIL %s: kernel hash of map %d differs\n", name, i);
				return 10;
			}
		printf("CHECK hash %s maps=%d size=%zu same\n", name, count, size);
	}
	free(value);

	for (r = 0; r < reps; r++) {
		memset(&a, 0, sizeof(a));
		a.prog_type = BPF_PROG_TYPE_SYSCALL;
		a.insns = (unsigned long)signed_prog;
		a.insn_cnt = insn_cnt;
		a.license = (unsigned long)"GPL";
		a.signature = (unsigned long)sig;
		a.signature_size = sig_len;
		a.keyring_id = keyring;
		a.fd_array = (unsigned long)fds;
		a.fd_array_cnt = gen73 ? count : 0;
		a.prog_flags = BPF_F_SLEEPABLE;	/* syscall programs must be */
		strcpy(a.prog_name, "bench_signed");
		t0 = now_ns();
		fd = sys_bpf(BPF_PROG_LOAD, &a);
		t1 = now_ns();
		if (fd < 0) {
			static char log[65536];

			err = errno;
			a.log_buf = (unsigned long)log;
			a.log_size = sizeof(log);
			a.log_level = 1;
			sys_bpf(BPF_PROG_LOAD, &a);
			printf("verifier log: %s\n", log);
			errno = err;
			die("signed load");
		}
		printf("RESULT load %s %d %llu\n", name, r, t1 - t0);

		if (strchr(flags, 'r')) {
			memset(&a, 0, sizeof(a));
			a.test.prog_fd = fd;
			t0 = now_ns();
			if (sys_bpf(BPF_PROG_TEST_RUN, &a))
				die("prog run");
			t1 = now_ns();
			printf("RESULT run %s %d %llu\n", name, r, t1 - t0);
		}
		close(fd);
		if (strchr(flags, 'k')) {
			t0 = now_ns();
			for (i = 0; i < count; i++)
				if (kernel_hash(fds[i], h))
					die("map hash");
			t1 = now_ns();
			printf("RESULT khash %s %d %llu\n", name, r, t1 - t0);
		}
	}
	for (i = 0; i < count; i++)
		close(fds[i]);
	free(sig);
	return 0;
}

static int cmd_sealed(int argc, char **argv)
{
	int check = 0, keyring, reps, i, err;
	const char *sigdir;

	if (argc > 0 && !strcmp(argv[0], "--check")) {
		check = 1;
		argc--;
		argv++;
	}
	if (argc < 4)
		return 64;
	keyring = atoi(argv[0]);
	reps = atoi(argv[1]);
	sigdir = argv[2];
	gen73 = kernel_at_least_7_3();
	for (i = 3; i < argc; i++) {
		err = sealed_point(argv[i], keyring, reps, sigdir, check);
		if (err)
			return err;
		fflush(stdout);
	}
	return 0;
}

static int cmd_maxvalue(size_t size)
{
	unsigned char *value = calloc(1, size);
	int fd;

	SHA256((const unsigned char *)small_prog, sizeof(small_prog), excl_hash);
	fd = value ? sealed_map(value, size) : -1;
	printf("maxvalue %zu: %s (errno %d)\n", size, fd >= 0 ? "ok" : "refused",
	       fd >= 0 ? 0 : errno);
	return fd >= 0 ? 0 : 1;
}

static int write_all(const void *p, size_t n)
{
	return fwrite(p, 1, n, stdout) == n && !fflush(stdout) ? 0 : 1;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "gen") && argc == 3) {
		size_t n = strtoull(argv[2], NULL, 0);
		unsigned char *p = malloc(n);

		if (!p)
			return 1;
		gen(p, n);
		return write_all(p, n);
	}
	if (!strcmp(cmd, "insns") && argc == 3) {
		int count = atoi(argv[2]);

		if (count < 1 || count > MAX_MAPS)
			return 64;
		return write_all(signed_prog,
				 make_signed_prog(count) * sizeof(signed_prog[0]));
	}
	if (!strcmp(cmd, "unsigned") && argc == 5)
		return cmd_unsigned(argv[2], atoi(argv[3]), atoi(argv[4]));
	if (!strcmp(cmd, "lookup") && argc == 4)
		return cmd_lookup(atoi(argv[2]), atol(argv[3]));
	if (!strcmp(cmd, "sealed"))
		return cmd_sealed(argc - 2, argv + 2);
	if (!strcmp(cmd, "maxvalue") && argc == 3)
		return cmd_maxvalue(strtoull(argv[2], NULL, 0));
	fprintf(stderr, "usage: see the comment at the top of tests/bench/bench.c\n");
	return 64;
}

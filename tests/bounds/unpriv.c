// SPDX-License-Identifier: GPL-2.0-only
/*
 * unpriv: BPF_PROG_LOADs the kernel refuses for lack of privilege, made by
 * processes running as nobody (uid and gid 65534, no groups, no
 * capabilities), each with a signature attached (issue #12, acceptance 1;
 * tests/guest/bounds-unpriv.sh).
 *
 *   unpriv hold N ERRNO SIG
 *	Fork N children. Each drops its privileges, waits until all are
 *	ready, makes one SOCKET_FILTER load of 1,000,000 instructions
 *	(BPF_COMPLEXITY_LIMIT_INSNS) with the signature in file SIG, reports
 *	its errno through a pipe once the syscall returned and blocks in
 *	pause(). The parent prints Slab and VmallocUsed (/proc/meminfo) and
 *	bpfseal's status when every child is ready ("before": forks done,
 *	buffers mapped, no load made) and again one second after every child
 *	returned from its load ("after", the children still blocked), then
 *	kills the children. Exit 1 unless every load failed with errno ERRNO
 *	(a number).
 *
 *   unpriv flood UID COUNT SIG
 *	As UID (65534: drop privileges as above; 0: stay root), COUNT loads
 *	of a two-instruction SOCKET_FILTER program with SIG attached; prints
 *	how many failed with which errno and how many loaded.
 *
 * Output lines for the test: "mem before: slab_kb=S vmalloc_kb=V",
 * "mem after: ...", "status before: LINE", "status after: LINE",
 * "loads: N errno=E", "loaded: N".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/bpf.h>

/* Only sys_bpf(), slurp() and load_socket_filter() are used here. */
#pragma GCC diagnostic ignored "-Wunused-function"
#include "../signed/rawload.h"
#include "bounds.h"

#define NOBODY 65534
#define BIG_INSNS 1000000	/* BPF_COMPLEXITY_LIMIT_INSNS */
#define MAX_CHILDREN 256

static void drop_privileges(void)
{
	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY)) {
		perror("unpriv: dropping privileges");
		_exit(2);
	}
}

static int load(const struct bpf_insn *prog, unsigned int cnt,
		const struct blob *s)
{
	return load_socket_filter(prog, cnt, "bounds_unpriv", s);
}

static void print_mem(const char *when)
{
	printf("mem %s: slab_kb=%ld vmalloc_kb=%ld\n", when,
	       meminfo_kb("Slab"), meminfo_kb("VmallocUsed"));
	print_status(strcmp(when, "before") ? "status after: " :
					      "status before: ");
	fflush(stdout);
}

static int hold(int n, int want, const struct blob *s)
{
	struct bpf_insn *prog = malloc(sizeof(*prog) * BIG_INSNS);
	int ready[2], go[2], res[2], i, bad = 0, e, fd;
	pid_t pids[MAX_CHILDREN];
	char c;

	if (!prog || n < 1 || n > MAX_CHILDREN || pipe(ready) || pipe(go) ||
	    pipe(res))
		return 2;
	/* Mapped and written before the fork: no page is touched later. */
	for (i = 0; i < BIG_INSNS - 1; i++)
		prog[i] = BOUNDS_MOV_R0_0;
	prog[BIG_INSNS - 1] = BOUNDS_EXIT;
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			return 2;
		if (pids[i])
			continue;
		close(go[1]);
		drop_privileges();
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (write(ready[1], "r", 1) != 1)
			_exit(2);
		if (read(go[0], &c, 1) < 0)	/* EOF: go */
			_exit(2);
		fd = load(prog, BIG_INSNS, s);
		e = fd < 0 ? errno : 0;
		if (write(res[1], &e, sizeof(e)) != sizeof(e))
			_exit(2);
		for (;;)
			pause();
	}
	close(go[0]);
	for (i = 0; i < n; i++)
		if (read(ready[0], &c, 1) != 1)
			return 2;
	print_mem("before");
	close(go[1]);
	for (i = 0; i < n; i++) {
		if (read(res[0], &e, sizeof(e)) != sizeof(e))
			return 2;
		if (e != want) {
			bad++;
			printf("load: errno %d (%s), expected %d\n", e,
			       e ? strerror(e) : "loaded", want);
		}
	}
	sleep(1);
	print_mem("after");
	printf("loads: %d errno=%d, %d otherwise\n", n - bad, want, bad);
	for (i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	for (i = 0; i < n; i++)
		waitpid(pids[i], NULL, 0);
	return bad ? 1 : 0;
}

static int flood(int uid, int count, const struct blob *s)
{
	struct bpf_insn prog[2] = { BOUNDS_MOV_R0_0, BOUNDS_EXIT };
	int i, fd, loaded = 0, errs[256] = { 0 };

	if (uid == NOBODY)
		drop_privileges();
	else if (uid != 0)
		return 2;
	for (i = 0; i < count; i++) {
		fd = load(prog, 2, s);
		if (fd >= 0) {
			loaded++;
			close(fd);
		} else if (errno < 256) {
			errs[errno]++;
		}
	}
	for (i = 0; i < 256; i++)
		if (errs[i])
			printf("loads: %d errno=%d (%s)\n", errs[i], i,
			       strerror(i));
	printf("loaded: %d\n", loaded);
	return 0;
}

int main(int argc, char **argv)
{
	struct blob s;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 5 && !strcmp(argv[1], "hold")) {
		s = slurp(argv[4]);
		return hold(atoi(argv[2]), atoi(argv[3]), &s);
	}
	if (argc == 5 && !strcmp(argv[1], "flood")) {
		if (!strcmp(argv[4], "-"))	/* unsigned */
			return flood(atoi(argv[2]), atoi(argv[3]), NULL);
		s = slurp(argv[4]);
		return flood(atoi(argv[2]), atoi(argv[3]), &s);
	}
	fprintf(stderr, "usage: unpriv hold N ERRNO SIG | unpriv flood UID COUNT SIG|-\n");
	return 2;
}

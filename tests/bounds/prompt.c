// SPDX-License-Identifier: GPL-2.0-only
/*
 * prompt: the loads of the audit test (issue #12, acceptance 4;
 * tests/guest/audit-prompt.sh), made by hand from files (rawload.h).
 *
 *   prompt refused KEYRING INSNS SIG
 *	One load of the program in file INSNS with the signature in file SIG
 *	(made over other instructions, so the kernel's own check refuses it
 *	with EKEYREJECTED before bpfseal's gate). Prints
 *	"refused: pid P errno E at T" (T: CLOCK_REALTIME when the syscall
 *	returned, in seconds) and then stays alive until killed.
 *
 *   prompt race KEYRING INSNS DATA SIG RUNS
 *	RUNS loads of the signed loader (the parts `bpfseal-sign extract`
 *	wrote), on CPU 0, each fd closed at once, while a child process named
 *	"prompt-opener", on CPU 1, opens every program id it sees
 *	(steal.h) for as long as the loads go on. Prints
 *	"race: loader pid P: N loaded, M refused" and the opener's counts;
 *	exit 1 unless every load loaded.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../signed/rawload.h"
#include "../signed/steal.h"
#include "bounds.h"

static int refused(void)
{
	int fd, err;

	fd = load_fds(NULL);
	err = fd < 0 ? errno : 0;
	printf("refused: pid %d errno %d at %.3f\n", getpid(), err,
	       now_s(CLOCK_REALTIME));
	fflush(stdout);
	if (fd >= 0)
		return 1;
	for (;;)
		pause();
}

/* The opener: steal.h's thread until its parent closes @done. */
static void opener(int done)
{
	struct stealer thief = {
		.forbidden = "race_unsigned",	/* never loaded here */
		.loader_name = "race_loader",
		.loader_tag = NULL,
	};
	char c;

	prctl(PR_SET_NAME, "prompt-opener");
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	pin_cpu(1);
	if (steal_start(&thief, 1))
		_exit(2);
	if (read(done, &c, 1) < 0)
		_exit(2);
	_exit(steal_stop(&thief) ? 1 : 0);
}

static int race(int runs)
{
	static volatile int fds[1];
	int r, fd, loaded = 0, refused = 0, ready[2], status;
	pid_t child;

	fds[0] = sealed_map(data.p);
	if (fds[0] < 0) {
		printf("race: cannot make the map: %s\n", strerror(-fds[0]));
		return 2;
	}
	if (pipe(ready))
		return 2;
	child = fork();
	if (child < 0)
		return 2;
	if (!child) {
		close(ready[1]);
		opener(ready[0]);
	}
	close(ready[0]);
	pin_cpu(0);
	usleep(100000);	/* the opener is running */
	for (r = 0; r < runs; r++) {
		fd = load_fds(fds);
		if (fd < 0) {
			refused++;
			printf("race: load %d refused: %s\n", r, strerror(errno));
			continue;
		}
		loaded++;
		close(fd);
	}
	close(ready[1]);
	waitpid(child, &status, 0);
	printf("race: loader pid %d: %d loaded, %d refused\n", getpid(),
	       loaded, refused);
	return loaded == runs ? 0 : 1;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 5 && !strcmp(argv[1], "refused")) {
		rawload_init(argv[2], argv[3], argv[3], argv[4]);
		fd_array_cnt = 0;
		return refused();
	}
	if (argc == 7 && !strcmp(argv[1], "race")) {
		rawload_init(argv[2], argv[3], argv[4], argv[5]);
		return race(atoi(argv[6]));
	}
	fprintf(stderr, "usage: prompt refused KEYRING INSNS SIG | prompt race KEYRING INSNS DATA SIG RUNS\n");
	return 2;
}

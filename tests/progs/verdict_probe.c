// SPDX-License-Identifier: GPL-2.0-only
/*
 * verdict_probe CMD...: attach tests/bpf/verdict_probe.bpf.c, run CMD, and
 * print the verdicts bpfseal_prog_verdict() gave the light skeleton's
 * loader and its inner program: "loader=N inner=N".
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "verdict_probe.skel.h"

int main(int argc, char **argv)
{
	struct verdict_probe *skel;
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: verdict_probe CMD...\n");
		return 64;
	}
	skel = verdict_probe__open_and_load();
	if (!skel || verdict_probe__attach(skel)) {
		fprintf(stderr, "verdict_probe: cannot load or attach\n");
		return 1;
	}
	pid = fork();
	if (pid == 0) {
		execv(argv[1], argv + 1);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	printf("loader=%d inner=%d\n", skel->data->loader_verdict,
	       skel->data->inner_verdict);
	verdict_probe__destroy(skel);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loads the light skeleton SKEL_H (a header from bpftool gen skeleton -L,
 * signed or not), with keyring_id from argv[1], attaches it and checks that
 * three getpid() calls were counted. With argv[2], keeps the programs
 * loaded until the file argv[2] exists (so a test can look at them).
 *
 * Exit status: 0 pass, 10 load refused (errno printed as "load: errno N"),
 * 11 attach failed, 12 wrong count, 64 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include SKEL_H

int main(int argc, char **argv)
{
	struct signed_hello *skel;
	int err, ret = 0, i;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: %s KEYRING_ID [RELEASE_FILE]\n", argv[0]);
		return 64;
	}
	skel = signed_hello__open();
	if (!skel) {
		perror("open");
		return 10;
	}
#ifndef UNSIGNED_SKEL	/* an unsigned skeleton has no keyring to name */
	skel->keyring_id = atoi(argv[1]);
#endif
	err = signed_hello__load(skel);
	if (err) {
		printf("load: errno %d (%s)\n", -err, strerror(-err));
		ret = 10;
		goto out;
	}
	err = signed_hello__attach(skel);
	if (err) {
		printf("attach: errno %d (%s)\n", -err, strerror(-err));
		ret = 11;
		goto out;
	}
	skel->bss->target_tgid = getpid();
	for (i = 0; i < 3; i++)
		syscall(SYS_getpid);
	printf("loaded and attached; hits=%d (want 3)\n", skel->bss->hits);
	fflush(stdout);
	if (skel->bss->hits != 3)
		ret = 12;
	while (argc == 3 && access(argv[2], F_OK))
		usleep(20000);
out:
	signed_hello__destroy(skel);
	return ret;
}

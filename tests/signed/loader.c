// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loads the light skeleton SKEL_H (a header from bpftool gen skeleton -L,
 * signed or not), with keyring_id from argv[1], attaches it and checks that
 * three getpid() calls were counted.
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

	if (argc != 2) {
		fprintf(stderr, "usage: %s KEYRING_ID\n", argv[0]);
		return 64;
	}
	skel = signed_hello__open();
	if (!skel) {
		perror("open");
		return 10;
	}
	skel->keyring_id = atoi(argv[1]);
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
	if (skel->bss->hits != 3)
		ret = 12;
out:
	signed_hello__destroy(skel);
	return ret;
}

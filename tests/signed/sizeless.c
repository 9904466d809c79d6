// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loads the signed light skeleton of sizeless.bpf.c (a ring buffer without
 * max_entries, made with -S) with keyring_id from argv[1]. Its loader
 * creates the ring buffer with the max_entries it was signed with, 0, so
 * the kernel refuses it.
 *
 * Exit status: 0 loaded, 10 load refused (errno printed as "load: errno N"),
 * 64 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sizeless.ours.lskel.h"

int main(int argc, char **argv)
{
	struct sizeless *skel;
	int err;

	if (argc != 2) {
		fprintf(stderr, "usage: %s KEYRING_ID\n", argv[0]);
		return 64;
	}
	skel = sizeless__open();
	if (!skel) {
		perror("open");
		return 10;
	}
	skel->keyring_id = atoi(argv[1]);
	err = sizeless__load(skel);
	if (err)
		printf("load: errno %d (%s)\n", -err, strerror(-err));
	else
		printf("loaded\n");
	sizeless__destroy(skel);
	return err ? 10 : 0;
}

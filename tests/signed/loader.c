// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loads the light skeleton SKEL_H (a header from bpftool gen skeleton -L,
 * signed or not), with keyring_id from KEYRING_ID, attaches it and checks
 * that three getpid() calls were counted. With RELEASE_FILE, keeps the
 * programs loaded until that file exists (so a test can look at them).
 *
 * With --hostile or --hostile-user, the caller of the skeleton is an
 * attacker: before the load it points every map descriptor's initial_value
 * in the loader context at its own bytes and asks for another max_entries
 * for the map "sized"; --hostile also sets BPF_SKEL_KERNEL in the context
 * flags. A loader that honours the context creates the maps with that size
 * and those contents (--hostile-user: the attacker's bytes, copied with
 * bpf_copy_from_user()), or reads the initial values from kernel memory
 * at those addresses (--hostile). After the load it reads every map back
 * through the fds the skeleton returned and compares size and contents
 * with what signed_hello.bpf.c starts with.
 *
 * Exit status: 0 pass, 10 load refused (errno printed as "load: errno N"),
 * 11 attach failed, 12 wrong count, 13 (--hostile*) a map is not what the
 * BPF source says, 64 usage.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include SKEL_H
#include "signed_hello.h"

#define HOSTILE_ENTRIES	64	/* the size asked for "sized" */
#define HOSTILE_BYTE	0x41	/* the attacker's bytes */

static void hostile_map(struct bpf_map_desc *m)
{
	void *p;

	/* Page aligned: skel_finalize_map_data() maps the map over it. */
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		exit(64);
	}
	memset(p, HOSTILE_BYTE, 4096);
	m->initial_value = (__u64)(long)p;
}

static void hostile_ctx(struct signed_hello *skel, bool kernel)
{
	hostile_map(&skel->maps.rodata);
	hostile_map(&skel->maps.data);
	hostile_map(&skel->maps.bss);
	skel->maps.sized.max_entries = HOSTILE_ENTRIES;
	if (kernel)
		skel->ctx.flags |= BPF_SKEL_KERNEL;
}

/*
 * Map @fd must have @entries entries of @size bytes, the first holding
 * @want.
 */
static int check_map(const char *name, int fd, unsigned int entries,
		     const void *want, size_t size)
{
	struct bpf_map_info info;
	unsigned char got[4096] = { 0 };
	unsigned int word;
	union bpf_attr a;
	int key = 0, ok;

	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(info);
	a.info.info = (__u64)(long)&info;
	if (syscall(__NR_bpf, BPF_OBJ_GET_INFO_BY_FD, &a, sizeof(a))) {
		printf("%s: map info: errno %d\n", name, errno);
		return -1;
	}
	if (info.value_size > sizeof(got)) {
		printf("%s: value_size %u\n", name, info.value_size);
		return -1;
	}
	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = (__u64)(long)&key;
	a.value = (__u64)(long)got;
	if (syscall(__NR_bpf, BPF_MAP_LOOKUP_ELEM, &a, sizeof(a))) {
		printf("%s: lookup: errno %d\n", name, errno);
		return -1;
	}
	ok = info.max_entries == entries && info.value_size == size &&
	     !memcmp(got, want, size);
	memcpy(&word, got, sizeof(word));
	printf("%s: max_entries %u value_size %u first word 0x%x: %s\n", name,
	       info.max_entries, info.value_size, word,
	       ok ? "as signed" : "NOT as signed");
	return ok ? 0 : -1;
}

/* The maps hold what the BPF source starts with, nothing else. */
static int check_maps(struct signed_hello *skel)
{
	struct signed_hello__rodata rodata = { .magic = HELLO_MAGIC };
	struct signed_hello__data data = { .step = HELLO_STEP };
	struct signed_hello__bss bss = { 0 };
	__u32 sized = 0;
	int err = 0;

	err |= check_map(".rodata", skel->maps.rodata.map_fd, 1, &rodata,
			 sizeof(rodata));
	err |= check_map(".data", skel->maps.data.map_fd, 1, &data,
			 sizeof(data));
	err |= check_map(".bss", skel->maps.bss.map_fd, 1, &bss, sizeof(bss));
	err |= check_map("sized", skel->maps.sized.map_fd, HELLO_SIZED_ENTRIES,
			 &sized, sizeof(sized));
	return err;
}

int main(int argc, char **argv)
{
	struct signed_hello *skel;
	bool hostile = false, kernel = false;
	int err, ret = 0, i;

	if (argc > 1 && (!strcmp(argv[1], "--hostile") ||
			 !strcmp(argv[1], "--hostile-user"))) {
		hostile = true;
		kernel = !strcmp(argv[1], "--hostile");
		argc--;
		argv++;
	}
	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: %s [--hostile|--hostile-user] KEYRING_ID [RELEASE_FILE]\n",
			argv[0]);
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
	if (hostile)
		hostile_ctx(skel, kernel);
	err = signed_hello__load(skel);
	if (err) {
		printf("load: errno %d (%s)\n", -err, strerror(-err));
		ret = 10;
		goto out;
	}
	if (hostile && check_maps(skel)) {
		ret = 13;
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
	printf("loaded and attached; hits=%d (want %d)\n", skel->bss->hits,
	       3 * HELLO_STEP);
	fflush(stdout);
	if (skel->bss->hits != 3 * HELLO_STEP)
		ret = 12;
	while (argc == 3 && access(argv[2], F_OK))
		usleep(20000);
out:
	signed_hello__destroy(skel);
	return ret;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A thread that steals program ids: it walks every program id again and
 * again (BPF_PROG_GET_NEXT_ID) and opens each (BPF_PROG_GET_FD_BY_ID), as
 * an attacker on another CPU would to grab a program between the moment
 * it gets its id and the moment its loader gets (or is refused) its fd.
 * Every program it opens is checked: one whose name says it must never
 * load, or a signed loader whose tag is not the signed one, is counted as
 * stolen.
 */
#ifndef BPFSEAL_TEST_STEAL_H
#define BPFSEAL_TEST_STEAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>

struct stealer {
	atomic_int stop;
	atomic_long opened;	/* fds it got, any program */
	atomic_long stolen;	/* fds it must never have got */
	/* name prefix of programs that must never load */
	const char *forbidden;
	/* name of the signed loader, and its tag (NULL: not checked) */
	const char *loader_name;
	const unsigned char *loader_tag;
	pthread_t th;
};

static long steal_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

static void steal_check(struct stealer *s, int fd, __u32 id)
{
	struct bpf_prog_info info;
	union bpf_attr a;
	int bad;

	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = fd;
	a.info.info_len = sizeof(info);
	a.info.info = (unsigned long)&info;
	if (steal_bpf(BPF_OBJ_GET_INFO_BY_FD, &a))
		return;
	bad = !strncmp(info.name, s->forbidden, strlen(s->forbidden));
	if (s->loader_tag && !strcmp(info.name, s->loader_name) &&
	    memcmp(info.tag, s->loader_tag, BPF_TAG_SIZE))
		bad = 1;
	if (bad) {
		atomic_fetch_add(&s->stolen, 1);
		printf("steal: opened program %u '%s', which must not exist\n",
		       id, info.name);
	}
}

static void *steal_thread(void *arg)
{
	struct stealer *s = arg;
	union bpf_attr a;
	__u32 id;
	int fd;

	while (!atomic_load(&s->stop)) {
		id = 0;
		for (;;) {
			memset(&a, 0, sizeof(a));
			a.start_id = id;
			if (steal_bpf(BPF_PROG_GET_NEXT_ID, &a))
				break;
			id = a.next_id;
			memset(&a, 0, sizeof(a));
			a.prog_id = id;
			fd = steal_bpf(BPF_PROG_GET_FD_BY_ID, &a);
			if (fd < 0)
				continue;
			atomic_fetch_add(&s->opened, 1);
			steal_check(s, fd, id);
			close(fd);
		}
	}
	return NULL;
}

/* Start stealing on CPU @cpu (-1: any). */
static int steal_start(struct stealer *s, int cpu)
{
	pthread_attr_t attr;
	cpu_set_t set;
	int err;

	pthread_attr_init(&attr);
	if (cpu >= 0) {
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	}
	atomic_store(&s->stop, 0);
	err = pthread_create(&s->th, &attr, steal_thread, s);
	pthread_attr_destroy(&attr);
	return err;
}

/* Stop; returns how many forbidden programs were opened. */
static long steal_stop(struct stealer *s)
{
	atomic_store(&s->stop, 1);
	pthread_join(s->th, NULL);
	printf("steal: %ld programs opened by id, %ld that must not exist\n",
	       atomic_load(&s->opened), atomic_load(&s->stolen));
	return atomic_load(&s->stolen);
}

#endif

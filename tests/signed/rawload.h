/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Loading a signed light-skeleton loader by hand, from the parts
 * `bpfseal-sign extract` writes (instructions, metadata blob, signature):
 * shared by the race and attack test programs.
 */
#ifndef BPFSEAL_TEST_RAWLOAD_H
#define BPFSEAL_TEST_RAWLOAD_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <openssl/sha.h>

#include "kernel_gen.h"

struct blob {
	unsigned char *p;
	size_t n;
};

/* The parts of the signed loader, and what its maps must be exclusive to. */
static struct blob insns, data, sig;
static int keyring_id, fd_array_cnt;
static unsigned char excl_hash[SHA256_DIGEST_LENGTH];

static long sys_bpf(int cmd, union bpf_attr *attr, size_t size)
{
	return syscall(__NR_bpf, cmd, attr, size);
}

/* A socket filter load of @n instructions, signed when @sig is given. */
static inline int load_socket_filter(const struct bpf_insn *p, unsigned int n,
				     const char *name, const struct blob *sig)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	a.insns = (unsigned long)p;
	a.insn_cnt = n;
	a.license = (unsigned long)"GPL";
	if (sig) {
		a.signature = (unsigned long)sig->p;
		a.signature_size = sig->n;
	}
	strcpy(a.prog_name, name);
	return sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
}

static struct blob slurp(const char *path)
{
	struct blob b = { NULL, 0 };
	FILE *f = fopen(path, "rb");
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(2);
	}
	b.n = n;
	b.p = malloc(n);
	if (!b.p || fread(b.p, 1, n, f) != (size_t)n) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(2);
	}
	fclose(f);
	return b;
}

/* Read the loader's parts; KEYRING is the keyring the loads name. */
static void rawload_init(const char *keyring, const char *insns_path,
			 const char *data_path, const char *sig_path)
{
	keyring_id = atoi(keyring);
	insns = slurp(insns_path);
	data = slurp(data_path);
	sig = slurp(sig_path);
	fd_array_cnt = kernel_at_least_7_3();
	SHA256(insns.p, insns.n, excl_hash);
}

/* A frozen ARRAY map holding @value, exclusive to the loader. */
static int sealed_map(const unsigned char *value)
{
	union bpf_attr a;
	int fd, key = 0;

	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = data.n;
	a.max_entries = 1;
	a.excl_prog_hash = (unsigned long)excl_hash;
	a.excl_prog_hash_size = sizeof(excl_hash);
	strcpy(a.map_name, "__loader.map");
	fd = sys_bpf(BPF_MAP_CREATE, &a, sizeof(a));
	if (fd < 0)
		return -errno;
	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	a.key = (unsigned long)&key;
	a.value = (unsigned long)value;
	if (sys_bpf(BPF_MAP_UPDATE_ELEM, &a, sizeof(a)))
		return -errno;
	memset(&a, 0, sizeof(a));
	a.map_fd = fd;
	if (sys_bpf(BPF_MAP_FREEZE, &a, sizeof(a)))
		return -errno;
	return fd;
}

/* Load the signed loader with @fds as its fd_array. */
static int load_fds(volatile int *fds)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_SYSCALL;
	a.insns = (unsigned long)insns.p;
	a.insn_cnt = insns.n / sizeof(struct bpf_insn);
	a.license = (unsigned long)"Dual BSD/GPL";
	a.signature = (unsigned long)sig.p;
	a.signature_size = sig.n;
	a.keyring_id = keyring_id;
	a.fd_array = (unsigned long)fds;
	a.fd_array_cnt = fd_array_cnt;
	a.prog_flags = BPF_F_SLEEPABLE;
	strcpy(a.prog_name, "race_loader");
	return sys_bpf(BPF_PROG_LOAD, &a, sizeof(a));
}

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * A BPF LSM program of the kind bpfseal_prog_verdict() is for: on every
 * program fd (lsm/bpf_prog), it asks bpfseal for the program's verdict and
 * keeps the last one seen for a light skeleton's loader and for the
 * program it creates (tests/signed/signed_hello.bpf.c's on_getpid).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

extern int bpfseal_prog_verdict(const struct bpf_prog *prog) __ksym;

int loader_verdict = -1;
int inner_verdict = -1;

static __always_inline bool named(const char *name, const char *want, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (name[i] != want[i])
			return false;
	return true;
}

SEC("lsm/bpf_prog")
int BPF_PROG(verdict_probe, struct bpf_prog *prog)
{
	char name[16] = {};

	bpf_probe_read_kernel_str(name, sizeof(name), prog->aux->name);
	if (named(name, "__loader.prog", 14))
		loader_verdict = bpfseal_prog_verdict(prog);
	else if (named(name, "on_getpid", 10))
		inner_verdict = bpfseal_prog_verdict(prog);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

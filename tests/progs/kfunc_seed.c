// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loads tests/bpf/kfunc_seed.bpf.c, makes one bpf() call and checks that
 * the program called bpfseal_abi_version() and saw the module's ABI.
 */
#include <stdio.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include <bpfseal/abi.h>

#include "kfunc_seed.skel.h"

int main(void)
{
	struct kfunc_seed *skel;
	__u32 id = 0;
	int err, ret = 1;

	skel = kfunc_seed__open();
	if (!skel) {
		perror("open");
		return 1;
	}
	skel->bss->target_tgid = getpid();
	err = kfunc_seed__load(skel);
	if (err) {
		fprintf(stderr, "load: %d\n", err);
		goto out;
	}
	err = kfunc_seed__attach(skel);
	if (err) {
		fprintf(stderr, "attach: %d\n", err);
		goto out;
	}
	bpf_prog_get_next_id(0, &id);
	printf("kfunc calls=%d version=%u (expected %d)\n",
	       skel->bss->calls, skel->bss->seen_version, BPFSEAL_ABI_VERSION);
	if (skel->bss->calls >= 1 &&
	    skel->bss->seen_version == BPFSEAL_ABI_VERSION)
		ret = 0;
out:
	kfunc_seed__destroy(skel);
	return ret;
}

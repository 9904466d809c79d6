// SPDX-License-Identifier: GPL-2.0-only
/*
 * Loads each program of tests/bpf/kfunc_attack.bpf.c on its own: every one
 * calls an internal bpfseal kfunc and must be refused by the verifier
 * ("calling kernel function ... is not allowed"), not by anything else.
 * Prints one line per program; exits 1 if any loaded or was refused for
 * another reason, 2 if the object cannot be opened.
 */
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "kfunc_attack.skel.h"

static char log_buf[1 << 20];

int main(void)
{
	struct bpf_program *prog, *other;
	struct kfunc_attack *skel;
	int n = 0, bad = 0, err;

	skel = kfunc_attack__open();
	if (!skel) {
		perror("open");
		return 2;
	}
	bpf_object__for_each_program(prog, skel->obj)
		n++;
	kfunc_attack__destroy(skel);
	for (int i = 0; i < n; i++) {
		const char *name = NULL;
		int j = 0;

		skel = kfunc_attack__open();
		if (!skel)
			return 2;
		bpf_object__for_each_program(other, skel->obj) {
			bpf_program__set_autoload(other, j == i);
			if (j++ == i) {
				prog = other;
				name = bpf_program__name(other);
			}
		}
		log_buf[0] = 0;
		bpf_program__set_log_buf(prog, log_buf, sizeof(log_buf));
		bpf_program__set_log_level(prog, 1);
		err = kfunc_attack__load(skel);
		if (!err) {
			printf("%s: LOADED\n", name);
			bad++;
		} else if (strstr(log_buf, "is not allowed")) {
			printf("%s: refused by the verifier (kernel function not allowed)\n",
			       name);
		} else {
			printf("%s: refused for another reason (%d): %.300s\n",
			       name, err, log_buf);
			bad++;
		}
		kfunc_attack__destroy(skel);
	}
	printf("kfunc_attack: %d programs, %d not refused by the kfunc filter\n",
	       n, bad);
	return bad ? 1 : 0;
}

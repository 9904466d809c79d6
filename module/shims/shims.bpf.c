// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal shims: the thin BPF programs through which the module sees every
 * program load. All logic is in the module, behind kfuncs; the module
 * loads and attaches these programs itself once it is live.
 *
 * Regenerate shims.lskel.h after changing this file: see README.md here.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

extern int bpfseal_prepare(union bpf_attr *attr, __u32 size, bool kernel,
			   __u64 loader) __ksym;
extern __s64 bpfseal_run(union bpf_attr *attr) __ksym;
extern void bpfseal_prog_free(struct bpf_prog *prog__ign) __ksym;
extern int bpfseal_gate(struct bpf_prog *prog__ign, union bpf_attr *attr__ign,
			bool kernel) __ksym;
extern int bpfseal_bind(struct bpf_prog *prog) __ksym;

#define MAX_ERRNO 4095

/* LSM programs must return 0 or a negative errno: the verifier checks. */
static __always_inline int errno_or_zero(int ret)
{
	if (ret > 0 || ret < -MAX_ERRNO)
		return -1;	/* -EPERM */
	return ret;
}

/*
 * The verified loader a task is running, if any: set when the task asks to
 * run a loader that bpfseal verified (BPF_PROG_RUN), cleared at the task's
 * next BPF_PROG_LOAD or BPF_PROG_RUN from userspace. Loads from the kernel
 * (kernel == true) happen only inside a BPF_PROG_RUN, so the mark names the
 * loader that makes them. Task storage goes with the task.
 */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);	/* from bpfseal_run(): verdict << 32 | id */
} loader_mark SEC(".maps");

/* G0 prepare: every bpf() call; loads and loader runs reach the module. */
SEC("lsm.s/bpf")
int BPF_PROG(bpfseal_g0, int cmd, union bpf_attr *attr, unsigned int size,
	     bool kernel)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u64 *mark;
	__s64 id;

	if (kernel) {
		if (cmd != BPF_PROG_LOAD)
			return 0;
		mark = bpf_task_storage_get(&loader_mark, task, NULL, 0);
		return errno_or_zero(bpfseal_prepare(attr, size, kernel,
						     mark ? *mark : 0));
	}
	if (cmd == BPF_PROG_RUN) {
		id = bpfseal_run(attr);
		if (id < 0)
			return -1;	/* -EPERM: a verified loader changed */
		if (id > 0) {
			mark = bpf_task_storage_get(&loader_mark, task, NULL,
						    BPF_LOCAL_STORAGE_GET_F_CREATE);
			if (!mark)
				return -12;	/* -ENOMEM */
			*mark = id;
			return 0;
		}
	}
	/*
	 * The mark only matters to the kernel loads of a run: other commands
	 * leave it (and cost every bpf() call no storage lookup); the next
	 * userspace load or run of an unverified program clears it.
	 */
	if (cmd != BPF_PROG_LOAD && cmd != BPF_PROG_RUN)
		return 0;
	if (bpf_task_storage_get(&loader_mark, task, NULL, 0))
		bpf_task_storage_delete(&loader_mark, task);
	if (cmd != BPF_PROG_LOAD)
		return 0;
	return errno_or_zero(bpfseal_prepare(attr, size, kernel, 0));
}

/* G1 gate: before every LSM's bpf_prog_load callback. */
SEC("fmod_ret/security_bpf_prog_load")
int BPF_PROG(bpfseal_g1, struct bpf_prog *prog, union bpf_attr *attr,
	     struct bpf_token *token, bool kernel)
{
	return errno_or_zero(bpfseal_gate(prog, attr, kernel));
}

/* G2 bind: after the verifier, when the program gets its first fd. */
SEC("lsm.s/bpf_prog")
int BPF_PROG(bpfseal_g2, struct bpf_prog *prog)
{
	return errno_or_zero(bpfseal_bind(prog));
}

/* Cleanup: a program's record goes when the program is freed. */
SEC("lsm/bpf_prog_free")
int BPF_PROG(bpfseal_free, struct bpf_prog *prog)
{
	bpfseal_prog_free(prog);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";

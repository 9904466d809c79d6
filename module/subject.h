/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bpfseal - the subject of a load: who asked for it, captured once when
 * the load begins, and what every record of that load names, whoever
 * writes the record and from wherever.
 */
#ifndef _BPFSEAL_SUBJECT_H
#define _BPFSEAL_SUBJECT_H

#include <linux/pid.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/types.h>

/**
 * struct bpfseal_subject - the task that asked for a load
 * @ref: references: the load's ticket, then its record
 * @thread: the very thread (a reference on its struct pid, which no other
 *	thread can get while it is held)
 * @pid: thread group id
 * @ppid: parent's thread group id
 * @auid: login uid
 * @uid: real uid
 * @gid: real gid
 * @euid: effective uid
 * @ses: audit session
 * @pid1: the thread group is PID 1 of the initial PID namespace
 * @exe_is_pid1_view: @exe, looked up from PID 1's root, is the file the
 *	task runs (only then does the policy's exe= match it)
 * @comm: command name
 * @exe: path of the executable as the task sees it, or NULL when the task
 *	has none
 * @cgroup: cgroup v2 path from the hierarchy's root, or NULL when unknown
 * @ctx: LSM context of the task, or NULL when no LSM gives one
 */
struct bpfseal_subject {
	refcount_t ref;
	struct pid *thread;
	pid_t pid;
	pid_t ppid;
	u32 auid;
	u32 uid;
	u32 gid;
	u32 euid;
	u32 ses;
	bool pid1;
	bool exe_is_pid1_view;
	char comm[TASK_COMM_LEN];
	char *exe;
	char *cgroup;
	char *ctx;
};

struct bpfseal_subject *bpfseal_subject_capture(void);
struct bpfseal_subject *bpfseal_subject_get(struct bpfseal_subject *s);
void bpfseal_subject_put(struct bpfseal_subject *s);
bool bpfseal_subject_is_current(const struct bpfseal_subject *s);

#endif /* _BPFSEAL_SUBJECT_H */

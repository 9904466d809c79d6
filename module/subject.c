// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - subjects: captured in the loading task at the start of its
 * load (G0, or the gate when G0 left nothing), from the task itself: its
 * credentials, its executable (resolved in the kernel from mm->exe_file)
 * and its LSM context. Nothing the caller passes goes into a subject.
 */

#include <linux/audit.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/rcupdate.h>
#include <linux/sched/mm.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "subject.h"

/* The path of current's executable, in a new string, or NULL. */
static char *exe_path(void)
{
	struct mm_struct *mm = current->mm;
	struct file *exe = NULL;
	char *buf, *path, *dup = NULL;

	if (!mm)
		return NULL;
	rcu_read_lock();
	exe = get_file_rcu(&mm->exe_file);
	rcu_read_unlock();
	if (!exe)
		return NULL;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (buf) {
		path = d_path(&exe->f_path, buf, PATH_MAX);
		if (!IS_ERR(path))
			dup = kstrdup(path, GFP_KERNEL);
		kfree(buf);
	}
	fput(exe);
	return dup;
}

/* current's LSM context (the first LSM that gives one), or NULL. */
static char *lsm_context(void)
{
	struct lsm_context lc = {};
	struct lsm_prop prop;
	char *dup = NULL;

	security_current_getlsmprop_subj(&prop);
	if (!lsmprop_is_set(&prop))
		return NULL;
	if (security_lsmprop_to_secctx(&prop, &lc, LSM_ID_UNDEF) < 0)
		return NULL;
	if (lc.context)
		dup = kstrndup(lc.context, lc.len, GFP_KERNEL);
	security_release_secctx(&lc);
	return dup;
}

/**
 * bpfseal_subject_capture - who the current task is, for a load's records
 *
 * Process context (it may sleep).
 *
 * Return: a new subject with one reference, or NULL without memory.
 */
struct bpfseal_subject *bpfseal_subject_capture(void)
{
	const struct cred *cred = current_cred();
	struct bpfseal_subject *s;

	s = kzalloc_obj(*s, GFP_KERNEL);
	if (!s)
		return NULL;
	refcount_set(&s->ref, 1);
	s->thread = get_pid(task_pid(current));
	s->pid = task_tgid_nr(current);
	s->ppid = task_ppid_nr(current);
	s->auid = from_kuid(&init_user_ns, audit_get_loginuid(current));
	s->uid = from_kuid(&init_user_ns, cred->uid);
	s->gid = from_kgid(&init_user_ns, cred->gid);
	s->euid = from_kuid(&init_user_ns, cred->euid);
	s->ses = audit_get_sessionid(current);
	get_task_comm(s->comm, current);
	s->exe = exe_path();
	s->ctx = lsm_context();
	return s;
}

/**
 * bpfseal_subject_get - take one more reference on a subject
 * @s: the subject, or NULL
 *
 * Return: @s.
 */
struct bpfseal_subject *bpfseal_subject_get(struct bpfseal_subject *s)
{
	if (s)
		refcount_inc(&s->ref);
	return s;
}

/**
 * bpfseal_subject_put - drop a reference on a subject
 * @s: the subject, or NULL
 *
 * Any context but NMI.
 */
void bpfseal_subject_put(struct bpfseal_subject *s)
{
	if (!s || !refcount_dec_and_test(&s->ref))
		return;
	put_pid(s->thread);
	kfree(s->exe);
	kfree(s->ctx);
	kfree(s);
}

/**
 * bpfseal_subject_is_current - whether the current thread is the subject
 * @s: the subject, or NULL
 *
 * The subject holds a reference on its thread's struct pid, so no other
 * thread can have it, even after the subject's thread exited.
 *
 * Return: true when the current thread captured @s.
 */
bool bpfseal_subject_is_current(const struct bpfseal_subject *s)
{
	return s && task_pid(current) == s->thread;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - subjects: captured in the loading task at the start of its
 * load (G0, or the gate when G0 left nothing), from the task itself: its
 * credentials, its executable (resolved in the kernel from mm->exe_file),
 * its cgroup and its LSM context. Nothing the caller passes goes into a
 * subject.
 *
 * The rule policy's process properties read only what is here: pid1 (the
 * thread group is PID 1 of the initial PID namespace), exe (only when
 * exe_is_pid1_view: the path, looked up from PID 1's root, is the very
 * file the task runs, so a chroot, another mount namespace or a file
 * reached through an fd cannot pass for the path), the effective uid and
 * the cgroup v2 path from the hierarchy's root (not the task's cgroup
 * namespace view).
 */

#include <linux/audit.h>
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/kernfs.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched/mm.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "subject.h"

/* The root directory of PID 1 of the initial PID namespace. */
static int pid1_root(struct path *root)
{
	struct task_struct *init;
	int err = -ESRCH;

	rcu_read_lock();
	init = pid_task(find_pid_ns(1, &init_pid_ns), PIDTYPE_PID);
	if (init)
		get_task_struct(init);
	rcu_read_unlock();
	if (!init)
		return err;
	task_lock(init);
	if (init->fs) {
		get_fs_root(init->fs, root);
		err = 0;
	}
	task_unlock(init);
	put_task_struct(init);
	return err;
}

/*
 * Whether @path, looked up from PID 1's root without following a final
 * symlink, is the file @exe (the same inode: a bind mount of the same file
 * is the same program).
 */
static bool is_pid1_view(const char *path, const struct file *exe)
{
	struct path root, found;
	bool same = false;

	if (pid1_root(&root))
		return false;
	if (!vfs_path_lookup(root.dentry, root.mnt, path, 0, &found)) {
		same = d_backing_inode(found.dentry) == file_inode(exe);
		path_put(&found);
	}
	path_put(&root);
	return same;
}

/* current's executable: its path as current sees it, checked (above). */
static void exe_capture(struct bpfseal_subject *s)
{
	struct mm_struct *mm = current->mm;
	struct file *exe = NULL;
	char *buf, *path;

	if (!mm)
		return;
	rcu_read_lock();
	exe = get_file_rcu(&mm->exe_file);
	rcu_read_unlock();
	if (!exe)
		return;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (buf) {
		path = d_path(&exe->f_path, buf, PATH_MAX);
		if (!IS_ERR(path))
			s->exe = kstrdup(path, GFP_KERNEL);
		kfree(buf);
	}
	if (s->exe)
		s->exe_is_pid1_view = is_pid1_view(s->exe, exe);
	fput(exe);
}

/* current's cgroup v2 path from the root of the hierarchy, or NULL. */
static char *cgroup_v2_path(void)
{
	struct cgroup *cgrp;
	char *buf, *dup = NULL;

	rcu_read_lock();
	cgrp = task_dfl_cgroup(current);
	if (!cgroup_tryget(cgrp))
		cgrp = NULL;
	rcu_read_unlock();
	if (!cgrp)
		return NULL;
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (buf && kernfs_path_from_node(cgrp->kn, NULL, buf, PATH_MAX) > 0)
		dup = kstrdup(buf, GFP_KERNEL);
	kfree(buf);
	cgroup_put(cgrp);
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
	s->pid1 = is_global_init(current);
	get_task_comm(s->comm, current);
	exe_capture(s);
	s->cgroup = cgroup_v2_path();
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
	kfree(s->cgroup);
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

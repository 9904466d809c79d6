// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - run marks: which verified loader the current task is running,
 * so that the programs the loader creates (kernel-origin loads, made from
 * inside its BPF_PROG_RUN) are attributed to it.
 *
 * A mark lives in module memory, one per task at most, and is made in
 * three steps, none of which trusts an fd number twice:
 *
 *  1. G0 (BPF_PROG_RUN from userspace, run.c) resolves the fd once, runs
 *     the run check on what it found, and leaves a slot *expecting* that
 *     program, holding a reference on it (so its address cannot be reused
 *     by another program while the slot exists). Any other program leaves
 *     no slot: the task's slot is dropped before the kernel runs anything.
 *  2. fentry on bpf_prog_test_run_syscall() sees the program the kernel
 *     actually runs; the slot becomes *running* only if it is the very
 *     object G0 checked. A thread that dup2()s another program over the
 *     fd in between gets a slot that never runs.
 *  3. fexit on the same function ends the run.
 *
 * Both tracing programs can be skipped by the kernel (recursion on one
 * CPU): a skipped enter leaves the slot not running (the loader's loads are
 * then unattributed, origin kernel: refused unless a rule allows those,
 * fail closed); a skipped exit leaves it running until the task's next
 * BPF_PROG_RUN, which always goes through G0 first, and a kernel-origin
 * load can only come from inside a run. A nested run (kern_sys_bpf() from
 * a running syscall program) does not pass bpf_prog_test_run_syscall() and
 * changes nothing: it runs under the mark of the outer, userspace run.
 */

#include <linux/bpf.h>
#include <linux/hashtable.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include <bpfseal/limits.h>

#include "bpfseal.h"
#include "mark.h"

/**
 * struct run_slot - the verified loader one task asked to run
 * @node: entry in the slot table, keyed by @task
 * @task: the task (a reference is held)
 * @loader: the loader G0 checked (a reference is held)
 * @running: the kernel is running @loader in @task
 * @too_many: the loader created more maps than @made holds
 * @nr_made: number of entries in @made
 * @made: the maps @loader created in this run and that still exist
 */
struct run_slot {
	struct hlist_node node;
	struct task_struct *task;
	struct bpf_prog *loader;
	bool running;
	bool too_many;
	unsigned int nr_made;
	const struct bpf_map *made[BPFSEAL_MAX_RUN_MAPS];
};

static DEFINE_HASHTABLE(slots, 6);
static DEFINE_SPINLOCK(slots_lock);

static struct run_slot *slot_find(const struct task_struct *task)
{
	struct run_slot *s;

	hash_for_each_possible(slots, s, node, (unsigned long)task)
		if (s->task == task)
			return s;
	return NULL;
}

static void slot_free(struct run_slot *s)
{
	bpf_prog_put(s->loader);
	put_task_struct(s->task);
	kfree(s);
}

/* Unhook the slots of tasks that exited; the caller holds slots_lock. */
static void slots_prune(struct hlist_head *dead)
{
	struct hlist_node *tmp;
	struct run_slot *s;
	int bkt;

	hash_for_each_safe(slots, bkt, tmp, s, node) {
		if (s->task->flags & PF_EXITING) {
			hash_del(&s->node);
			hlist_add_head(&s->node, dead);
		}
	}
}

/**
 * bpfseal_mark_expect - G0: the current task asks to run @loader
 * @loader: a verified loader that passed the run check (the slot takes the
 *	caller's reference on it), or NULL for any other program
 *
 * The task's earlier slot, if any, is dropped in any case.
 *
 * Return: 0, or -ENOMEM (the task then has no slot).
 */
int bpfseal_mark_expect(struct bpf_prog *loader)
{
	struct run_slot *s, *new = NULL;
	struct hlist_node *tmp;
	HLIST_HEAD(dead);
	int err = 0;

	if (loader) {
		new = kzalloc_obj(*new, GFP_KERNEL_ACCOUNT);
		if (!new) {
			bpf_prog_put(loader);
			err = -ENOMEM;
		} else {
			new->task = get_task_struct(current);
			new->loader = loader;
		}
	}
	spin_lock(&slots_lock);
	s = slot_find(current);
	if (s) {
		hash_del(&s->node);
		hlist_add_head(&s->node, &dead);
	}
	if (new) {
		/* the table only grows here: prune it here, not on every run */
		slots_prune(&dead);
		hash_add(slots, &new->node, (unsigned long)current);
	}
	spin_unlock(&slots_lock);
	hlist_for_each_entry_safe(s, tmp, &dead, node)
		slot_free(s);
	return err;
}

/**
 * bpfseal_mark_enter - the kernel starts running a syscall program
 * @prog: the program it runs (argument of bpf_prog_test_run_syscall())
 *
 * Any context the fentry shim runs in; takes a spinlock only.
 */
void bpfseal_mark_enter(const struct bpf_prog *prog)
{
	struct run_slot *s;

	spin_lock(&slots_lock);
	s = slot_find(current);
	if (s)
		s->running = s->loader == prog;
	spin_unlock(&slots_lock);
}

/**
 * bpfseal_mark_exit - the kernel is done running a syscall program
 * @prog: the program (argument of bpf_prog_test_run_syscall())
 */
void bpfseal_mark_exit(const struct bpf_prog *prog)
{
	struct run_slot *s;

	spin_lock(&slots_lock);
	s = slot_find(current);
	if (s)
		s->running = false;
	spin_unlock(&slots_lock);
}

/**
 * bpfseal_mark_running - the verified loader the current task runs now
 *
 * The slot holds a reference on the loader, and only the current task
 * changes its own slot (exited tasks' slots are pruned, and the current
 * task has not exited), so the program stays valid until the current task
 * returns from the bpf() call it is in.
 *
 * Return: the loader, or NULL.
 */
struct bpf_prog *bpfseal_mark_running(void)
{
	struct bpf_prog *loader = NULL;
	struct run_slot *s;

	spin_lock(&slots_lock);
	s = slot_find(current);
	if (s && s->running)
		loader = s->loader;
	spin_unlock(&slots_lock);
	return loader;
}

/**
 * bpfseal_mark_map_made - a map is being created
 * @map: the map (before it has an id or an fd)
 * @kernel: whether the creation comes from the kernel
 *
 * A kernel-origin creation by a task that runs a verified loader is that
 * loader's: it goes on the slot's list. Any context the LSM hook runs in.
 */
void bpfseal_mark_map_made(const struct bpf_map *map, bool kernel)
{
	struct run_slot *s;

	if (!kernel)
		return;
	spin_lock(&slots_lock);
	s = slot_find(current);
	if (s && s->running) {
		if (s->nr_made < ARRAY_SIZE(s->made))
			s->made[s->nr_made++] = map;
		else
			s->too_many = true;
	}
	spin_unlock(&slots_lock);
}

/**
 * bpfseal_mark_map_gone - a map is being freed: off every slot's list
 * @map: the map
 */
void bpfseal_mark_map_gone(const struct bpf_map *map)
{
	struct run_slot *s;
	unsigned int i;
	int bkt;

	spin_lock(&slots_lock);
	hash_for_each(slots, bkt, s, node) {
		for (i = 0; i < s->nr_made; i++) {
			if (s->made[i] != map)
				continue;
			s->made[i] = s->made[--s->nr_made];
			break;
		}
	}
	spin_unlock(&slots_lock);
}

/**
 * bpfseal_mark_made_by_loader - whether the running loader made a map
 * @map: a map a program the loader created binds
 *
 * Return: true when the current task runs a verified loader that created
 * @map in this run (and created no more maps than a slot lists).
 */
bool bpfseal_mark_made_by_loader(const struct bpf_map *map)
{
	bool made = false;
	struct run_slot *s;
	unsigned int i;

	spin_lock(&slots_lock);
	s = slot_find(current);
	if (s && s->running && !s->too_many)
		for (i = 0; i < s->nr_made && !made; i++)
			made = s->made[i] == map;
	spin_unlock(&slots_lock);
	return made;
}

/**
 * bpfseal_marks_flush - drop every slot (module exit)
 */
void bpfseal_marks_flush(void)
{
	struct hlist_node *tmp;
	struct run_slot *s;
	HLIST_HEAD(dead);
	int bkt;

	spin_lock(&slots_lock);
	hash_for_each_safe(slots, bkt, tmp, s, node) {
		hash_del(&s->node);
		hlist_add_head(&s->node, &dead);
	}
	spin_unlock(&slots_lock);
	hlist_for_each_entry_safe(s, tmp, &dead, node)
		slot_free(s);
}

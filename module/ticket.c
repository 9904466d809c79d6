// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - tickets: what G0 verified for one BPF_PROG_LOAD, found again by
 * G1 through the (task, attr) pair of the same syscall.
 */

#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

#include <bpfseal/policy.h>

#include "bpfseal.h"

static LIST_HEAD(tickets);
static DEFINE_SPINLOCK(tickets_lock);

/**
 * bpfseal_ticket_free - free a ticket and drop its map references
 * @t: the ticket, or NULL
 *
 * May sleep (the instruction copy may be vmalloc'ed); G0 and the gate are
 * sleepable.
 */
void bpfseal_ticket_free(struct bpfseal_ticket *t)
{
	int i;

	if (!t)
		return;
	for (i = 0; i < ARRAY_SIZE(t->maps); i++)
		if (t->maps[i])
			bpf_map_put(t->maps[i]);
	bpfseal_record_free(t->rec);
	if (t->task)
		put_task_struct(t->task);
	kvfree(t->insns);
	kfree(t);
}

/*
 * A ticket nobody took: the kernel refused the load before the gate (its
 * own signature check). Its record says so, with bpfseal's verdict.
 */
static void audit_refused_first(struct bpfseal_ticket *t)
{
	t->ev.verdict = t->verdict;
	t->ev.action = BPFSEAL_ACTION_NONE;
	t->ev.enforcing = bpfseal_mode() == BPFSEAL_MODE_ENFORCE;
	bpfseal_audit_load(&t->ev, NULL, 0, t->task == current);
}

/* A ticket nobody will take: its task is in a new load, or gone. */
static bool ticket_stale(const struct bpfseal_ticket *t)
{
	return t->task == current || (t->task->flags & PF_EXITING);
}

/**
 * bpfseal_ticket_add - publish a ticket for the current task
 * @t: the ticket; t->attr must be set
 *
 * A task is in at most one BPF_PROG_LOAD at a time, so a ticket the task
 * left behind (its load failed before reaching the gate) is dropped here,
 * and so are those of tasks that exited: at most one ticket per live task.
 */
void bpfseal_ticket_add(struct bpfseal_ticket *t)
{
	struct bpfseal_ticket *old, *tmp;
	LIST_HEAD(stale);

	t->task = get_task_struct(current);
	spin_lock(&tickets_lock);
	list_for_each_entry_safe(old, tmp, &tickets, node) {
		if (ticket_stale(old))
			list_move(&old->node, &stale);
	}
	list_add(&t->node, &tickets);
	spin_unlock(&tickets_lock);
	list_for_each_entry_safe(old, tmp, &stale, node) {
		audit_refused_first(old);
		bpfseal_ticket_free(old);
	}
}

/**
 * bpfseal_ticket_take - remove and return the current task's ticket for @attr
 * @attr: the attr pointer of the load
 *
 * Return: the ticket, now owned by the caller, or NULL.
 */
struct bpfseal_ticket *bpfseal_ticket_take(const union bpf_attr *attr)
{
	struct bpfseal_ticket *t, *found = NULL;

	spin_lock(&tickets_lock);
	list_for_each_entry(t, &tickets, node) {
		if (t->task == current && t->attr == attr) {
			list_del(&t->node);
			found = t;
			break;
		}
	}
	spin_unlock(&tickets_lock);
	return found;
}

/**
 * bpfseal_tickets_flush - drop every ticket (module exit), auditing each
 */
void bpfseal_tickets_flush(void)
{
	struct bpfseal_ticket *t, *tmp;
	LIST_HEAD(all);

	spin_lock(&tickets_lock);
	list_splice_init(&tickets, &all);
	spin_unlock(&tickets_lock);
	list_for_each_entry_safe(t, tmp, &all, node) {
		audit_refused_first(t);
		bpfseal_ticket_free(t);
	}
}

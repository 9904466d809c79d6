// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - tickets: what G0 verified for one BPF_PROG_LOAD, found again by
 * G1 through the (task, attr) pair of the same syscall.
 *
 * A ticket ends in one of three ways:
 *  - the gate takes it (the usual way);
 *  - the load ends without reaching the gate (the kernel refused it
 *    first): the load-end shim, fexit on bpf_prog_load(), runs in the
 *    loading thread as the syscall returns, and the ticket is recorded
 *    there, action=aborted, in that syscall's audit context;
 *  - the kernel skipped the load-end shim (it skips a tracing program
 *    already running on the same CPU, and counts a miss, which status
 *    shows as end_missed): the ticket is recorded when its task starts
 *    another load (bpfseal_ticket_add()), or by the reaper, a work item
 *    that runs every second while tickets exist, once the task exited.
 *    Age alone says nothing: a load can take longer than any bound on its
 *    way to the gate (a 1M-instruction copy under load, a user page that
 *    faults in slowly), and a record written for a load still going would
 *    be false.
 * A task is in at most one BPF_PROG_LOAD at a time, so it has at most one
 * live ticket.
 */

#include <linux/llist.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include <bpfseal/policy.h>

#include "bpfseal.h"
#include "subject.h"

static LIST_HEAD(tickets);
static DEFINE_SPINLOCK(tickets_lock);
/* Tickets ended where nothing may sleep, waiting to be freed. */
static LLIST_HEAD(tickets_ended);

static void reaper_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(reaper, reaper_fn);

/**
 * bpfseal_ticket_free - free a ticket and drop its references
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
	bpfseal_subject_put(t->ev.subj);
	if (t->task)
		put_task_struct(t->task);
	kvfree(t->insns);
	kfree(t);
}

/*
 * A ticket nobody took: the kernel refused the load before the gate (its
 * own signature check, say). Its record says so, with bpfseal's verdict.
 */
static void audit_refused_first(struct bpfseal_ticket *t, bool in_load)
{
	t->ev.verdict = t->verdict;
	t->ev.action = BPFSEAL_ACTION_NONE;
	t->ev.enforcing = bpfseal_mode() == BPFSEAL_MODE_ENFORCE;
	bpfseal_audit_load(&t->ev, NULL, 0, in_load);
}

/* Whether the reaper may take @t as a load that ended (see the top). */
static bool ticket_ended(const struct bpfseal_ticket *t)
{
	return t->task->flags & PF_EXITING;
}

/* Record and free the tickets on @list (process context). */
static void tickets_end(struct list_head *list)
{
	struct bpfseal_ticket *t, *tmp;

	list_for_each_entry_safe(t, tmp, list, node) {
		audit_refused_first(t, false);
		bpfseal_ticket_free(t);
	}
}

static void reaper_fn(struct work_struct *work)
{
	struct llist_node *ended = llist_del_all(&tickets_ended);
	struct bpfseal_ticket *t, *tmp;
	LIST_HEAD(stale);
	bool more;

	llist_for_each_entry_safe(t, tmp, ended, ended)
		bpfseal_ticket_free(t);
	spin_lock(&tickets_lock);
	list_for_each_entry_safe(t, tmp, &tickets, node) {
		if (ticket_ended(t))
			list_move(&t->node, &stale);
	}
	more = !list_empty(&tickets);
	spin_unlock(&tickets_lock);
	tickets_end(&stale);
	if (more)
		schedule_delayed_work(&reaper, HZ);
}

/**
 * bpfseal_ticket_add - publish a ticket for the current task
 * @t: the ticket; t->attr must be set
 *
 * A ticket the task left behind (its load ended before the gate and the
 * load-end shim was skipped) is recorded and dropped here: at most one
 * ticket per live task.
 */
void bpfseal_ticket_add(struct bpfseal_ticket *t)
{
	struct bpfseal_ticket *old, *tmp;
	LIST_HEAD(stale);

	t->task = get_task_struct(current);
	spin_lock(&tickets_lock);
	list_for_each_entry_safe(old, tmp, &tickets, node) {
		if (old->task == current)
			list_move(&old->node, &stale);
	}
	list_add(&t->node, &tickets);
	spin_unlock(&tickets_lock);
	tickets_end(&stale);
	schedule_delayed_work(&reaper, HZ);	/* no-op when pending */
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
 * bpfseal_load_end - the load-end shim: a BPF_PROG_LOAD returns
 * @attr: the attr pointer of the load
 *
 * Runs in the loading thread, in its syscall, where nothing may sleep. A
 * ticket still there is a load the kernel refused before the gate: it is
 * recorded now, in the syscall's audit context, and freed by the reaper.
 */
void bpfseal_load_end(const union bpf_attr *attr)
{
	struct bpfseal_ticket *t = bpfseal_ticket_take(attr);

	if (!t)
		return;
	audit_refused_first(t, true);
	llist_add(&t->ended, &tickets_ended);
	mod_delayed_work(system_wq, &reaper, 0);
}

/**
 * bpfseal_tickets_flush - drop every ticket (module exit), recording each
 *
 * Called once no shim runs any more (the shims are gone).
 */
void bpfseal_tickets_flush(void)
{
	LIST_HEAD(all);

	cancel_delayed_work_sync(&reaper);
	spin_lock(&tickets_lock);
	list_splice_init(&tickets, &all);
	spin_unlock(&tickets_lock);
	tickets_end(&all);
	reaper_fn(NULL);	/* the ended ones; the list is empty now */
}

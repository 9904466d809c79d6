// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - tickets: what G0 verified for one BPF_PROG_LOAD, found again by
 * G1 through the (task, attr) pair of the same syscall.
 */

#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

#include "bpfseal.h"

static LIST_HEAD(tickets);
static DEFINE_SPINLOCK(tickets_lock);

void bpfseal_ticket_free(struct bpfseal_ticket *t)
{
	if (!t)
		return;
	kvfree(t->insns);
	kfree(t);
}

/**
 * bpfseal_ticket_add - publish a ticket for the current task
 * @t: the ticket; t->attr must be set
 *
 * A task is in at most one BPF_PROG_LOAD at a time, so a ticket the task
 * left behind (its load failed before reaching the gate) is dropped here.
 */
void bpfseal_ticket_add(struct bpfseal_ticket *t)
{
	struct bpfseal_ticket *old, *stale = NULL;

	t->task = current;
	spin_lock(&tickets_lock);
	list_for_each_entry(old, &tickets, node) {
		if (old->task == current) {
			list_del(&old->node);
			stale = old;
			break;
		}
	}
	list_add(&t->node, &tickets);
	spin_unlock(&tickets_lock);
	bpfseal_ticket_free(stale);
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

/* Drop every ticket (module exit: no load can be in flight any more). */
void bpfseal_tickets_flush(void)
{
	struct bpfseal_ticket *t, *tmp;
	LIST_HEAD(all);

	spin_lock(&tickets_lock);
	list_splice_init(&tickets, &all);
	spin_unlock(&tickets_lock);
	list_for_each_entry_safe(t, tmp, &all, node)
		bpfseal_ticket_free(t);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - the verdict table: one record per program that passed the
 * gate, keyed by the program, removed when the program is freed (from the
 * bpf_prog_free hook, which runs in an RCU callback).
 *
 * A record is only looked at while its program is alive (the hooks and
 * kfuncs that look get the program from the kernel), so lookups need no
 * reference: the record cannot go before its program.
 */

#include <linux/hashtable.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include <bpfseal/rules.h>
#include <bpfseal/verdict.h>

#include "bpfseal.h"
#include "subject.h"

static DEFINE_HASHTABLE(records, 10);
static DEFINE_SPINLOCK(records_lock);
static LLIST_HEAD(records_freed);

/**
 * bpfseal_record_free - free a record and drop its map references
 * @rec: the record, or NULL
 *
 * Process context only; see bpfseal_record_release().
 */
void bpfseal_record_free(struct bpfseal_record *rec)
{
	unsigned int i;

	if (!rec)
		return;
	for (i = 0; i < rec->nr_sealed; i++)
		bpf_map_put(rec->sealed[i].map);
	bpfseal_subject_put(rec->ev.subj);
	kfree(rec);
}

static void records_work_fn(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&records_freed);
	struct bpfseal_record *rec, *tmp;

	synchronize_rcu();	/* no lookup still sees them */
	llist_for_each_entry_safe(rec, tmp, list, freed)
		bpfseal_record_free(rec);
}

static DECLARE_WORK(records_work, records_work_fn);

/**
 * bpfseal_record_insert - publish the record of a program the gate passed
 * @rec: the record; rec->prog must be set
 *
 * Any context.
 */
void bpfseal_record_insert(struct bpfseal_record *rec)
{
	unsigned long flags;

	spin_lock_irqsave(&records_lock, flags);
	hash_add_rcu(records, &rec->node, (unsigned long)rec->prog);
	atomic_inc(&bpfseal_nr_records);
	spin_unlock_irqrestore(&records_lock, flags);
}

/**
 * bpfseal_record_find - the record of a live program
 * @prog: the program
 *
 * Return: the record or NULL. Valid as long as @prog is alive.
 */
struct bpfseal_record *bpfseal_record_find(const struct bpf_prog *prog)
{
	struct bpfseal_record *rec, *found = NULL;

	rcu_read_lock();
	hash_for_each_possible_rcu(records, rec, node, (unsigned long)prog) {
		if (rec->prog == prog) {
			found = rec;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

/**
 * bpfseal_record_remove - the program is being freed: drop its record
 * @prog: the program
 *
 * Safe from the RCU callback that frees programs; the record is freed
 * later, from a work item.
 */
void bpfseal_record_remove(const struct bpf_prog *prog)
{
	struct bpfseal_record *rec, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&records_lock, flags);
	hash_for_each_possible(records, rec, node, (unsigned long)prog) {
		if (rec->prog == prog) {
			hash_del_rcu(&rec->node);
			atomic_dec(&bpfseal_nr_records);
			found = rec;
			break;
		}
	}
	spin_unlock_irqrestore(&records_lock, flags);
	if (!found)
		return;
	/* let through by the gate, refused later on: never got an fd */
	if (xchg(&found->audit_pending, false))
		bpfseal_audit_load(&found->ev, prog, 0, false);
	if (llist_add(&found->freed, &records_freed))
		schedule_work(&records_work);
}

/**
 * bpfseal_records_show - list the programs in the verdict table
 * @m: the seq_file of securityfs bpfseal/programs
 *
 * Only what the record holds is printed (the program itself may be going
 * away while its record is still visible to RCU readers).
 */
void bpfseal_records_show(struct seq_file *m)
{
	struct bpfseal_record *rec;
	int bkt;

	rcu_read_lock();
	hash_for_each_rcu(records, bkt, rec, node) {
		if (!rec->id)
			continue;	/* not loaded (yet) */
		seq_printf(m, "%u %s %s %s %s %s %u %s %s ", rec->id,
			   rec->ev.name[0] ? rec->ev.name : "-",
			   bpfseal_rule_name_of(bpfseal_rule_prog_types,
						rec->ev.prog_type) ?: "?",
			   bpfseal_verdict_name(rec->ev.verdict),
			   bpfseal_scheme_name(rec->ev.scheme),
			   bpfseal_keyring_name(rec->ev.keyring),
			   rec->ev.loader_id,
			   bpfseal_action_name(READ_ONCE(rec->ev.action)),
			   rec->ev.policy[0] ? rec->ev.policy : "?");
		if (rec->ev.rule == BPFSEAL_RULE_DEFAULT)
			seq_puts(m, "default\n");
		else
			seq_printf(m, "%d\n", rec->ev.rule);
	}
	rcu_read_unlock();
}

/**
 * bpfseal_records_flush - drop every record (disarm: no shim can free them)
 */
void bpfseal_records_flush(void)
{
	struct bpfseal_record *rec;
	struct hlist_node *tmp;
	unsigned long flags;
	int bkt;

	spin_lock_irqsave(&records_lock, flags);
	hash_for_each_safe(records, bkt, tmp, rec, node) {
		hash_del_rcu(&rec->node);
		atomic_dec(&bpfseal_nr_records);
		llist_add(&rec->freed, &records_freed);
	}
	spin_unlock_irqrestore(&records_lock, flags);
	schedule_work(&records_work);
	flush_work(&records_work);
}

atomic_t bpfseal_nr_records = ATOMIC_INIT(0);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - G0 prepare: runs from the sleepable lsm.s/bpf shim on every
 * BPF_PROG_LOAD, before the kernel copies anything. Copies the instructions
 * once into kernel memory, classifies the signature (verify.c), attributes
 * a kernel-origin load to the verified loader that makes it, and leaves a
 * ticket for the gate.
 */

#include <linux/bpf.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include <bpfseal/policy.h>
#include <bpfseal/verdict.h>

#include "bpfseal.h"
#include "mark.h"

static int copy_insns(struct bpfseal_ticket *t, const union bpf_attr *attr,
		      bool kernel)
{
	bpfptr_t src = make_bpfptr(attr->insns, kernel);
	size_t len;

	if (!attr->insn_cnt || attr->insn_cnt > BPF_COMPLEXITY_LIMIT_INSNS)
		return -E2BIG;
	len = (size_t)attr->insn_cnt * sizeof(struct bpf_insn);
	t->insns = kvmalloc(len, GFP_KERNEL_ACCOUNT);
	if (!t->insns)
		return -ENOMEM;
	if (copy_from_bpfptr(t->insns, src, len))
		return -EFAULT;
	t->insn_cnt = attr->insn_cnt;
	return 0;
}

/* The record the gate will publish if it lets the program pass. */
static struct bpfseal_record *make_record(struct bpfseal_ticket *t)
{
	struct bpfseal_record *rec;
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(t->sealed); i++)
		n += !!t->sealed[i].map;
	rec = kzalloc(struct_size(rec, sealed, n), GFP_KERNEL_ACCOUNT);
	if (!rec)
		return NULL;
	rec->nr_sealed = n;
	for (n = 0, i = 0; i < ARRAY_SIZE(t->sealed); i++) {
		if (!t->sealed[i].map)
			continue;
		bpf_map_inc(t->sealed[i].map);
		rec->sealed[n++] = t->sealed[i];
	}
	return rec;
}

static bool record_has_map(const struct bpfseal_record *rec,
			   const struct bpf_map *map)
{
	unsigned int i;

	for (i = 0; i < rec->nr_sealed; i++)
		if (rec->sealed[i].map == map)
			return true;
	return false;
}

/*
 * Whether [insns, insns + len) lies inside a map the loader bound that is
 * sealed for it (frozen, exclusive to the loader). For an OK loader the
 * map must also be one whose hash bpfseal checked (and the run check
 * checked again); a PARTIALSIG loader's maps are checked by the loader's
 * own signed bytecode before it loads anything.
 */
static bool insns_in_loader_maps(const struct bpf_prog *loader,
				 const struct bpfseal_record *rec,
				 u64 insns, u64 len)
{
	bool inside = false;
	u32 i;

	mutex_lock(&loader->aux->used_maps_mutex);
	for (i = 0; i < loader->aux->used_map_cnt && !inside; i++) {
		struct bpf_map *map = loader->aux->used_maps[i];

		if (bpfseal_map_check_sealed(map) ||
		    !bpfseal_map_is_exclusive_to(map, loader))
			continue;
		if (rec->ev.verdict == BPFSEAL_VERDICT_OK &&
		    !record_has_map(rec, map))
			continue;
		inside = bpfseal_map_holds(map, insns, len);
	}
	mutex_unlock(&loader->aux->used_maps_mutex);
	return inside;
}

/*
 * A kernel-origin load is part of a verified loader only if the task runs
 * that loader now (its run mark) and the instructions come from inside the
 * loader's sealed maps: the bytes the signature vouched for.
 */
static void attribute(struct bpfseal_ticket *t, const union bpf_attr *attr)
{
	struct bpf_prog *loader = bpfseal_mark_running();
	struct bpfseal_record *rec;
	u64 len = (u64)attr->insn_cnt * sizeof(struct bpf_insn);

	if (!loader)
		return;
	rec = bpfseal_record_find(loader);
	if (!bpfseal_record_is_verified_loader(rec) ||
	    !insns_in_loader_maps(loader, rec, attr->insns, len))
		return;
	t->loader_id = loader->aux->id;
	t->loader_verdict = rec->ev.verdict;
}

/**
 * bpfseal_prepare_load - G0 for one BPF_PROG_LOAD
 * @attr: the kernel's copy of the syscall attributes
 * @kernel: whether the load comes from the kernel (a light-skeleton loader)
 *
 * Never refuses by itself: whatever it finds is recorded in the ticket and
 * the gate decides, so every load gets exactly one decision.
 *
 * Return: 0.
 */
int bpfseal_prepare_load(const union bpf_attr *attr, bool kernel)
{
	struct bpfseal_ticket *t;

	if (bpfseal_mode() == BPFSEAL_MODE_OFF)
		return 0;
	t = kzalloc_obj(*t, GFP_KERNEL_ACCOUNT);
	if (!t)
		return 0;	/* no ticket: the gate fails closed */
	t->attr = attr;
	t->ev.keyring = -1;
	t->ev.kernel = kernel;
	t->ev.prog_type = attr->prog_type;
	t->ev.insn_cnt = attr->insn_cnt;
	strscpy(t->ev.name, attr->prog_name, sizeof(t->ev.name));
	bpfseal_subject_capture(&t->ev.subj);
	t->kernel = kernel;
	if (copy_insns(t, attr, kernel)) {
		t->verdict = BPFSEAL_VERDICT_FAULT;
	} else {
		t->verdict = bpfseal_verify(t, attr, kernel);
		if (kernel)
			attribute(t, attr);
	}
	t->rec = make_record(t);	/* NULL: the gate fails closed */
	bpfseal_ticket_add(t);
	return 0;
}

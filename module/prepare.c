// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - G0 prepare: runs from the sleepable lsm.s/bpf shim on every
 * BPF_PROG_LOAD, before the kernel copies anything. Copies the instructions
 * once into kernel memory, classifies the signature (verify.c), attributes
 * a kernel-origin load to the verified loader that makes it, and leaves a
 * ticket for the gate.
 *
 * security_bpf() runs before bpf_prog_load() checks the caller's
 * privileges, so G0 first asks whether the kernel can let the caller load
 * at all (privileged()); for a caller it will refuse, G0 does nothing:
 * no copy, no hash, no PKCS#7, no record, no memory held. A load G0 left
 * no ticket for that the kernel lets through all the same (its privilege
 * came from a BPF token, or an unprivileged socket filter) is prepared by
 * the gate, from the kernel's own copy (bpfseal_prepare_at_gate()).
 */

#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include <bpfseal/policy.h>
#include <bpfseal/rules.h>
#include <bpfseal/verdict.h>

#include "bpfseal.h"
#include "mark.h"
#include "subject.h"

/* The kernel's bpf_token_capable(NULL, cap), without an audit record. */
static bool capable_for_bpf(int cap)
{
	return ns_capable_noaudit(&init_user_ns, cap) ||
	       (cap != CAP_SYS_ADMIN &&
		ns_capable_noaudit(&init_user_ns, CAP_SYS_ADMIN));
}

/* The program types bpf_prog_load() asks CAP_NET_ADMIN for. */
static bool is_net_admin_type(u32 type)
{
	switch (type) {
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SK_MSG:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_SOCK_OPS:
	case BPF_PROG_TYPE_EXT:
	case BPF_PROG_TYPE_NETFILTER:
		return true;
	default:
		return false;
	}
}

/* The program types bpf_prog_load() asks CAP_PERFMON for. */
static bool is_perfmon_type(u32 type)
{
	switch (type) {
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_STRUCT_OPS:
	case BPF_PROG_TYPE_EXT:
		return true;
	default:
		return false;
	}
}

/*
 * Whether bpf_prog_load() can let this caller load this program, judged by
 * the checks it makes with the capabilities of the initial user namespace
 * (CAP_BPF, or CAP_SYS_ADMIN; CAP_NET_ADMIN or CAP_PERFMON for the types
 * that need them; BPF_COMPLEXITY_LIMIT_INSNS). A caller without CAP_BPF is
 * treated as one the kernel refuses: the kernel lets it load only socket
 * filters and cgroup skb programs, and only when unprivileged BPF is
 * enabled, or through a BPF token; those loads are prepared by the gate.
 */
static bool privileged(const union bpf_attr *attr)
{
	if (!attr->insn_cnt || attr->insn_cnt > BPF_COMPLEXITY_LIMIT_INSNS)
		return false;
	if (!capable_for_bpf(CAP_BPF))
		return false;
	if (is_net_admin_type(attr->prog_type) && !capable_for_bpf(CAP_NET_ADMIN))
		return false;
	if (is_perfmon_type(attr->prog_type) && !capable_for_bpf(CAP_PERFMON))
		return false;
	return true;
}

/* G0: the instructions from the caller's memory (insn_cnt is bounded). */
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

/* The gate: the instructions the kernel copied (it bounded their number). */
static int copy_prog_insns(struct bpfseal_ticket *t,
			   const struct bpf_prog *prog)
{
	t->insns = kvmemdup(prog->insnsi, bpf_prog_insn_size(prog),
			    GFP_KERNEL_ACCOUNT);
	if (!t->insns)
		return -ENOMEM;
	t->insn_cnt = prog->len;
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
	t->loader = rec->ev;
	t->loader.subj = NULL;	/* no reference taken: not the loader's to use */
}

/* A ticket for the current task's load, with its subject captured. */
static struct bpfseal_ticket *ticket_new(const union bpf_attr *attr,
					 bool kernel)
{
	struct bpfseal_ticket *t = kzalloc_obj(*t, GFP_KERNEL_ACCOUNT);

	if (!t)
		return NULL;
	t->ev.subj = bpfseal_subject_capture();
	if (!t->ev.subj) {
		kfree(t);
		return NULL;
	}
	t->attr = attr;
	t->ev.keyring = -1;
	t->ev.kernel = kernel;
	t->ev.origin = kernel ? BPFSEAL_ORIGIN_KERNEL : BPFSEAL_ORIGIN_USER;
	t->ev.prog_type = attr->prog_type;
	t->ev.attach_type = attr->expected_attach_type;
	t->ev.insn_cnt = attr->insn_cnt;
	strscpy(t->ev.name, attr->prog_name, sizeof(t->ev.name));
	t->kernel = kernel;
	t->hash_left = BPFSEAL_MAX_HASHED;
	return t;
}

/* Verify, attribute and make the record, once the instructions are in. */
static void examine(struct bpfseal_ticket *t, const union bpf_attr *attr,
		    bool kernel, int copied)
{
	if (copied) {
		t->verdict = BPFSEAL_VERDICT_FAULT;
	} else {
		t->verdict = bpfseal_verify(t, attr, kernel);
		if (kernel)
			attribute(t, attr);
	}
	t->rec = make_record(t);	/* NULL: the gate fails closed */
}

/**
 * bpfseal_prepare_load - G0 for one BPF_PROG_LOAD
 * @attr: the kernel's copy of the syscall attributes
 * @kernel: whether the load comes from the kernel (a light-skeleton loader)
 *
 * Never refuses by itself: whatever it finds is recorded in the ticket and
 * the gate decides, so every load gets exactly one decision. Does nothing
 * for a caller the kernel will refuse for lack of privilege.
 *
 * Return: 0.
 */
int bpfseal_prepare_load(const union bpf_attr *attr, bool kernel)
{
	struct bpfseal_ticket *t;

	if (bpfseal_mode() == BPFSEAL_MODE_OFF || !privileged(attr))
		return 0;
	t = ticket_new(attr, kernel);
	if (!t)
		return 0;	/* the gate prepares it again, or fails closed */
	examine(t, attr, kernel, copy_insns(t, attr, kernel));
	bpfseal_ticket_add(t);
	return 0;
}

/**
 * bpfseal_prepare_at_gate - prepare a load G0 left no ticket for
 * @prog: the program, with the instructions the kernel copied
 * @attr: the kernel's copy of the syscall attributes
 * @kernel: whether the load comes from the kernel
 *
 * The kernel has let the caller this far, so it has the privilege to load
 * (G0 skips callers it could not prove have it, and may fail to allocate).
 * Works from the kernel's own copy of the instructions.
 *
 * Return: a ticket the caller owns, or NULL without memory.
 */
struct bpfseal_ticket *bpfseal_prepare_at_gate(const struct bpf_prog *prog,
					       const union bpf_attr *attr,
					       bool kernel)
{
	struct bpfseal_ticket *t = ticket_new(attr, kernel);

	if (t)
		examine(t, attr, kernel, copy_prog_insns(t, prog));
	return t;
}

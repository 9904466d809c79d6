/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bpfseal - internal declarations shared by the module's files.
 */
#ifndef _BPFSEAL_H
#define _BPFSEAL_H

#include <linux/bpf.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/sched.h>
#include <linux/types.h>

#include <bpfseal/limits.h>

struct bpfseal_subject;

/* What a decision did (audited as decision=). */
enum bpfseal_action {
	BPFSEAL_ACTION_NONE = 0,	/* no decision: the kernel refused first */
	BPFSEAL_ACTION_ALLOW,
	BPFSEAL_ACTION_DENY,
	/* let through, flagged: an AUDIT rule, or a DENY in permissive mode */
	BPFSEAL_ACTION_AUDIT,
	BPFSEAL_ACTION_COUNT
};

/* Longest signer subject key identifier kept for the audit record. */
#define BPFSEAL_MAX_SKID BPFSEAL_RULE_MAX_HEX

/* bpfseal_event.rule: no rule decided; the DEFAULT decided. */
#define BPFSEAL_RULE_NONE 0
#define BPFSEAL_RULE_DEFAULT (-1)

/**
 * struct bpfseal_event - what the audit record of a load says
 * @verdict: enum bpfseal_verdict
 * @action: enum bpfseal_action
 * @enforcing: whether the mode was enforce
 * @scheme: enum bpfseal_scheme
 * @keyring: enum bpfseal_keyring that verified the signature, or -1
 * @kernel: whether the load came from the kernel
 * @origin: enum bpfseal_origin, once decided
 * @rule: line of the policy rule that decided, BPFSEAL_RULE_DEFAULT or
 *	BPFSEAL_RULE_NONE
 * @loader_id: id of the verified loader that created the program, or 0
 * @prog_type: the program type asked for
 * @attach_type: the expected attach type asked for
 * @insn_cnt: number of instructions
 * @nr_maps: number of maps whose contents were checked (in the signed
 *	payload, or against a signed hash), whether they matched or not
 * @skid_len: length of @skid, 0 if the signer is named otherwise
 * @skid: the signer's subject key identifier
 * @name: the program name asked for
 * @has_digest: whether @digest was computed (at the gate)
 * @digest: SHA-256 of the instructions, map references masked (digest.h)
 * @policy: name of the policy that decided, empty when none did
 * @subj: who asked for the load (a reference, captured when it began)
 *
 * For a program a verified loader made (origin loader), @verdict,
 * @scheme, @keyring and the signer are the loader's: what the policy
 * evaluated.
 */
struct bpfseal_event {
	int verdict;
	int action;
	int enforcing;
	int scheme;
	int keyring;
	int kernel;
	int origin;
	int rule;
	u32 loader_id;
	u32 prog_type;
	u32 attach_type;
	u32 insn_cnt;
	u32 nr_maps;
	u32 skid_len;
	u8 skid[BPFSEAL_MAX_SKID];
	char name[BPF_OBJ_NAME_LEN];
	bool has_digest;
	u8 digest[BPFSEAL_SHA256_SIZE];
	char policy[BPFSEAL_POLICY_MAX_NAME + 1];
	struct bpfseal_subject *subj;
};

/**
 * struct bpfseal_sealed_map - a map a valid signature covers
 * @map: the map object (a reference is held by whoever holds this)
 * @hash: its SHA-256 when it was verified (bpfseal_map_hash())
 */
struct bpfseal_sealed_map {
	struct bpf_map *map;
	u8 hash[BPFSEAL_SHA256_SIZE];
};

/**
 * struct bpfseal_record - what bpfseal decided for a program it let pass
 * @node: entry in the verdict table, keyed by @prog
 * @freed: entry in the list of records waiting to be freed
 * @prog: the program
 * @id: its id, once it has one (G2)
 * @ev: its decision; ev.verdict is its verdict (a program created by a
 *	verified loader carries the verdict of that loader)
 * @audit_pending: the outcome is not audited yet (written at G2, or when
 *	the program is freed without having reached G2)
 * @maps_made_checked: for a program a verified loader created: G2 checked,
 *	in the loading thread, that it binds only maps that loader made
 * @nr_sealed: number of entries in @sealed
 * @sealed: the maps its signature covers, with a reference each
 */
struct bpfseal_record {
	struct hlist_node node;
	struct llist_node freed;
	const struct bpf_prog *prog;
	u32 id;
	struct bpfseal_event ev;
	bool audit_pending;
	bool maps_made_checked;
	unsigned int nr_sealed;
	struct bpfseal_sealed_map sealed[] __counted_by(nr_sealed);
};

/**
 * struct bpfseal_ticket - what G0 saw of one BPF_PROG_LOAD
 * @node: entry in the ticket list
 * @ended: entry in the list of tickets ended, waiting to be freed
 * @task: the task in the load syscall
 * @attr: the kernel's copy of the syscall's attr, as G0 and G1 see it
 * @insns: G0's copy of the instructions
 * @insn_cnt: number of instructions in @insns
 * @verdict: verdict of G0's checks (enum bpfseal_verdict)
 * @ev: what the audit record will say (keyring, scheme, maps, signer, ...)
 * @maps: references on the maps G0 resolved, by fd_array slot
 * @sealed: the maps the signature covers, by fd_array slot (no reference
 *	of their own: @maps holds it)
 * @loader_id: id of the verified loader this kernel-origin load is part of
 *	(prepare.c), or 0
 * @loader: that loader's verdict, scheme, keyring and signer (its
 *	record's event; no subject)
 * @kernel: whether the load comes from the kernel
 * @hash_left: how many more map bytes bpfseal may hash for this load
 *	(BPFSEAL_MAX_HASHED in all)
 * @rec: the program's record, made ready by G0, published by the gate
 */
struct bpfseal_ticket {
	struct list_head node;
	struct llist_node ended;
	struct task_struct *task;
	const union bpf_attr *attr;
	struct bpf_insn *insns;
	u32 insn_cnt;
	int verdict;
	struct bpfseal_event ev;
	struct bpf_map *maps[BPFSEAL_MAX_MAP_INDEX + 1];
	struct bpfseal_sealed_map sealed[BPFSEAL_MAX_MAP_INDEX + 1];
	u32 loader_id;
	struct bpfseal_event loader;
	bool kernel;
	u64 hash_left;
	struct bpfseal_record *rec;
};

extern atomic_t bpfseal_nr_records;

/**
 * struct bpfseal_policy - the administrator's policy (module parameters)
 * @mode: enum bpfseal_mode
 * @allow: bit (1 << verdict) for each verdict that may load
 * @keyrings: bit (1 << enum bpfseal_keyring) for each trusted keyring
 * @kernel_loads: enum bpfseal_kernel_loads
 */
struct bpfseal_policy {
	unsigned int mode;
	unsigned int allow;
	unsigned int keyrings;
	unsigned int kernel_loads;
};

struct seq_file;

unsigned int bpfseal_mode(void);
int bpfseal_policy_set_mode(const char *val);
u32 bpfseal_allowed_set(void);
u32 bpfseal_trusted_keyrings(void);
bool bpfseal_kernel_loads_allowed(void);

int bpfseal_kfuncs_register(void);

int bpfseal_shims_attach(void);
void bpfseal_shims_detach(void);
bool bpfseal_prog_is_own(const struct bpf_prog *prog);
bool bpfseal_link_id_is_own(u32 id);
extern bool bpfseal_lock_param;

void bpfseal_ticket_add(struct bpfseal_ticket *t);
struct bpfseal_ticket *bpfseal_ticket_take(const union bpf_attr *attr);
void bpfseal_ticket_free(struct bpfseal_ticket *t);
void bpfseal_load_end(const union bpf_attr *attr);
void bpfseal_tickets_flush(void);
u64 bpfseal_shims_end_misses(void);
void bpfseal_shims_show(struct seq_file *m);

int bpfseal_keyring_init(void);
void bpfseal_keyring_exit(void);
int bpfseal_keyring_lock(void);
struct key *bpfseal_keyring_key(unsigned int ring);

struct bpf_map *bpfseal_map_get(const union bpf_attr *attr, bool kernel,
				u32 index);
int bpfseal_map_check_sealed(const struct bpf_map *map);
bool bpfseal_map_is_exclusive_to(const struct bpf_map *map,
				 const struct bpf_prog *prog);
bool bpfseal_map_holds(const struct bpf_map *map, u64 addr, u64 len);
const void *bpfseal_map_value(const struct bpf_map *map);
int bpfseal_map_hash(const struct bpf_map *map, u8 out[BPFSEAL_SHA256_SIZE]);

int bpfseal_verify(struct bpfseal_ticket *t, const union bpf_attr *attr,
		   bool kernel);

void bpfseal_build_checks(void);
void bpfseal_audit_key(const char *type, const u8 *skid, size_t len,
		       bool added);
void bpfseal_audit_config(const char *op, const char *key, const char *val,
			  const char *key2, const char *val2);
struct bpfseal_rules;
void bpfseal_audit_policy(const struct bpfseal_rules *old, const u8 *old_sha,
			  const struct bpfseal_rules *new, const u8 *new_sha,
			  int err);
unsigned long bpfseal_verdict_count(int verdict);
unsigned long bpfseal_action_count(int action);
unsigned long bpfseal_invalid_count(void);
const char *bpfseal_action_name(int action);
const char *bpfseal_scheme_name(int scheme);
const char *bpfseal_keyring_name(int ring);
void bpfseal_audit_load(const struct bpfseal_event *e,
			const struct bpf_prog *prog, int res, bool in_load);

int bpfseal_control_init(void);
void bpfseal_control_exit(void);

void bpfseal_record_free(struct bpfseal_record *rec);
void bpfseal_record_insert(struct bpfseal_record *rec);
struct bpfseal_record *bpfseal_record_find(const struct bpf_prog *prog);
void bpfseal_record_remove(const struct bpf_prog *prog);
void bpfseal_records_flush(void);
void bpfseal_records_show(struct seq_file *m);
bool bpfseal_record_is_verified_loader(const struct bpfseal_record *rec);

int bpfseal_prepare_load(const union bpf_attr *attr, bool kernel);
struct bpfseal_ticket *bpfseal_prepare_at_gate(const struct bpf_prog *prog,
					       const union bpf_attr *attr,
					       bool kernel);
int bpfseal_run_check(const union bpf_attr *attr);
void bpfseal_decide(struct bpfseal_ticket *t, const struct bpf_prog *prog,
		    bool same, unsigned int mode);
void bpfseal_publish(struct bpfseal_ticket *t, struct bpf_prog *prog);
int bpfseal_gate_load(struct bpf_prog *prog, const union bpf_attr *attr,
		      bool kernel);
int bpfseal_bind_prog(struct bpf_prog *prog);

#endif /* _BPFSEAL_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bpfseal - the active rule policy: parsed by the shared parser
 * (include/bpfseal/rules.h), replaced whole, evaluated by the shared
 * evaluator for every decision.
 */
#ifndef _BPFSEAL_RULESET_H
#define _BPFSEAL_RULESET_H

#include <linux/types.h>

#include <bpfseal/rules.h>

struct bpfseal_event;
struct bpfseal_ruleset;
struct seq_file;

void bpfseal_build_check_rules(void);
int bpfseal_ruleset_init(void);
void bpfseal_ruleset_exit(void);
struct bpfseal_ruleset *bpfseal_ruleset_parse(const char *text, size_t len);
void bpfseal_ruleset_free(struct bpfseal_ruleset *rs);
int bpfseal_ruleset_replace(struct bpfseal_ruleset *rs);
void bpfseal_ruleset_refuse(struct bpfseal_ruleset *rs, int err);
int bpfseal_ruleset_eval(const struct bpfseal_rule_ctx *c,
			 struct bpfseal_event *ev);
void bpfseal_ruleset_note_refused(const struct bpfseal_event *ev);
void bpfseal_ruleset_show(struct seq_file *m);
void bpfseal_ruleset_show_status(struct seq_file *m);

#endif /* _BPFSEAL_RULESET_H */

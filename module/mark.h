/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bpfseal - run marks: which verified loader a task is running.
 */
#ifndef _BPFSEAL_MARK_H
#define _BPFSEAL_MARK_H

#include <linux/bpf.h>

int bpfseal_mark_expect(struct bpf_prog *loader);
void bpfseal_mark_enter(const struct bpf_prog *prog);
void bpfseal_mark_exit(const struct bpf_prog *prog);
struct bpf_prog *bpfseal_mark_running(void);
void bpfseal_mark_map_made(const struct bpf_map *map, bool kernel);
void bpfseal_mark_map_gone(const struct bpf_map *map);
bool bpfseal_mark_made_by_loader(const struct bpf_map *map);
void bpfseal_marks_flush(void);

#endif /* _BPFSEAL_MARK_H */

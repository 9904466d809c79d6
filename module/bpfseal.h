/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bpfseal - internal declarations shared by the module's files.
 */
#ifndef _BPFSEAL_H
#define _BPFSEAL_H

#include <linux/init.h>

int bpfseal_kfuncs_register(void);

#endif /* _BPFSEAL_H */

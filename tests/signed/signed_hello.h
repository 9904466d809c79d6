/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The constants signed_hello.bpf.c starts with, shared with loader.c, which
 * checks that the maps a signed loader made hold exactly these.
 */
#ifndef SIGNED_HELLO_H
#define SIGNED_HELLO_H

#define HELLO_MAGIC	0x5ea1	/* .rodata */
#define HELLO_STEP	1	/* .data: what each getpid() adds */
#define HELLO_SIZED_ENTRIES 4	/* max_entries of the map "sized" */

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal_fixture: the bench's proof that the debug kernel's checkers fail a
 * test (tests/vm/selftest --debug). Loaded with fault=kasan, fault=lockdep
 * or fault=leak, it makes the one mistake named, in module code, at load
 * time, and loads; with fault=none it does nothing. Never built for, or
 * loaded on, anything but a bench guest of the debug kernel.
 */
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

static char *fault = "none";
module_param(fault, charp, 0444);
MODULE_PARM_DESC(fault, "none, kasan, lockdep or leak");

/* One byte past the end of a 16-byte allocation: KASAN slab-out-of-bounds. */
static noinline void fixture_kasan(void)
{
	char *p = kmalloc(16, GFP_KERNEL);

	if (!p)
		return;
	/* Keep the compiler from seeing, and dropping, the bad write. */
	OPTIMIZER_HIDE_VAR(p);
	p[16] = 1;
	kfree(p);
}

static DEFINE_MUTEX(fixture_a);
static DEFINE_MUTEX(fixture_b);

/* A then B, later B then A: lockdep reports the possible deadlock. */
static noinline void fixture_lockdep(void)
{
	mutex_lock(&fixture_a);
	mutex_lock(&fixture_b);
	mutex_unlock(&fixture_b);
	mutex_unlock(&fixture_a);

	mutex_lock(&fixture_b);
	mutex_lock(&fixture_a);
	mutex_unlock(&fixture_a);
	mutex_unlock(&fixture_b);
}

/*
 * Allocations whose addresses are dropped: kmemleak reports them. Many slab
 * objects (a recently allocated one can stay referenced for a while by a
 * stale slot of the allocator's own per-CPU caches) and one vmalloc area
 * (kmemleak expects exactly one reference to it, from its vm_struct).
 */
static noinline void fixture_leak(void)
{
	void *v;
	int i;

	for (i = 0; i < 64; i++) {
		void *p = kmalloc(128, GFP_KERNEL);

		if (p)
			memset(p, 0x5a, 128);
	}
	v = vmalloc(8192);
	if (v)
		memset(v, 0x5a, 8192);
}

static int __init fixture_init(void)
{
	if (!strcmp(fault, "kasan"))
		fixture_kasan();
	else if (!strcmp(fault, "lockdep"))
		fixture_lockdep();
	else if (!strcmp(fault, "leak"))
		fixture_leak();
	else if (strcmp(fault, "none"))
		return -EINVAL;
	return 0;
}

static void __exit fixture_exit(void)
{
}

module_init(fixture_init);
module_exit(fixture_exit);
MODULE_DESCRIPTION("bpfseal bench: debug-kernel checker fixtures");
MODULE_LICENSE("GPL");

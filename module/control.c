// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfseal - the control interface, /sys/kernel/security/bpfseal/:
 *
 *   status    armed path, policy, lock, counters per verdict and action
 *   programs  one line per program bpfseal let through and still loaded
 *   mode      the mode; writable (enforce, permissive, off) unless locked
 *   policy    the rule policy, normalized; a write replaces it whole
 *             (ruleset.c) unless locked
 *   lock      write 1 to lock (see state.c); reads 0 or 1
 *
 * Writes need CAP_MAC_ADMIN, as IPE's and the other LSMs' policy files do.
 */

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <bpfseal/policy.h>
#include <bpfseal/verdict.h>

#include "bpfseal.h"
#include "ruleset.h"
#include "state.h"

static struct dentry *dir, *files[5];

static void show_names(struct seq_file *m, const char *key,
		       const struct bpfseal_name *names, u32 set)
{
	int i, n = 0;

	seq_printf(m, "%s:", key);
	for (i = 0; names[i].name; i++)
		if (set & BIT(names[i].value))
			seq_printf(m, "%s%s", n++ ? "," : " ", names[i].name);
	seq_putc(m, '\n');
}

static int status_show(struct seq_file *m, void *v)
{
	int i;

	seq_puts(m, "armed:");
	if (bpfseal_is_armed())
		bpfseal_shims_show(m);
	else
		seq_puts(m, " no");
	seq_putc(m, '\n');
	seq_printf(m, "mode: %s\n", bpfseal_mode_name(bpfseal_mode()));
	show_names(m, "allow", bpfseal_allow_names, bpfseal_allowed_set());
	show_names(m, "keyrings", bpfseal_keyring_names,
		   bpfseal_trusted_keyrings());
	seq_printf(m, "kernel_loads: %s\n",
		   bpfseal_kernel_loads_allowed() ? "allow" : "deny");
	seq_printf(m, "locked: %d\n", bpfseal_is_locked());
	seq_printf(m, "programs: %d\n", atomic_read(&bpfseal_nr_records));
	for (i = 0; i <= BPFSEAL_VERDICT_MAX; i++)
		seq_printf(m, "verdict %s: %lu\n", bpfseal_verdict_name(i),
			   bpfseal_verdict_count(i));
	for (i = 0; i < BPFSEAL_ACTION_COUNT; i++)
		seq_printf(m, "action %s: %lu\n", bpfseal_action_name(i),
			   bpfseal_action_count(i));
	seq_printf(m, "invalid: %lu\n", bpfseal_invalid_count());
	seq_printf(m, "end_missed: %llu\n", bpfseal_shims_end_misses());
	bpfseal_ruleset_show_status(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(status);

static int programs_show(struct seq_file *m, void *v)
{
	seq_puts(m, "id name type verdict scheme keyring loader decision policy rule\n");
	bpfseal_records_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(programs);

static ssize_t mode_read(struct file *f, char __user *buf, size_t len,
			 loff_t *pos)
{
	const char *name = bpfseal_mode_name(bpfseal_mode());
	char tmp[16];
	int n = scnprintf(tmp, sizeof(tmp), "%s\n", name);

	return simple_read_from_buffer(buf, len, pos, tmp, n);
}

static ssize_t mode_write(struct file *f, const char __user *buf, size_t len,
			  loff_t *pos)
{
	char tmp[BPFSEAL_PARAM_MAX_LEN + 2];
	int err;

	if (!capable(CAP_MAC_ADMIN))
		return -EPERM;
	if (len >= sizeof(tmp))
		return -EINVAL;
	if (copy_from_user(tmp, buf, len))
		return -EFAULT;
	tmp[len] = '\0';
	err = bpfseal_state_set_mode(tmp);
	return err ? err : len;
}

static const struct file_operations mode_fops = {
	.read = mode_read,
	.write = mode_write,
	.llseek = generic_file_llseek,
};

static int policy_show(struct seq_file *m, void *v)
{
	bpfseal_ruleset_show(m);
	return 0;
}

static int policy_open(struct inode *inode, struct file *f)
{
	return single_open(f, policy_show, NULL);
}

/*
 * The whole policy in one write from offset 0, as IPE takes its policies:
 * a policy is never assembled from pieces.
 */
static ssize_t policy_write(struct file *f, const char __user *buf,
			    size_t len, loff_t *pos)
{
	struct bpfseal_ruleset *rs;
	char *text;
	int err;

	if (!capable(CAP_MAC_ADMIN))
		return -EPERM;
	if (*pos)
		return -EINVAL;
	if (len > BPFSEAL_POLICY_MAX_SIZE)
		return -E2BIG;
	text = memdup_user(buf, len);
	if (IS_ERR(text))
		return PTR_ERR(text);
	rs = bpfseal_ruleset_parse(text, len);
	kfree(text);
	if (IS_ERR(rs))
		return PTR_ERR(rs);
	err = bpfseal_state_set_policy(rs);
	return err ? err : len;
}

static const struct file_operations policy_fops = {
	.open = policy_open,
	.read = seq_read,
	.write = policy_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static ssize_t lock_read(struct file *f, char __user *buf, size_t len,
			 loff_t *pos)
{
	char tmp[4];
	int n = scnprintf(tmp, sizeof(tmp), "%d\n", bpfseal_is_locked());

	return simple_read_from_buffer(buf, len, pos, tmp, n);
}

static ssize_t lock_write(struct file *f, const char __user *buf, size_t len,
			  loff_t *pos)
{
	char tmp[4];
	int err;

	if (!capable(CAP_MAC_ADMIN))
		return -EPERM;
	if (!len || len >= sizeof(tmp))
		return -EINVAL;
	if (copy_from_user(tmp, buf, len))
		return -EFAULT;
	tmp[len] = '\0';
	if (strcmp(tmp, "1") && strcmp(tmp, "1\n"))
		return -EINVAL;
	err = bpfseal_state_lock();
	return err ? err : len;
}

static const struct file_operations lock_fops = {
	.read = lock_read,
	.write = lock_write,
	.llseek = generic_file_llseek,
};

/**
 * bpfseal_control_init - create /sys/kernel/security/bpfseal/
 *
 * Return: 0, or the error of the first file that could not be created
 * (everything created before it is removed again).
 */
int bpfseal_control_init(void)
{
	static const struct {
		const char *name;
		umode_t mode;
		const struct file_operations *fops;
	} specs[ARRAY_SIZE(files)] = {
		{ "status", 0444, &status_fops },
		{ "programs", 0444, &programs_fops },
		{ "mode", 0644, &mode_fops },
		{ "policy", 0644, &policy_fops },
		{ "lock", 0644, &lock_fops },
	};
	int i, err;

	dir = securityfs_create_dir("bpfseal", NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	for (i = 0; i < ARRAY_SIZE(specs); i++) {
		files[i] = securityfs_create_file(specs[i].name, specs[i].mode,
						  dir, NULL, specs[i].fops);
		if (IS_ERR(files[i])) {
			err = PTR_ERR(files[i]);
			goto remove;
		}
	}
	return 0;
remove:
	bpfseal_control_exit();
	return err;
}

/**
 * bpfseal_control_exit - remove /sys/kernel/security/bpfseal/
 */
void bpfseal_control_exit(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(files); i++)
		if (!IS_ERR_OR_NULL(files[i]))
			securityfs_remove(files[i]);
	if (!IS_ERR_OR_NULL(dir))
		securityfs_remove(dir);
}

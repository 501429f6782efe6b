/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The debugfs face of the out-of-tree test and benchmark modules
 * (selftests/kmod/sspi_consumer.c, bench/kmod/sspi_bench.c): a directory
 * named after the module holding "run", whose write does one run and
 * returns when it is done, and "result", the text the last run left.
 *
 * The module defines run_write() and, holding run_lock, points run_result
 * and run_result_len at its text; result reads it under the same lock.
 */
#ifndef SSPI_DEBUGFS_RUN_H
#define SSPI_DEBUGFS_RUN_H

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mutex.h>

static DEFINE_MUTEX(run_lock);	/* one run at a time; the result */
static const char *run_result;
static size_t run_result_len;
static struct dentry *run_dir;

static ssize_t run_write(struct file *file, const char __user *buf, size_t count,
			 loff_t *ppos);

static ssize_t result_read(struct file *file, char __user *buf, size_t count,
			   loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&run_lock);
	ret = simple_read_from_buffer(buf, count, ppos, run_result, run_result_len);
	mutex_unlock(&run_lock);
	return ret;
}

static const struct file_operations run_fops = {
	.owner = THIS_MODULE,
	.write = run_write,
	.llseek = noop_llseek,
};

static const struct file_operations result_fops = {
	.owner = THIS_MODULE,
	.read = result_read,
	.llseek = default_llseek,
};

static int run_dir_create(void)
{
	run_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	if (IS_ERR(run_dir))
		return PTR_ERR(run_dir);
	debugfs_create_file("run", 0200, run_dir, NULL, &run_fops);
	debugfs_create_file("result", 0400, run_dir, NULL, &result_fops);
	return 0;
}

static void run_dir_remove(void)
{
	debugfs_remove(run_dir);
}

#endif

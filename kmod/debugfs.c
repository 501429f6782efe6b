// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/sspi: what tests and developers look at. "objects"
 * counts the live credentials and contexts (a closed socket or an unload
 * must bring them back to zero); "users" the bytes charged to each user
 * ("uid bytes sockets" after the limit); "vectors" shows the known answers.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "core.h"
#include "object.h"
#include "selftest.h"

static struct dentry *sspi_debugfs_dir;

static int objects_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "credentials %u\ncontexts %u\n",
		   sspi_objects_live(SSPI_OBJ_CRED), sspi_objects_live(SSPI_OBJ_CTX));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(objects);

static int users_show(struct seq_file *m, void *unused)
{
	sspi_users_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(users);

/**
 * sspi_debugfs_init() - create /sys/kernel/debug/sspi
 *
 * Description: Failures are not errors: debugfs is optional.
 */
void sspi_debugfs_init(void)
{
	sspi_debugfs_dir = debugfs_create_dir("sspi", NULL);
	debugfs_create_file("objects", 0400, sspi_debugfs_dir, NULL, &objects_fops);
	debugfs_create_file("users", 0400, sspi_debugfs_dir, NULL, &users_fops);
	sspi_selftest_debugfs_init(sspi_debugfs_dir);
}

/**
 * sspi_debugfs_exit() - remove what sspi_debugfs_init() made
 */
void sspi_debugfs_exit(void)
{
	debugfs_remove(sspi_debugfs_dir);
	sspi_debugfs_dir = NULL;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Known-answer self-tests of sspi.ko, run at module load, and their values
 * in debugfs for a check from userspace.
 */
#ifndef _SSPI_SELFTEST_H
#define _SSPI_SELFTEST_H

int sspi_selftest(void);
struct dentry;

void sspi_selftest_debugfs_init(struct dentry *dir);

#endif /* _SSPI_SELFTEST_H */

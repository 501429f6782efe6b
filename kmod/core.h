/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces between the parts of sspi.ko.
 */
#ifndef _SSPI_CORE_H
#define _SSPI_CORE_H

int sspi_genl_init(void);
void sspi_genl_exit(void);
void sspi_debugfs_init(void);
void sspi_debugfs_exit(void);

#endif /* _SSPI_CORE_H */

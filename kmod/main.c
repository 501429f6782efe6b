// SPDX-License-Identifier: GPL-2.0
/*
 * sspi.ko: NTLM authentication (MS-NLMP) as a security support provider,
 * reachable from userspace over generic netlink and from other modules
 * through include/linux/sspi.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/sspi.h>

#include "core.h"

static int __init sspi_init(void)
{
	int err;

	err = sspi_genl_init();
	if (err)
		return err;

	pr_debug("loaded\n");
	return 0;
}

static void __exit sspi_exit(void)
{
	sspi_genl_exit();
	pr_debug("unloaded\n");
}

module_init(sspi_init);
module_exit(sspi_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SSPI: NTLM authentication in the kernel");
MODULE_AUTHOR("The sspi developers");

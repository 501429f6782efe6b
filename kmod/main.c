// SPDX-License-Identifier: GPL-2.0
/*
 * sspi.ko: NTLM authentication (MS-NLMP) as a security support provider,
 * reachable from userspace over generic netlink and from other modules
 * through include/linux/sspi.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/sspi.h>

#include "account.h"
#include "authority.h"
#include "context.h"
#include "core.h"
#include "ntlm/crypto.h"
#include "object.h"
#include "selftest.h"

static int __init sspi_init(void)
{
	int err;

	err = ntlm_crypto_init();
	if (err)
		return err;
	/* Known answers first, as the crypto API tests its algorithms. */
	err = sspi_selftest();
	if (err)
		goto err_crypto;
	err = sspi_session_init();
	if (err)
		goto err_crypto;
	err = sspi_objects_init();
	if (err)
		goto err_session;
	err = sspi_accounts_init();
	if (err)
		goto err_objects;
	err = sspi_authority_init();
	if (err)
		goto err_accounts;
	sspi_ctx_reaper_start();
	err = sspi_genl_init();
	if (err)
		goto err_authority;
	sspi_debugfs_init();
	return 0;

err_authority:
	sspi_ctx_reaper_stop();
	sspi_authority_exit();
err_accounts:
	sspi_accounts_exit();
err_objects:
	sspi_objects_exit();
err_session:
	sspi_session_exit();
err_crypto:
	ntlm_crypto_exit();
	return err;
}

static void __exit sspi_exit(void)
{
	sspi_debugfs_exit();
	/* logons waiting for an authority end now, not at their timeout */
	sspi_authority_close();
	sspi_genl_exit();
	sspi_ctx_reaper_stop();
	/* every object freed, and its release run, before the code goes */
	sspi_objects_exit();
	sspi_authority_exit();
	sspi_accounts_exit();
	sspi_session_exit();
	ntlm_crypto_exit();
}

module_init(sspi_init);
module_exit(sspi_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SSPI: NTLM authentication in the kernel");
MODULE_AUTHOR("The sspi developers");
MODULE_VERSION(SSPI_VERSION);
MODULE_SOFTDEP("pre: md4 md5 des_generic libdes libarc4");

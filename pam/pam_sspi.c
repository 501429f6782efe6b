// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pam_sspi: the logged-on user's default credential for sspi (single
 * sign-on), as Windows' logon session keeps one.
 *
 *   auth     keeps the password PAM collected (pam_get_authtok) for the
 *            session; decides nothing (PAM_IGNORE): other modules check it
 *   session  open: has sspi.ko hash it and keep the names and the NT hash
 *            as a "logon" key in the session keyring, owned by the user;
 *            close: removes the key
 *
 * Options: domain=NAME (the user's domain, unless PAM_USER is DOMAIN\user).
 * Put pam_keyinit.so before it in the session stack: the key lives in the
 * session keyring the session's processes inherit. Every copy of the
 * password is wiped.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <sys/fsuid.h>

#define PAM_SM_AUTH
#define PAM_SM_SESSION
#include <security/pam_ext.h>
#include <security/pam_modules.h>

#include "logon.h"

#define PUBLIC __attribute__((visibility("default")))

/* pam_set_data() name of the password kept from auth to session */
static const char stash_name[] = "pam_sspi_authtok";

static void wipe_stash(pam_handle_t *pamh, void *data, int status)
{
	(void)pamh, (void)status;
	explicit_bzero(data, strlen(data));
	free(data);
}

PUBLIC int pam_sm_authenticate(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	const char *tok = NULL;
	char *copy;

	(void)flags, (void)argc, (void)argv;
	if (pam_get_authtok(pamh, PAM_AUTHTOK, &tok, NULL) != PAM_SUCCESS || !tok || !*tok)
		return PAM_IGNORE;
	copy = strdup(tok);
	if (!copy || pam_set_data(pamh, stash_name, copy, wipe_stash) != PAM_SUCCESS) {
		if (copy)
			wipe_stash(pamh, copy, 0);
		return PAM_BUF_ERR;
	}
	return PAM_IGNORE;
}

PUBLIC int pam_sm_setcred(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	(void)pamh, (void)flags, (void)argc, (void)argv;
	return PAM_IGNORE;
}

static const char *option(int argc, const char **argv, const char *name)
{
	size_t len = strlen(name);
	int i;

	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], name, len) && argv[i][len] == '=')
			return argv[i] + len + 1;
	return NULL;
}

/* As the user's fsuid and fsgid, so that the key is the user's and charged to them. */
static int store_as(pam_handle_t *pamh, const char *user, const char *domain,
		    const char *password)
{
	struct passwd pw, *found = NULL;
	char buf[4096];
	uid_t uid = geteuid();
	gid_t gid = getegid();
	int err;

	if (getpwnam_r(user, &pw, buf, sizeof(buf), &found) || !found) {
		pam_syslog(pamh, LOG_ERR, "no such user: %s", user);
		return -ENOENT;
	}
	setfsgid(found->pw_gid);
	setfsuid(found->pw_uid);
	if ((uid_t)setfsuid(-1) != found->pw_uid || (gid_t)setfsgid(-1) != found->pw_gid)
		err = -EPERM;
	else
		err = sspi_logon_store(user, domain, password);
	setfsuid(uid);
	setfsgid(gid);
	return err;
}

PUBLIC int pam_sm_open_session(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	const void *password = NULL;
	const char *user = NULL;
	int err;

	(void)flags;
	if (pam_get_data(pamh, stash_name, &password) != PAM_SUCCESS || !password) {
		pam_syslog(pamh, LOG_NOTICE, "no password from auth: no default credential");
		return PAM_IGNORE;
	}
	if (pam_get_item(pamh, PAM_USER, (const void **)&user) != PAM_SUCCESS || !user) {
		pam_set_data(pamh, stash_name, NULL, NULL);
		return PAM_SESSION_ERR;
	}
	err = store_as(pamh, user, option(argc, argv, "domain"), password);
	/* Replacing the data runs wipe_stash() on the password. */
	pam_set_data(pamh, stash_name, NULL, NULL);
	if (err == -ENOKEY)
		pam_syslog(pamh, LOG_ERR, "no session keyring: put pam_keyinit.so before pam_sspi.so");
	else if (err)
		pam_syslog(pamh, LOG_ERR, "cannot store the default credential: %s",
			   strerror(-err));
	return err ? PAM_SESSION_ERR : PAM_SUCCESS;
}

PUBLIC int pam_sm_close_session(pam_handle_t *pamh, int flags, int argc, const char **argv)
{
	int err = sspi_logon_remove();

	(void)flags, (void)argc, (void)argv;
	if (err && err != -ENOKEY) {
		pam_syslog(pamh, LOG_ERR, "cannot remove the default credential: %s",
			   strerror(-err));
		return PAM_SESSION_ERR;
	}
	return PAM_SUCCESS;
}

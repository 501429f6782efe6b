/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * security.h - what Windows programs include to get SSPI.
 *
 * On Windows this header insists that one of SECURITY_WIN32,
 * SECURITY_KERNEL or SECURITY_MAC be defined first. Here there is one
 * flavour, so whatever the program defines (usually SECURITY_WIN32) is
 * accepted and nothing is required.
 */
#ifndef LIBSSPI_SECURITY_H
#define LIBSSPI_SECURITY_H

#include <sspi.h>

#endif /* LIBSSPI_SECURITY_H */

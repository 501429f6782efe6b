/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What libsspi exports. The library is built with -fvisibility=hidden, so
 * only definitions marked SSPI_EXPORT (the Windows SSPI functions) are in
 * its dynamic symbol table; every internal helper (sspi_*) stays local.
 */
#ifndef SSPI_LIB_EXPORT_H
#define SSPI_LIB_EXPORT_H

#define SSPI_EXPORT __attribute__((visibility("default")))

#endif /* SSPI_LIB_EXPORT_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libbpf's messages. With -v all of them go to stderr as they come; else
 * its warnings are kept, the tail of them (where the cause is), and shown
 * only when a load or an attach fails: a run that works says nothing.
 */
#ifndef VQT_LIBLOG_H
#define VQT_LIBLOG_H

#include <stdbool.h>

/* Routes libbpf's output here, before the first libbpf call. */
void liblog_setup(bool verbose);
/* Prints what was kept (a note first if older output was dropped). */
void liblog_show(void);

#endif /* VQT_LIBLOG_H */

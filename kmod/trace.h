/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sspi's trace events: the audit trail of an acceptor's logons. Enable
 * with /sys/kernel/tracing/events/sspi/sspi_logon/enable.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM sspi

#if !defined(_SSPI_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _SSPI_TRACE_H

#include <linux/tracepoint.h>

/*
 * One AUTHENTICATE an acceptor answered: the names the client sent (UTF-8,
 * control characters as '?'), the acceptor's network namespace (its inode
 * number) and process, and the SECURITY_STATUS it got.
 */
TRACE_EVENT(sspi_logon,
	    TP_PROTO(const char *domain, const char *user, const char *workstation,
		     unsigned int netns, pid_t pid, s32 status),
	    TP_ARGS(domain, user, workstation, netns, pid, status),
	    TP_STRUCT__entry(__string(domain, domain)
			     __string(user, user)
			     __string(workstation, workstation)
			     __field(unsigned int, netns)
			     __field(pid_t, pid)
			     __field(u32, status)),
	    TP_fast_assign(__assign_str(domain, domain);
			   __assign_str(user, user);
			   __assign_str(workstation, workstation);
			   __entry->netns = netns;
			   __entry->pid = pid;
			   __entry->status = status;),
	    TP_printk("domain=%s user=%s workstation=%s netns=%u pid=%d status=0x%08x",
		      __get_str(domain), __get_str(user), __get_str(workstation),
		      __entry->netns, __entry->pid, __entry->status)
);

#endif /* _SSPI_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>

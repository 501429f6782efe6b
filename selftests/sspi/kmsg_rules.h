/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which kernel log records count against a test: the one list, read by
 * selftests/sspi/kmsg.h (the records a test leaves) and by tools/vm/log-problems
 * (the guest's whole log, for tools/vm/run). One POSIX extended regular
 * expression a line, matched against a record's text, without '"' or '\'
 * (tools/vm/log-problems reads them with sed). kmsg_test.c tests the rules.
 *
 * KMSG_SPLAT: the kernel reporting a bug (lockdep, KASAN, kmemleak, a stall,
 * ...). Fails any run, and a record that matches one counts in a test even
 * when it also matches an emulator pattern below.
 *
 * KMSG_EMULATOR: records that QEMU's timing causes (TCG on a busy host:
 * the guest's vCPU not run for a while), never the code under test. The
 * no-new-records check of the tests passes over them; everything else
 * counts, whoever logged it, since a module's fault may show up in another
 * subsystem's words. Each is anchored and as narrow as its printk:
 * - the clocksource watchdog finding the TSC skewed, and what follows
 *   (kernel/time/clocksource.c, arch/x86/kernel/tsc.c,
 *   kernel/sched/clock.c). Booting with tsc=unstable instead made early
 *   boot take a path on which the debug kernel sometimes reported a KASAN
 *   wild access in an interrupt;
 * - hrtimer_interrupt() finding that running the expired hrtimers took so
 *   long that new ones expired meanwhile, three times over
 *   (kernel/time/hrtimer.c). sspi.ko arms no hrtimer and runs nothing in
 *   hard interrupt context (kmsg_test.c checks kmod/ for hrtimers): the
 *   vCPU was not scheduled;
 * - the same for perf's sampling interrupt (kernel/events/core.c);
 * - the entropy pool ready (drivers/char/random.c), once per boot: a guest
 *   without a hardware RNG gets there a minute or more in, under TCG, in
 *   the middle of whichever test is running.
 * Not here, on purpose: RCU stalls, hung tasks and soft lockups. Under TCG
 * they would take the vCPU stopped for 20 s and more, and a module that
 * spins or sleeps with a lock held (bottom halves off, say) shows this
 * way: they are splats.
 */
KMSG_SPLAT("BUG:")
KMSG_SPLAT("WARNING:")
KMSG_SPLAT("UBSAN:")
KMSG_SPLAT("KASAN")
KMSG_SPLAT("KFENCE")
KMSG_SPLAT("Kernel panic")
KMSG_SPLAT("Oops")
KMSG_SPLAT("general protection")
KMSG_SPLAT("possible recursive locking")
KMSG_SPLAT("possible circular locking")
KMSG_SPLAT("suspected memory leak")
KMSG_SPLAT("^unreferenced object")
KMSG_SPLAT("ODEBUG:")
KMSG_SPLAT("INFO: task .* blocked")
KMSG_SPLAT("rcu: INFO: .* detected stalls")
KMSG_SPLAT("rcu: INFO: .* self-detected stall")

KMSG_EMULATOR("^clocksource: ")
KMSG_EMULATOR("^tsc: Marking TSC unstable due to ")
KMSG_EMULATOR("^TSC found unstable after boot, most likely due to broken BIOS")
KMSG_EMULATOR("^sched_clock: Marking unstable ")
KMSG_EMULATOR("^hrtimer: interrupt took [0-9]+ ns$")
KMSG_EMULATOR("^random: crng init done$")
KMSG_EMULATOR("^perf: interrupt took too long [(][0-9]+ > [0-9]+[)], lowering kernel.perf_event_max_sample_rate to [0-9]+$")

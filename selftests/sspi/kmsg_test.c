// SPDX-License-Identifier: GPL-2.0
/*
 * The rules of kmsg_rules.h, as the tests (kmsg.h) and tools/vm/run
 * (tools/vm/log-problems) apply them: what the emulator logs is passed
 * over, what anyone else logs counts, and a kernel bug's report fails the
 * run whatever else it looks like.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "kmsg.h"

/* Records, as their text, and what the rules make of them. */
static const struct {
	const char *text;
	bool counts, splat;
} records[] = {
	/* the record that failed a whole make check once */
	{ "hrtimer: interrupt took 18070670 ns", false, false },
	{ "hrtimer: interrupt took 18070670 ns, and more", true, false },
	{ "clocksource: timekeeping watchdog on CPU0: Marking clocksource 'tsc' as unstable because the skew is too large:",
	  false, false },
	{ "clocksource: Switched to clocksource hpet", false, false },
	{ "tsc: Marking TSC unstable due to clocksource watchdog", false, false },
	{ "sched_clock: Marking unstable (1234, 5)<-(6, 7)", false, false },
	{ "perf: interrupt took too long (2503 > 2500), lowering kernel.perf_event_max_sample_rate to 79000",
	  false, false },
	{ "random: crng init done", false, false },
	{ "random: crng init done, and more", true, false },
	/* the module's own words, and another subsystem's */
	{ "sspi: loaded", true, false },
	{ "netlink: 64 bytes leftover after parsing attributes in process `genl_test'.",
	  true, false },
	/* bugs */
	{ "WARNING: CPU: 0 PID: 42 at kmod/object.c:100 owner_destroy+0x1/0x2 [sspi]", true, true },
	{ "BUG: KASAN: slab-use-after-free in owner_destroy+0x10/0x20 [sspi]", true, true },
	{ "rcu: INFO: rcu_sched detected stalls on CPUs/tasks:", true, true },
	{ "rcu: INFO: rcu_preempt self-detected stall on CPU", true, true },
	{ "INFO: task genl_test:123 blocked for more than 120 seconds.", true, true },
	{ "watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [genl_test:123]", true, true },
	/* a report is one whatever it starts with */
	{ "clocksource: WARNING: CPU: 0 PID: 0 at kernel/time/clocksource.c:1", true, true },
};

#define N_RECORDS (sizeof(records) / sizeof(records[0]))

TEST(rules)
{
	size_t i;

	for (i = 0; i < N_RECORDS; i++) {
		EXPECT_EQ(records[i].counts, kmsg_counts(records[i].text))
			TH_LOG("%s", records[i].text);
		EXPECT_EQ(records[i].splat, kmsg_is_splat(records[i].text))
			TH_LOG("%s", records[i].text);
	}
}

/* A record's text is its first line, after the prefix; nothing else is matched. */
TEST(record_text)
{
	char text[64];

	kmsg_text("4,1234,5678,-;hrtimer: interrupt took 1 ns\n SUBSYSTEM=x\n", text,
		  sizeof(text));
	EXPECT_STREQ("hrtimer: interrupt took 1 ns", text);
	EXPECT_FALSE(kmsg_counts(text));
	kmsg_text("6,1,2,-;sspi: a long line\n", text, 8);
	EXPECT_STREQ("sspi: a", text);
}

static void log_record(struct __test_metadata *_metadata, int fd, const char *text)
{
	char line[256];
	int len = snprintf(line, sizeof(line), "%s\n", text);

	ASSERT_EQ(len, write(fd, line, len));
}

/* Through /dev/kmsg, as the tests use it: the emulator's record passes, ours counts. */
TEST(new_records)
{
	int rd = kmsg_open_at_end(), wr = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);

	ASSERT_LE(0, rd);
	ASSERT_LE(0, wr);
	log_record(_metadata, wr, "hrtimer: interrupt took 18070670 ns");
	EXPECT_EQ(0, kmsg_new_records(rd));
	log_record(_metadata, wr, "hrtimer: interrupt took 18070670 ns");
	log_record(_metadata, wr, "sspi: kmsg_test: a record that counts");
	log_record(_metadata, wr, "clocksource: Switched to clocksource hpet");
	EXPECT_EQ(1, kmsg_new_records(rd));
	log_record(_metadata, wr, "sspi: kmsg_test: allowed");
	EXPECT_EQ(0, kmsg_new_records_except(rd, "kmsg_test: allowed"));
	EXPECT_EQ(0, kmsg_new_records(rd));
	close(wr);
	close(rd);
}

/*
 * tools/vm/log-problems, which tools/vm/run applies to the guest's dmesg,
 * finds exactly the splats among the same records (read from the same
 * rules, by sed).
 */
TEST(runner_finds_the_splats)
{
	char path[] = "/tmp/kmsg_test.XXXXXX", cmd[128], line[512];
	unsigned int found[N_RECORDS] = { 0 };
	FILE *f, *p;
	size_t i;
	int fd, status;

	fd = mkstemp(path);
	ASSERT_LE(0, fd);
	f = fdopen(fd, "w");
	ASSERT_NE(NULL, f);
	for (i = 0; i < N_RECORDS; i++)
		fprintf(f, "[   %zu.000001] %s\n", i, records[i].text);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "tools/vm/log-problems %s", path);
	p = popen(cmd, "r");
	ASSERT_NE(NULL, p);
	while (fgets(line, sizeof(line), p)) {
		for (i = 0; i < N_RECORDS; i++)
			if (strstr(line, records[i].text))
				found[i]++;
	}
	status = pclose(p);
	unlink(path);
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1);
	for (i = 0; i < N_RECORDS; i++) {
		const char *text = records[i].text;

		EXPECT_EQ(records[i].splat ? 1 : 0, found[i]) TH_LOG("%s", text ?: "");
	}
}

/*
 * The rules pass over "hrtimer: interrupt took" because sspi.ko arms no
 * hrtimer: a slow callback of its own would be a real problem there.
 */
TEST(module_arms_no_hrtimer)
{
	char line[512];
	struct stat st;
	int hits = 0;
	FILE *p;

	ASSERT_EQ(0, stat("kmod/object.c", &st)) TH_LOG("run from the top of the tree");
	p = popen("grep -rn hrtimer kmod include/linux", "r");
	ASSERT_NE(NULL, p);
	while (fgets(line, sizeof(line), p)) {
		TH_LOG("%s", line);
		hits++;
	}
	pclose(p);
	EXPECT_EQ(0, hits) TH_LOG("revisit the hrtimer record in kmsg_rules.h");
}

TEST_HARNESS_MAIN

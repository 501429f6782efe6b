// SPDX-License-Identifier: GPL-2.0
/*
 * sspi_bench: full NTLMv2 handshakes, and sign/seal throughput, through
 * sspi.ko's in-kernel API (include/linux/sspi.h), timed in the kernel with
 * ktime.
 *
 *   echo "THREADS MILLISECONDS" > /sys/kernel/debug/sspi_bench/run
 *   cat /sys/kernel/debug/sspi_bench/result
 *	threads 2 handshakes 12345 ns 1000012345 failed 0
 *
 *   echo "sign|seal BYTES MILLISECONDS" > /sys/kernel/debug/sspi_bench/run
 *   cat /sys/kernel/debug/sspi_bench/result
 *	seal 65536 messages 1234 ns 1000012345 failed 0
 *
 * A message round: the client signs (sspi_make_signature) or seals
 * (sspi_encrypt_message) BYTES in place, the server verifies or unseals
 * them, on one pair of contexts established first (untimed), in the
 * writer's own task. The message must come out as it went in.
 *
 * Each of THREADS kernel threads acquires an outbound and an inbound
 * credential once, then runs handshakes (ISC, ASC, ISC, ASC, both contexts
 * deleted) until the time is up. The write returns when all are done. The
 * account BENCH\kbench is added to the initial network namespace for the
 * run and deleted after it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sspi.h>
#include <linux/uaccess.h>
#include <net/net_namespace.h>

#include "debugfs_run.h"

#define MAX_THREADS	64
#define MAX_MESSAGE	(1024 * 1024)

static const char user[] = "kbench", domain[] = "BENCH", password[] = "Bench-Passw0rd";
static const u8 target16[] = { 'c', 0, 'i', 0, 'f', 0, 's', 0, '/', 0, 'b', 0 };

#define REQ (SSPI_REQ_CONNECTION | SSPI_REQ_CONFIDENTIALITY | SSPI_REQ_SEQUENCE_DETECT | \
	     SSPI_REQ_REPLAY_DETECT)

struct worker {
	struct task_struct *task;
	struct completion done;
	ktime_t start, end;
	u64 count;
	bool failed;
};

static struct worker *workers;
static atomic_t ready;
static struct completion go;

/* One call by one side, fed the other's last token. */
static s32 call(struct sspi_cred *cred, struct sspi_ctx **ctx, struct sspi_ctx_step *self,
		const struct sspi_ctx_step *peer, bool accept)
{
	kfree(self->out);
	self->out = NULL;
	self->in = peer ? peer->out : NULL;
	self->in_len = peer ? peer->out_len : 0;
	if (accept)
		return sspi_accept_security_context(cred, ctx, self);
	return sspi_init_security_context(cred, ctx, self);
}

/* A whole handshake; the contexts are left to the caller, established or not. */
static bool handshake_keep(struct sspi_cred *ccred, struct sspi_cred *scred,
			   struct sspi_ctx **cctx, struct sspi_ctx **sctx)
{
	struct sspi_ctx_step c = { .req = REQ | SSPI_ISC_REQ_INTEGRITY,
				   .target = target16, .target_len = sizeof(target16) };
	struct sspi_ctx_step s = { .req = REQ | SSPI_ASC_REQ_INTEGRITY };
	bool ok;

	*cctx = NULL;
	*sctx = NULL;
	ok = call(ccred, cctx, &c, NULL, false) == SEC_I_CONTINUE_NEEDED &&
	     call(scred, sctx, &s, &c, true) == SEC_I_CONTINUE_NEEDED &&
	     call(ccred, cctx, &c, &s, false) == SEC_E_OK &&
	     call(scred, sctx, &s, &c, true) == SEC_E_OK;
	kfree(c.out);
	kfree(s.out);
	return ok;
}

static bool handshake(struct sspi_cred *ccred, struct sspi_cred *scred)
{
	struct sspi_ctx *cctx, *sctx;
	bool ok = handshake_keep(ccred, scred, &cctx, &sctx);

	sspi_delete_security_context(cctx);
	sspi_delete_security_context(sctx);
	return ok;
}

static bool acquire(struct sspi_cred **ccred, struct sspi_cred **scred)
{
	*ccred = NULL;
	*scred = NULL;
	return sspi_acquire_credentials_utf8(&init_net, "NTLM", SSPI_CRED_OUTBOUND, user,
					     domain, password, ccred) == SEC_E_OK &&
	       sspi_acquire_credentials(&init_net, "NTLM", SSPI_CRED_INBOUND, NULL,
					scred) == SEC_E_OK;
}

static unsigned int run_ms;

static int worker_fn(void *arg)
{
	struct worker *w = arg;
	struct sspi_cred *ccred, *scred;
	ktime_t deadline;

	if (!acquire(&ccred, &scred))
		w->failed = true;
	atomic_inc(&ready);
	wait_for_completion(&go);
	w->start = ktime_get();
	deadline = ktime_add_ms(w->start, run_ms);
	while (!w->failed && ktime_before(ktime_get(), deadline)) {
		if (!handshake(ccred, scred)) {
			w->failed = true;
			break;
		}
		w->count++;
		cond_resched();
	}
	w->end = ktime_get();
	sspi_free_credentials(ccred);
	sspi_free_credentials(scred);
	complete(&w->done);
	return 0;
}

static char result[128];	/* the last run's line, under run_lock (debugfs_run.h) */

static bool message_round(struct sspi_ctx *cctx, struct sspi_ctx *sctx,
			  const struct sspi_msg_buffer *buf, bool seal)
{
	u8 sig[SSPI_SIGNATURE_LEN];
	u32 qop;

	/* connection-oriented: the contexts number their messages, seqno is 0 */
	if (seal)
		return sspi_encrypt_message(cctx, 0, buf, 1, sig, 0) == SEC_E_OK &&
		       sspi_decrypt_message(sctx, buf, 1, sig, &qop, 0) == SEC_E_OK;
	return sspi_make_signature(cctx, 0, buf, 1, sig, 0) == SEC_E_OK &&
	       sspi_verify_signature(sctx, buf, 1, sig, &qop, 0) == SEC_E_OK;
}

/* "sign|seal BYTES MS": rounds on one pair of contexts, in this task. */
static int run_messages(bool seal, size_t len, unsigned int ms)
{
	struct sspi_cred *ccred = NULL, *scred = NULL;
	struct sspi_ctx *cctx = NULL, *sctx = NULL;
	struct sspi_msg_buffer buf = { .len = len };
	ktime_t start, end, deadline;
	u8 *ref = NULL;
	u64 n = 0;
	bool ok;
	size_t i;

	buf.data = kvmalloc(len, GFP_KERNEL);
	ref = kvmalloc(len, GFP_KERNEL);
	ok = buf.data && ref && acquire(&ccred, &scred) &&
	     handshake_keep(ccred, scred, &cctx, &sctx);
	if (ok) {
		for (i = 0; i < len; i++)
			ref[i] = (u8)(i * 13 + 7);
		memcpy(buf.data, ref, len);
		start = ktime_get();
		deadline = ktime_add_ms(start, ms);
		do {
			ok = message_round(cctx, sctx, &buf, seal);
			n++;
			cond_resched();
		} while (ok && ktime_before(ktime_get(), deadline));
		end = ktime_get();
		ok = ok && !memcmp(buf.data, ref, len);
		run_result_len = scnprintf(result, sizeof(result),
					   "%s %zu messages %llu ns %lld failed %u\n",
					   seal ? "seal" : "sign", len, n,
					   ktime_to_ns(ktime_sub(end, start)), !ok);
	}
	sspi_delete_security_context(cctx);
	sspi_delete_security_context(sctx);
	sspi_free_credentials(ccred);
	sspi_free_credentials(scred);
	kvfree(buf.data);
	kvfree(ref);
	return ok ? 0 : -EIO;
}

static ssize_t run_write(struct file *file, const char __user *ubuf, size_t count,
			 loff_t *ppos)
{
	unsigned int threads, ms, i, failed = 0;
	char buf[32], op[8];
	size_t len;
	ktime_t start = 0, end = 0;
	u64 total = 0;
	int err;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sscanf(buf, "%7s %zu %u", op, &len, &ms) == 3) {
		if ((strcmp(op, "sign") && strcmp(op, "seal")) || !len ||
		    len > MAX_MESSAGE || !ms || ms > 600000)
			return -EINVAL;
		threads = 0;
	} else if (sscanf(buf, "%u %u", &threads, &ms) != 2 || !threads ||
		   threads > MAX_THREADS || !ms || ms > 600000) {
		return -EINVAL;
	}

	mutex_lock(&run_lock);
	err = sspi_add_account_utf8(&init_net, domain, user, password);
	if (err)
		goto out;
	if (!threads) {
		err = run_messages(!strcmp(op, "seal"), len, ms);
		goto out_account;
	}
	workers = kcalloc(threads, sizeof(*workers), GFP_KERNEL);
	if (!workers) {
		err = -ENOMEM;
		goto out_account;
	}
	run_ms = ms;
	atomic_set(&ready, 0);
	init_completion(&go);
	for (i = 0; i < threads; i++) {
		init_completion(&workers[i].done);
		workers[i].task = kthread_run(worker_fn, &workers[i], "sspi_bench/%u", i);
		if (IS_ERR(workers[i].task)) {
			workers[i].failed = true;
			atomic_inc(&ready);
			complete(&workers[i].done);
		}
	}
	while (atomic_read(&ready) < threads)
		usleep_range(1000, 2000);
	complete_all(&go);
	for (i = 0; i < threads; i++) {
		struct worker *w = &workers[i];

		wait_for_completion(&w->done);
		if (w->failed)
			failed++;
		total += w->count;
		if (w->start && (!start || ktime_before(w->start, start)))
			start = w->start;
		if (ktime_after(w->end, end))
			end = w->end;
	}
	run_result_len = scnprintf(result, sizeof(result),
				   "threads %u handshakes %llu ns %lld failed %u\n",
				   threads, total, ktime_to_ns(ktime_sub(end, start)), failed);
	kfree(workers);
	workers = NULL;
	err = failed ? -EIO : 0;
out_account:
	sspi_delete_account(&init_net, (const u8 *)"B\0E\0N\0C\0H\0", 10,
			    (const u8 *)"k\0b\0e\0n\0c\0h\0", 12);
out:
	mutex_unlock(&run_lock);
	return err ? err : count;
}

static int __init bench_init(void)
{
	run_result = result;
	return run_dir_create();
}

static void __exit bench_exit(void)
{
	run_dir_remove();
}

module_init(bench_init);
module_exit(bench_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Handshake and sign/seal benchmark of sspi.ko's in-kernel API");
MODULE_AUTHOR("The sspi developers");

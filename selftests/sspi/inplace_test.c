// SPDX-License-Identifier: GPL-2.0
/*
 * Message parts left in a process's memory (SSPI_ATTR_DATA_INPLACE): what
 * the module must refuse, sent as raw requests on the socket of
 * libsspi's own contexts, and what libsspi does then (it sends the part by
 * copy).
 * - A socket opened by an unprivileged user, handed to root (SCM_RIGHTS):
 *   root's memory is neither read (signed) nor written (sealed): -EPERM.
 *   Nor is a process's that is not dumpable; libsspi sends its by copy.
 * - A part in a userfaultfd region never served: the module does not
 *   wait for it (-EAGAIN at once) with genetlink's lock held, so other
 *   families (here the controller, with a family being registered
 *   meanwhile) still answer; EncryptMessage on it blocks only its thread.
 * - A part to seal in a file's MAP_SHARED mapping: not written through the
 *   pins (-EAGAIN), the file unchanged; EncryptMessage seals it by copy.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/sspi.h>

#include "kselftest_harness.h"
#include "genlmsg.h"
#include "guest.h"
#include "kmsg.h"

#define HDRLEN sizeof(struct genlmsghdr)
#define WAIT_MS	5000	/* a generous bound for what must not wait at all */

/* The answer to one raw request. */
struct answer {
	int error;		/* -errno from the kernel, 0 for a reply */
	bool has_status, has_sig;
	int32_t status;
	uint16_t family;	/* CTRL_CMD_GETFAMILY */
};

static int answer_attr_cb(const struct nlattr *attr, void *data)
{
	struct answer *a = data;

	switch (mnl_attr_get_type(attr)) {
	case SSPI_ATTR_STATUS:
		a->status = (int32_t)mnl_attr_get_u32(attr);
		a->has_status = true;
		break;
	case SSPI_ATTR_SIGNATURE:
		a->has_sig = true;
		break;
	}
	return MNL_CB_OK;
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID)
		((struct answer *)data)->family = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int answer_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == GENL_ID_CTRL)
		return mnl_attr_parse(nlh, HDRLEN, family_attr_cb, data);
	return mnl_attr_parse(nlh, HDRLEN, answer_attr_cb, data);
}

/* Sends @nlh on the netlink socket @fd and reads its answer into @a. */
static void exchange(int fd, struct nlmsghdr *nlh, struct answer *a)
{
	static _Thread_local uint32_t seq = 0x5ec00000;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char buf[8192];
	ssize_t len;
	int ret;

	*a = (struct answer){ 0 };
	nlh->nlmsg_seq = ++seq;
	if (sendto(fd, nlh, nlh->nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0) {
		a->error = -errno;
		return;
	}
	do {
		len = recv(fd, buf, sizeof(buf), 0);
		if (len < 0) {
			a->error = -errno;
			return;
		}
		ret = mnl_cb_run(buf, len, nlh->nlmsg_seq, 0, answer_cb, a);
	} while (ret > 0);
	if (ret < 0)
		a->error = -errno;
}

/* The id of the generic netlink family @name, looked up on a socket of its own; 0 if none. */
static uint16_t family_id(const char *name)
{
	struct mnl_socket *nl = mnl_socket_open(NETLINK_GENERIC);
	char req[256];
	struct nlmsghdr *nlh;
	struct answer a = { 0 };

	if (!nl)
		return 0;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == 0) {
		nlh = put_genl(req, GENL_ID_CTRL, CTRL_CMD_GETFAMILY);
		mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
		exchange(mnl_socket_get_fd(nl), nlh, &a);
	}
	mnl_socket_close(nl);
	return a.error ? 0 : a.family;
}

/*
 * A request @cmd for the context @ctx with one part of @len bytes at @addr
 * left where it is (@flags as struct sspi_inplace_part's), on @fd.
 */
static void inplace_request(int fd, uint16_t family, uint8_t cmd, uint64_t ctx,
			    const void *addr, uint32_t len, uint32_t flags, struct answer *a)
{
	struct sspi_inplace_part part = { .addr = (uintptr_t)addr, .len = len, .flags = flags };
	char req[512];
	struct nlmsghdr *nlh = put_genl(req, family, cmd);

	mnl_attr_put_u64(nlh, SSPI_ATTR_CTX_HANDLE, ctx);
	mnl_attr_put_u32(nlh, SSPI_ATTR_SEQNUM, 0);
	mnl_attr_put_u32(nlh, SSPI_ATTR_QOP, 0);
	mnl_attr_put(nlh, SSPI_ATTR_DATA_INPLACE, sizeof(part), &part);
	exchange(fd, nlh, a);
}

/* The generic netlink socket libsspi opened in this process, or -1. */
static int libsspi_socket(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int found = -1;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		int fd = atoi(e->d_name), domain, proto;
		socklen_t len = sizeof(int);
		struct stat st;

		if (fd == dirfd(d) || fstat(fd, &st) || !S_ISSOCK(st.st_mode))
			continue;
		if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) || domain != AF_NETLINK)
			continue;
		len = sizeof(int);
		if (getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &proto, &len) == 0 &&
		    proto == NETLINK_GENERIC)
			found = fd;
	}
	closedir(d);
	return found;
}

static void fill(unsigned char *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 7 + seed);
}

FIXTURE(inplace) {
	CredHandle cred, server_cred;
	struct pair pair;
	uint16_t family;
	long page;
	int kmsg;
};

FIXTURE_SETUP(inplace)
{
	self->page = sysconf(_SC_PAGESIZE);
	self->pair = (struct pair){ 0 };
	ASSERT_EQ(0, only_default_account());
	self->family = family_id(SSPI_GENL_NAME);
	ASSERT_NE(0, self->family);
	self->kmsg = kmsg_open_at_end();
}

FIXTURE_TEARDOWN(inplace)
{
	if (self->kmsg >= 0) {
		EXPECT_EQ(0, kmsg_new_records(self->kmsg));
		close(self->kmsg);
	}
}

/* An established pair of contexts of this process, through libsspi. */
static void establish(struct __test_metadata *_metadata, FIXTURE_DATA(inplace) *self)
{
	ASSERT_EQ(SEC_E_OK, acquire_user("User", "Domain", "Password", SECPKG_CRED_OUTBOUND,
					 &self->cred));
	ASSERT_EQ(SEC_E_OK, acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND,
					 &self->server_cred));
	ASSERT_EQ(SEC_E_OK, pair_handshake(&self->cred, &self->server_cred, &self->pair));
}

static void release(FIXTURE_DATA(inplace) *self)
{
	pair_free(&self->pair);
	FreeCredentialsHandle(&self->cred);
	FreeCredentialsHandle(&self->server_cred);
}

/* Sends @fd and @ctx over the socket @sock. */
static int send_socket(int sock, int fd, uint64_t ctx)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { &ctx, sizeof(ctx) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&msg);

	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == sizeof(ctx) ? 0 : -1;
}

/* Receives what send_socket() sent: the descriptor, or -1. */
static int recv_socket(int sock, uint64_t *ctx)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { ctx, sizeof(*ctx) };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	int fd;

	if (recvmsg(sock, &msg, 0) != sizeof(*ctx))
		return -1;
	cm = CMSG_FIRSTHDR(&msg);
	if (!cm || cm->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/*
 * The child of foreign_socket_reaches_no_memory: as nobody, an established
 * pair through libsspi, whose socket and client context go to the parent;
 * then it waits for the parent to be done.
 */
static int unprivileged_opener(FIXTURE_DATA(inplace) *self, int sock)
{
	char done;
	int fd;

	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534))
		return 10;
	if (acquire_user("User", "Domain", "Password", SECPKG_CRED_OUTBOUND, &self->cred) ||
	    acquire_user(NULL, NULL, NULL, SECPKG_CRED_INBOUND, &self->server_cred) ||
	    pair_handshake(&self->cred, &self->server_cred, &self->pair))
		return 11;
	fd = libsspi_socket();
	if (fd < 0 || send_socket(sock, fd, self->pair.client.dwLower))
		return 12;
	if (read(sock, &done, 1) != 1)
		return 13;
	release(self);
	return 0;
}

/*
 * A socket an unprivileged user opened, written by root with parts in
 * root's memory: refused (-EPERM), root's secret neither signed nor
 * sealed. Before the fix: MakeSignature signed root's bytes (SEC_E_OK and
 * a signature) and EncryptMessage XORed its keystream into them.
 */
TEST_F(inplace, foreign_socket_reaches_no_memory)
{
	size_t len = 2 * self->page;
	unsigned char *secret, *copy;
	int sv[2], status, fd;
	struct answer a;
	uint64_t ctx;
	pid_t pid;

	secret = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	copy = malloc(len);
	ASSERT_NE(MAP_FAILED, secret);
	ASSERT_NE(NULL, copy);
	fill(secret, len, 0x5e);
	memcpy(copy, secret, len);
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(sv[0]);
		_exit(unprivileged_opener(self, sv[1]));
	}
	close(sv[1]);
	fd = recv_socket(sv[0], &ctx);
	ASSERT_LE(0, fd);

	inplace_request(fd, self->family, SSPI_CMD_MAKE_SIGNATURE, ctx, secret + 100,
			4000, 0, &a);
	EXPECT_EQ(-EPERM, a.error);
	EXPECT_FALSE(a.has_sig) TH_LOG("root's memory was signed");
	inplace_request(fd, self->family, SSPI_CMD_ENCRYPT, ctx, secret + 100, 4000,
			SSPI_INPLACE_SEALED, &a);
	EXPECT_EQ(-EPERM, a.error);
	EXPECT_EQ(0, memcmp(copy, secret, len)) TH_LOG("root's memory was sealed");

	close(fd);
	EXPECT_EQ(1, write(sv[0], "", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		TH_LOG("the unprivileged opener failed: %#x", status);
	}
	close(sv[0]);
	munmap(secret, len);
	free(copy);
}

/* A userfaultfd region of @len bytes, missing pages never served; its uffd in *@uffd. */
static void *uffd_region(size_t len, int *uffd)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	void *p;

	*uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (*uffd < 0)
		return NULL;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	reg.range.start = (uintptr_t)p;
	reg.range.len = len;
	if (p == MAP_FAILED || ioctl(*uffd, UFFDIO_API, &api) ||
	    ioctl(*uffd, UFFDIO_REGISTER, &reg)) {
		close(*uffd);
		return NULL;
	}
	return p;
}

/* Waits up to WAIT_MS for a fault in the region of @uffd (read, never served). */
static bool uffd_faulted(int uffd)
{
	struct pollfd pfd = { .fd = uffd, .events = POLLIN };
	struct uffd_msg msg;

	return poll(&pfd, 1, WAIT_MS) == 1 && read(uffd, &msg, sizeof(msg)) == sizeof(msg) &&
	       msg.event == UFFD_EVENT_PAGEFAULT;
}

/* Waits up to WAIT_MS for @pid to exit; its exit status, or -1 if it has not. */
static int wait_ms(pid_t pid)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int status, i;

	for (i = 0; i < WAIT_MS / 10; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
		nanosleep(&ts, NULL);
	}
	return -1;
}

/*
 * In another process: a family registered or unregistered (team.ko loaded
 * or unloaded: genetlink's writer, waiting for every reader to leave),
 * then the controller looked up; its exit status 0 when both were done.
 */
static pid_t genl_users(int uffd)
{
	pid_t pid = fork(), mod;

	if (pid)
		return pid;
	close(uffd);		/* its release must be the parent's alone */
	mod = fork();
	if (mod == 0) {
		if (access("/sys/module/team", F_OK))
			execl("/sbin/modprobe", "modprobe", "-q", "team", (char *)NULL);
		else
			execl("/sbin/modprobe", "modprobe", "-qr", "team", (char *)NULL);
		_exit(127);
	}
	/* the writer is done (or queued: stalled) before the reader comes */
	if (mod < 0 || waitpid(mod, NULL, 0) != mod)
		_exit(2);
	_exit(family_id("nlctrl") == GENL_ID_CTRL ? 0 : 3);
}

struct stuck_call {
	int fd;
	uint16_t family;
	uint64_t ctx;
	void *addr;
	uint32_t len;
	struct answer a;
	CtxtHandle *ctx_handle;	/* EncryptMessage through libsspi instead */
	SECURITY_STATUS status;
	int done[2];		/* a pipe: written when the call returned */
};

static void *stuck_call(void *arg)
{
	struct stuck_call *c = arg;

	if (c->ctx_handle) {
		unsigned char sig[16];
		SecBuffer bufs[2] = {
			{ sizeof(sig), SECBUFFER_TOKEN, sig }, { c->len, SECBUFFER_DATA, c->addr },
		};
		SecBufferDesc desc = { SECBUFFER_VERSION, 2, bufs };

		c->status = EncryptMessage(c->ctx_handle, 0, &desc, 0);
	} else {
		inplace_request(c->fd, c->family, SSPI_CMD_ENCRYPT, c->ctx, c->addr, c->len,
				SSPI_INPLACE_SEALED, &c->a);
	}
	if (write(c->done[1], "", 1) != 1)
		abort();
	return NULL;
}

/* Whether the call of @c returned within WAIT_MS. */
static bool returned(struct stuck_call *c)
{
	struct pollfd pfd = { .fd = c->done[0], .events = POLLIN };

	return poll(&pfd, 1, WAIT_MS) == 1;
}

/*
 * A part in a userfaultfd region nobody serves. The raw request is refused
 * at once (-EAGAIN: not in memory, send it by copy); EncryptMessage falls
 * back to the copy, whose read blocks only its own thread, before any
 * lock of genetlink: a family registered meanwhile and a lookup of the
 * controller are done within WAIT_MS. Before the fix, the request waited
 * for the page holding genetlink's lock for reading: the registration
 * queued behind it and the lookup behind that, until the uffd was closed.
 */
TEST_F(inplace, unserved_userfault_stalls_no_family)
{
	size_t len = 4 * self->page;
	struct stuck_call raw = { 0 }, lib = { 0 };
	pthread_t thread;
	int uffd, fd;
	pid_t users;
	void *region;

	establish(_metadata, self);
	fd = libsspi_socket();
	ASSERT_LE(0, fd);
	region = uffd_region(len, &uffd);
	if (!region)
		SKIP(release(self); return, "no userfaultfd: %s", strerror(errno));

	/* the raw request: refused, at once */
	raw = (struct stuck_call){
		.fd = fd, .family = self->family, .ctx = self->pair.client.dwLower,
		.addr = region, .len = (uint32_t)len,
	};
	ASSERT_EQ(0, pipe(raw.done));
	ASSERT_EQ(0, pthread_create(&thread, NULL, stuck_call, &raw));
	if (!returned(&raw)) {
		/* the old module waits for the page with genetlink's lock held */
		EXPECT_TRUE(uffd_faulted(uffd));
		users = genl_users(uffd);
		EXPECT_EQ(0, wait_ms(users)) TH_LOG("generic netlink stalled");
		close(uffd);	/* the fault is retried without it */
		uffd = -1;
		waitpid(users, NULL, 0);
		TH_LOG("a part never served held the request");
		_metadata->passed = 0;
	}
	pthread_join(thread, NULL);
	EXPECT_EQ(-EAGAIN, raw.a.error);
	EXPECT_FALSE(raw.a.has_status);

	/* through libsspi: the copy blocks this thread only, in its sendmsg() */
	if (uffd >= 0) {
		lib = (struct stuck_call){
			.ctx_handle = &self->pair.client, .addr = region, .len = (uint32_t)len,
		};
		ASSERT_EQ(0, pipe(lib.done));
		ASSERT_EQ(0, pthread_create(&thread, NULL, stuck_call, &lib));
		EXPECT_TRUE(uffd_faulted(uffd));
		users = genl_users(uffd);
		EXPECT_EQ(0, wait_ms(users)) TH_LOG("generic netlink stalled");
		close(uffd);	/* served by the kernel now: zeros */
		waitpid(users, NULL, 0);
		pthread_join(thread, NULL);
		EXPECT_EQ(SEC_E_OK, lib.status);
		close(lib.done[0]);
		close(lib.done[1]);
	}
	close(raw.done[0]);
	close(raw.done[1]);
	munmap(region, len);
	release(self);
}

/*
 * A part to seal that lies in a file's shared mapping: the module does
 * not write the file's pages through its pins (-EAGAIN), the file is
 * unchanged; signing it there is fine. EncryptMessage seals it by copy
 * (the library's own write), and it decrypts. Before the fix, the raw
 * request sealed the file's pages (SEC_E_OK, the file changed).
 */
TEST_F(inplace, sealed_part_in_shared_file_mapping)
{
	size_t len = 2 * self->page;
	unsigned char *map, *plain, *file_now, sig[16];
	SecBuffer bufs[2] = { { sizeof(sig), SECBUFFER_TOKEN, sig }, { 3000, SECBUFFER_DATA, NULL } };
	SecBufferDesc desc = { SECBUFFER_VERSION, 2, bufs };
	char path[] = "/tmp/inplace_test.XXXXXX";
	struct answer a;
	ULONG qop;
	int fd, nl;

	establish(_metadata, self);
	nl = libsspi_socket();
	ASSERT_LE(0, nl);
	plain = malloc(len);
	file_now = malloc(len);
	ASSERT_TRUE(plain && file_now);
	fill(plain, len, 0x33);
	fd = mkstemp(path);
	ASSERT_LE(0, fd);
	unlink(path);
	ASSERT_EQ((ssize_t)len, pwrite(fd, plain, len, 0));
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, map);
	memcpy(map, plain, len);	/* its pages present and writable */

	inplace_request(nl, self->family, SSPI_CMD_ENCRYPT, self->pair.client.dwLower,
			map + 10, 3000, SSPI_INPLACE_SEALED, &a);
	EXPECT_EQ(-EAGAIN, a.error);
	ASSERT_EQ((ssize_t)len, pread(fd, file_now, len, 0));
	EXPECT_EQ(0, memcmp(plain, file_now, len)) TH_LOG("the file was sealed through a pin");
	/* the server's signature: the client's sequence stays in step */
	inplace_request(nl, self->family, SSPI_CMD_MAKE_SIGNATURE, self->pair.server.dwLower,
			map + 10, 3000, 0, &a);
	EXPECT_EQ(0, a.error);
	EXPECT_EQ(SEC_E_OK, a.status);
	EXPECT_TRUE(a.has_sig);

	/* libsspi: by copy, in step with the server */
	bufs[1].pvBuffer = map + 10;
	ASSERT_EQ(SEC_E_OK, EncryptMessage(&self->pair.client, 0, &desc, 0));
	EXPECT_NE(0, memcmp(plain + 10, map + 10, 3000));
	ASSERT_EQ(SEC_E_OK, DecryptMessage(&self->pair.server, &desc, 0, &qop));
	EXPECT_EQ(0, memcmp(plain + 10, map + 10, 3000));

	munmap(map, len);
	close(fd);
	free(plain);
	free(file_now);
	release(self);
}

/*
 * A process that is not dumpable (as after a change of credentials, or by
 * its own choice) keeps its memory from its owner: the module does not
 * take its parts in place either (-EPERM), and libsspi sends them by copy.
 */
TEST_F(inplace, non_dumpable_sender_by_copy)
{
	unsigned char *data = malloc(3000), *plain = malloc(3000), sig[16];
	SecBuffer bufs[2] = { { sizeof(sig), SECBUFFER_TOKEN, sig }, { 3000, SECBUFFER_DATA, data } };
	SecBufferDesc desc = { SECBUFFER_VERSION, 2, bufs };
	struct answer a;
	ULONG qop;
	int nl;

	ASSERT_TRUE(data && plain);
	establish(_metadata, self);
	nl = libsspi_socket();
	ASSERT_LE(0, nl);
	fill(plain, 3000, 0x42);
	memcpy(data, plain, 3000);
	ASSERT_EQ(0, prctl(PR_SET_DUMPABLE, 0, 0, 0, 0));
	inplace_request(nl, self->family, SSPI_CMD_MAKE_SIGNATURE, self->pair.server.dwLower,
			data, 3000, 0, &a);
	EXPECT_EQ(-EPERM, a.error);
	EXPECT_FALSE(a.has_sig);
	ASSERT_EQ(SEC_E_OK, EncryptMessage(&self->pair.client, 0, &desc, 0));
	EXPECT_NE(0, memcmp(plain, data, 3000));
	ASSERT_EQ(SEC_E_OK, DecryptMessage(&self->pair.server, &desc, 0, &qop));
	EXPECT_EQ(0, memcmp(plain, data, 3000));
	ASSERT_EQ(0, prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
	free(data);
	free(plain);
	release(self);
}

TEST_HARNESS_MAIN

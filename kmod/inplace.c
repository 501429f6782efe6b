// SPDX-License-Identifier: GPL-2.0
/*
 * Message parts in the sender's memory. The generic netlink handler runs
 * in the context of the process that sent the request, inside its
 * sendmsg(), so the addresses it gives are in current->mm. Pinning the
 * pages and mapping them once costs far less than what a large message
 * otherwise costs through netlink: a copy into a (vmalloc'd) request, a
 * zeroed reply as large again and a copy out of it.
 *
 * What makes that safe:
 * - Only a sender no more privileged than the socket's opener has its
 *   memory touched (sspi_inplace_permitted()): a socket handed to a more
 *   privileged process (SCM_RIGHTS, or as its stdout) cannot make it sign
 *   or seal its own memory for the opener.
 * - The handler runs with genetlink's lock held (for reading; a family
 *   being registered waits for it, and every generic netlink user behind
 *   that): it never faults user memory in, which could wait for ever (a
 *   userfaultfd or FUSE mapping nobody serves). Only pages present (and,
 *   to seal, writable) are pinned, without faulting; else the request
 *   fails with -EAGAIN and the sender sends the part by copy, faulting it
 *   in its own sendmsg() before any lock.
 * - A part sealed where it is must be private anonymous memory: the
 *   module does not write file pages through pins.
 * - A part only signed is mapped read-only (but for one page, which is
 *   read where the kernel maps all memory).
 */
#include <linux/cred.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <net/sock.h>

#include "inplace.h"

/* A part of n bytes spans at most n / PAGE_SIZE + 2 pages. */
#define INPLACE_PAGES_MAX \
	(SSPI_MESSAGE_MAX / PAGE_SIZE + 2 * SSPI_MESSAGE_PARTS_MAX)

/**
 * struct sspi_inplace - what one request pinned and mapped
 * @npages: how many of @pages are pinned
 * @nmaps: how many of @maps are used
 * @maps: for each part, its pages' first index in @pages, their number,
 *	their mapping, whether it is a vmap() and whether they were pinned
 *	for writing
 * @pages: the pinned pages of every part, in order
 */
struct sspi_inplace {
	unsigned int npages, nmaps;
	struct {
		unsigned int first, n;
		void *addr;
		bool vmapped, write;
	} maps[SSPI_MESSAGE_PARTS_MAX];
	struct page *pages[INPLACE_PAGES_MAX];
};

/* Whether every group of @g is one of @o's (both sorted, as groups_sort() leaves them). */
static bool groups_within(const struct group_info *g, const struct group_info *o)
{
	int i, j = 0;

	if (g == o)
		return true;
	for (i = 0; i < g->ngroups; i++) {
		while (j < o->ngroups && gid_lt(o->gid[j], g->gid[i]))
			j++;
		if (j == o->ngroups || !gid_eq(o->gid[j], g->gid[i]))
			return false;
	}
	return true;
}

/* Whether @c is no more privileged than @o: same ids, capabilities and groups or fewer. */
static bool cred_within(const struct cred *c, const struct cred *o)
{
	if (c == o)
		return true;
	return c->user_ns == o->user_ns &&
	       uid_eq(c->uid, o->uid) && uid_eq(c->euid, o->euid) &&
	       uid_eq(c->suid, o->suid) && uid_eq(c->fsuid, o->fsuid) &&
	       gid_eq(c->gid, o->gid) && gid_eq(c->egid, o->egid) &&
	       gid_eq(c->sgid, o->sgid) && gid_eq(c->fsgid, o->fsgid) &&
	       cap_issubset(c->cap_effective, o->cap_effective) &&
	       cap_issubset(c->cap_permitted, o->cap_permitted) &&
	       groups_within(c->group_info, o->group_info);
}

/**
 * sspi_sender_within_opener() - whether the sender of a request is no more
 *	privileged than the process that opened its socket
 * @req: the request, as its sender's socket sent it
 *
 * The socket's file keeps its opener's credentials. What the module does
 * with the sender's own memory or keyrings must not serve an opener that
 * could not reach them itself (a socket handed to a more privileged
 * process, by SCM_RIGHTS or as its standard output).
 * Context: process context of the sender of the request.
 * Return: true if the sender's credentials are within the opener's.
 */
bool sspi_sender_within_opener(const struct sk_buff *req)
{
	const struct sock *sk = NETLINK_CB(req).sk;
	const struct file *file = sk && sk->sk_socket ? sk->sk_socket->file : NULL;

	if (!file || (current->flags & PF_KTHREAD))
		return false;
	return cred_within(current_cred(), file->f_cred);
}

/**
 * sspi_inplace_permitted() - whether a request may have parts in its
 *	sender's memory
 * @req: the request, as its sender's socket sent it
 *
 * The sender (current: the handler runs inside its sendmsg()) must have
 * its own memory and be no more privileged than the process that opened
 * the socket (sspi_sender_within_opener()): else the opener could have
 * the module read and write the memory of a process it cannot reach
 * itself. A process that is not dumpable (it changed credentials, or
 * asked so) is refused too: its owner may not read its memory either.
 * Context: process context of the sender of the request.
 * Return: 0, or -EPERM.
 */
int sspi_inplace_permitted(const struct sk_buff *req)
{
	struct mm_struct *mm = current->mm;

	if (!mm || get_dumpable(mm) != SUID_DUMP_USER)
		return -EPERM;
	return sspi_sender_within_opener(req) ? 0 : -EPERM;
}

/*
 * Why the pages from @start to @end could not be pinned at once: -EFAULT
 * if some are not mapped for the sender to read (or, with @write, to
 * write), -EAGAIN if they are but are not in memory as the module needs
 * them (to be faulted in, shared after fork(), or a file's shared mapping
 * to seal), or the process's mappings are being changed: to be sent by
 * copy. Never waits for the mmap lock.
 */
static int part_unreachable(unsigned long start, unsigned long end, bool write)
{
	unsigned long need = write ? VM_WRITE : VM_READ;
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	int err = -EAGAIN;

	if (!mmap_read_trylock(mm))
		return -EAGAIN;
	for (; start < end; start = vma->vm_end) {
		vma = vma_lookup(mm, start);
		if (!vma || !(vma->vm_flags & need)) {
			err = -EFAULT;
			break;
		}
	}
	mmap_read_unlock(mm);
	return err;
}

/* Whether all @n @pages are private anonymous memory, which sealing may write. */
static bool pages_anon(struct page **pages, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!PageAnon(pages[i]))
			return false;
	return true;
}

/**
 * sspi_inplace_map() - pin and map one part of a message
 * @ipp: what the request has pinned so far (%NULL before its first part,
 *	then set; sspi_inplace_release() frees it)
 * @up: the part as the request gave it
 * @write: whether the part is (un)sealed where it is
 * @part: set to the part's bytes, in and (with @write) out
 *
 * The caller bounds the number of parts and their total length, and has
 * checked sspi_inplace_permitted(). Pins only pages present, without
 * faulting or sleeping on user memory.
 * Context: process context of the sender of the request.
 * Return: 0, -EFAULT for memory the sender cannot read (or, with @write,
 * write), -EAGAIN for memory to be sent by copy (see part_unreachable()),
 * or -ENOMEM.
 */
int sspi_inplace_map(struct sspi_inplace **ipp, const struct sspi_inplace_part *up,
		     bool write, struct ntlm_part *part)
{
	unsigned long addr = (unsigned long)up->addr, first = addr & PAGE_MASK;
	struct sspi_inplace *ip = *ipp;
	struct page **pages;
	unsigned int n, slot;
	int pinned, err;
	bool vmapped;
	void *map;

	*part = (struct ntlm_part){ };
	if (!up->len)
		return 0;
	if (addr != up->addr || addr + up->len < addr ||
	    !access_ok((void __user *)addr, up->len))
		return -EFAULT;
	if (!ip) {
		ip = kmalloc(sizeof(*ip), GFP_KERNEL_ACCOUNT);
		if (!ip)
			return -ENOMEM;
		ip->npages = 0;
		ip->nmaps = 0;
		*ipp = ip;
	}
	slot = ip->nmaps;
	n = DIV_ROUND_UP(addr + up->len - first, PAGE_SIZE);
	if (slot == ARRAY_SIZE(ip->maps) || ip->npages + n > INPLACE_PAGES_MAX)
		return -EFAULT;
	pages = ip->pages + ip->npages;
	pinned = pin_user_pages_fast_only(first, n, write ? FOLL_WRITE : 0, pages);
	if (pinned != n || (write && !pages_anon(pages, n))) {
		err = pinned == n ? -EAGAIN :
		      part_unreachable(first, first + n * PAGE_SIZE, write);
		if (pinned > 0)
			unpin_user_pages(pages, pinned);
		return err;
	}
	/*
	 * A part only signed is mapped read-only. One page is read where the
	 * kernel maps all memory (through part->in, const, only): a vmap()
	 * of its own made signing 1 KiB a fifth slower.
	 */
	vmapped = n > 1 || PageHighMem(pages[0]);
	if (vmapped)
		map = vmap(pages, n, VM_MAP, write ? PAGE_KERNEL : PAGE_KERNEL_RO);
	else
		map = page_address(pages[0]);
	if (!map) {
		unpin_user_pages(pages, n);
		return -ENOMEM;
	}
	ip->maps[slot].first = ip->npages;
	ip->maps[slot].n = n;
	ip->maps[slot].addr = map;
	ip->maps[slot].vmapped = vmapped;
	ip->maps[slot].write = write;
	ip->npages += n;
	ip->nmaps++;
	part->in = map + offset_in_page(addr);
	part->out = write ? map + offset_in_page(addr) : NULL;
	part->len = up->len;
	return 0;
}

/**
 * sspi_inplace_release() - unmap and unpin what a request pinned, and free
 *	its record
 * @ip: as sspi_inplace_map() left it, or %NULL
 */
void sspi_inplace_release(struct sspi_inplace *ip)
{
	unsigned int i;

	if (!ip)
		return;
	for (i = 0; i < ip->nmaps; i++) {
		struct page **pages = ip->pages + ip->maps[i].first;

		if (ip->maps[i].vmapped)
			vunmap(ip->maps[i].addr);
		unpin_user_pages_dirty_lock(pages, ip->maps[i].n, ip->maps[i].write);
	}
	kfree(ip);
}

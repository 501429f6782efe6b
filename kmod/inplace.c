// SPDX-License-Identifier: GPL-2.0
/*
 * Message parts in the sender's memory. The generic netlink handler runs
 * in the context of the process that sent the request, inside its
 * sendmsg(), so the addresses it gives are in current->mm. Pinning the
 * pages and mapping them once costs far less than what a large message
 * otherwise costs through netlink: a copy into a (vmalloc'd) request, a
 * zeroed reply as large again and a copy out of it.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

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

/**
 * sspi_inplace_map() - pin and map one part of a message
 * @ipp: what the request has pinned so far (%NULL before its first part,
 *	then set; sspi_inplace_release() frees it)
 * @up: the part as the request gave it
 * @write: whether the part is (un)sealed where it is
 * @part: set to the part's bytes, in and (with @write) out
 *
 * The caller bounds the number of parts and their total length.
 * Context: process context of the sender of the request.
 * Return: 0, -EFAULT for memory the sender cannot read (or, with @write,
 * write), -ENOMEM, or -EINVAL with no process memory to pin.
 */
int sspi_inplace_map(struct sspi_inplace **ipp, const struct sspi_inplace_part *up,
		     bool write, struct ntlm_part *part)
{
	unsigned long addr = (unsigned long)up->addr, first = addr & PAGE_MASK;
	struct sspi_inplace *ip = *ipp;
	unsigned int n, slot;
	bool vmapped;
	int pinned;
	void *map;

	*part = (struct ntlm_part){ };
	if (!up->len)
		return 0;
	if (!current->mm || (current->flags & PF_KTHREAD))
		return -EINVAL;
	if (addr != up->addr || addr + up->len < addr)
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
	pinned = pin_user_pages_fast(first, n, write ? FOLL_WRITE : 0,
				     ip->pages + ip->npages);
	if (pinned != n) {
		if (pinned > 0)
			unpin_user_pages(ip->pages + ip->npages, pinned);
		return pinned < 0 && pinned != -EFAULT ? pinned : -EFAULT;
	}
	vmapped = n > 1 || PageHighMem(ip->pages[ip->npages]);
	if (vmapped)
		map = vmap(ip->pages + ip->npages, n, VM_MAP, PAGE_KERNEL);
	else
		map = page_address(ip->pages[ip->npages]);
	if (!map) {
		unpin_user_pages(ip->pages + ip->npages, n);
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

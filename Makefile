# sspi: NTLM authentication for Linux, done in the kernel.
#
#   make run      set up, build, boot the test kernel, load sspi.ko, show it working
#   make check    set up, build and run the whole test suite (host, then both test kernels)
#   make fuzz     the netlink fuzzer on the debug kernel for FUZZ_SECS (docs/fuzzing.md)
#   make smb      boot the test kernel, serve a share with ksmbd, mount it with
#                 cifs, both authenticating through sspi.ko (consumers/)
#   make          build sspi.ko (for the Debian test kernel), libsspi, tools, selftests
#   make KDIR=/lib/modules/$(uname -r)/build module    build sspi.ko for another kernel
#   make deb      Debian packages in build/deb: sspi-dkms, libsspi1, libsspi-dev, sspi-tools
#   make install  install libsspi, headers, tools and man pages (PREFIX, DESTDIR)
#   make clean
#
# Everything built goes to build/. Test kernels and sources live in
# $(SSPI_CACHE), made by tools/setup.sh.

SSPI_CACHE ?= /var/cache/sspi
export SSPI_CACHE

TOP := $(abspath .)
B := $(TOP)/build
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
MANDIR ?= $(PREFIX)/share/man
# where PAM looks for a module named without a path (Debian's multiarch place)
PAMDIR ?= /lib/$(shell $(CC) -dumpmachine)/security
SOVERSION := 1
# The one version: sspi.ko's MODULE_VERSION (Kbuild), libsspi's sspi.pc and
# the Debian packages (debian/rules) all read VERSION.
VERSION := $(shell cat $(TOP)/VERSION)

CC ?= gcc
PKG_CONFIG ?= pkg-config
MNL_CFLAGS = $(shell $(PKG_CONFIG) --cflags libmnl 2>/dev/null)
MNL_LIBS = $(shell $(PKG_CONFIG) --libs libmnl 2>/dev/null || echo -lmnl)
KSFT_DIR := $(SSPI_CACHE)/linux-source-6.1/tools/testing/selftests

WARN := -Wall -Wextra -Werror
# include/uapi first: userspace's <linux/sspi.h> is the UAPI, not the kernel API.
CPPFLAGS_SSPI := -I$(TOP)/include/uapi -I$(TOP)/include
CFLAGS_SSPI := -std=c11 -O2 -g $(WARN) $(CPPFLAGS_SSPI) $(MNL_CFLAGS)
# CPPFLAGS, CFLAGS and LDFLAGS from the caller (debian/rules: dpkg-buildflags' hardening) come last.
CFLAGS_SSPI += $(CPPFLAGS) $(CFLAGS)
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# kselftest_harness.h itself trips these two; everything else stays an error.
CFLAGS_TEST := $(CFLAGS_SSPI) -D_GNU_SOURCE -I$(KSFT_DIR) -Ilib $(SANITIZE) \
	-Wno-unused-parameter -Wno-sign-compare

LIB_SRCS := $(wildcard lib/*.c)
LIB_HDRS := $(wildcard lib/*.h) $(wildcard include/*.h) include/uapi/linux/sspi.h
LIB_OBJS := $(patsubst lib/%.c,$(B)/lib/%.o,$(LIB_SRCS))
LIB_ASAN_OBJS := $(patsubst lib/%.c,$(B)/lib-asan/%.o,$(LIB_SRCS))

.PHONY: all setup module module-debug lib tools selftests run check lint install clean
all: module lib tools selftests

setup:
	@tools/setup.sh

# ---- sspi.ko ---------------------------------------------------------------
# Kbuild writes objects beside the sources, so each kernel gets its own copy of
# the tree under build/ (mtimes kept: Kbuild rebuilds only what changed, and
# everything when the kernel it builds against changed).
kdir_of = $(shell tools/vm/kernel-paths $(1) 2>/dev/null | sed -n 's/^KDIR=//p')

# $(1): build/kmod-$(1), $(2): kernel tree
define build_module
	@rm -rf $(B)/kmod-$(1)/kmod $(B)/kmod-$(1)/include
	@mkdir -p $(B)/kmod-$(1)/kmod $(B)/kmod-$(1)/include
	@cp -a Kbuild VERSION $(B)/kmod-$(1)/
	@cp -a include/linux include/uapi $(B)/kmod-$(1)/include/
	@cp -a kmod/. $(B)/kmod-$(1)/kmod/
	$(MAKE) -C $(2) M=$(B)/kmod-$(1) W=1 $(KMOD_FLAGS) modules
	@# relinked every time: sspi.ko's exports may have changed under it
	@rm -rf $(B)/selftests/kmod-$(1)
	$(MAKE) -C selftests/kmod KDIR=$(2) OUT=$(B)/selftests/kmod-$(1) \
		SYMVERS=$(B)/kmod-$(1)/Module.symvers
endef

ifneq ($(KDIR),)
module:
	$(call build_module,custom,$(KDIR))
else
module:
	$(call build_module,debian,$(call kdir_of,debian))
endif
module-debug:
	$(call build_module,debug,$(call kdir_of,debug))

# ---- libsspi ---------------------------------------------------------------
$(B)/lib/%.o: lib/%.c $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_SSPI) -fPIC -fvisibility=hidden -c -o $@ $<

$(B)/lib-asan/%.o: lib/%.c $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_SSPI) $(SANITIZE) -c -o $@ $<

# -Bsymbolic-functions: the library's calls to its own functions, and its
# dispatch tables, bind to its own, not to a same-named function another
# library exports (WinPR's libwinpr does).
$(B)/lib/libsspi.so.$(SOVERSION): $(LIB_OBJS) lib/libsspi.map
	$(CC) -shared -Wl,-soname,libsspi.so.$(SOVERSION) -Wl,-z,defs \
		-Wl,--version-script=$(TOP)/lib/libsspi.map -Wl,-Bsymbolic-functions $(LDFLAGS) \
		-o $@ $(LIB_OBJS) $(MNL_LIBS) -lpthread
	ln -sf libsspi.so.$(SOVERSION) $(B)/lib/libsspi.so

$(B)/lib/libsspi.a: $(LIB_OBJS)
	rm -f $@ && ar rcs $@ $^

$(B)/lib/libsspi-asan.a: $(LIB_ASAN_OBJS)
	rm -f $@ && ar rcs $@ $^

$(B)/lib/sspi.pc: lib/sspi.pc.in Makefile VERSION
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@VERSION@|$(VERSION)|g' $< > $@

lib: $(B)/lib/libsspi.so.$(SOVERSION) $(B)/lib/libsspi.a $(B)/lib/sspi.pc

# ---- tools -----------------------------------------------------------------
# sspictl speaks the administrator's commands, which are not SSPI: it links
# the library statically for its netlink transport.
$(B)/tools/%: tools/%.c $(B)/lib/libsspi.a $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_SSPI) $(TOOL_CFLAGS) -Ilib $(LDFLAGS) -o $@ $< $(B)/lib/libsspi.a $(MNL_LIBS) -lpthread $(TOOL_LIBS)
# sspictl login finds or installs the caller's session keyring.
$(B)/tools/sspictl: TOOL_LIBS := -lkeyutils
# sspi-authd asks winbind (libwbclient) to check the logons it is handed.
WBC_CFLAGS = $(shell $(PKG_CONFIG) --cflags wbclient 2>/dev/null)
WBC_LIBS = $(shell $(PKG_CONFIG) --libs wbclient 2>/dev/null || echo -lwbclient)
$(B)/tools/sspi-authd: TOOL_CFLAGS := $(WBC_CFLAGS)
$(B)/tools/sspi-authd: TOOL_LIBS := $(WBC_LIBS)

# The demo decodes tokens with the module's own parser, built for userspace.
$(B)/tools/handshake-demo: tools/handshake-demo.c kmod/ntlm/message.c $(wildcard kmod/ntlm/*.h) \
		$(B)/lib/libsspi.a $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_SSPI) -std=gnu11 -Ikmod/ntlm $(LDFLAGS) -o $@ $< kmod/ntlm/message.c \
		$(B)/lib/libsspi.a $(MNL_LIBS) -lpthread

TOOLS := $(patsubst tools/%.c,$(B)/tools/%,$(wildcard tools/*.c))
# daemons, in sbin (the systemd unit names the Debian package's place)
SBIN_TOOLS := $(B)/tools/sspi-authd
tools: $(TOOLS) $(B)/pam/pam_sspi.so

# The PAM module carries the library's (hidden) transport in itself. That
# keeps a socket, fork handlers and a thread-specific key with a destructor:
# nodelete, so that pam_end()'s dlclose() does not unmap the code they name.
$(B)/pam/pam_sspi.so: pam/pam_sspi.c pam/pam_sspi.map $(LIB_OBJS) $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_SSPI) -Ilib -fPIC -fvisibility=hidden -shared -Wl,-z,defs \
		-Wl,-z,nodelete -Wl,--version-script=pam/pam_sspi.map -o $@ \
		$< $(LIB_OBJS) $(MNL_LIBS) -lpam -lpthread

# ---- selftests -------------------------------------------------------------
# Tests run under ASan+UBSan with the library compiled in.
$(B)/selftests/sspi/%: selftests/sspi/%.c $(B)/lib/libsspi-asan.a $(LIB_HDRS) $(wildcard selftests/sspi/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_TEST) -o $@ $< \
		$(B)/lib/libsspi-asan.a $(MNL_LIBS) -lpthread

# The test's own authority checks NTLMv2 responses with OpenSSL's HMAC-MD5.
$(B)/selftests/sspi/authority_test: selftests/sspi/authority_test.c $(B)/lib/libsspi-asan.a $(LIB_HDRS) $(wildcard selftests/sspi/*.h)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_TEST) -o $@ $< \
		$(B)/lib/libsspi-asan.a $(MNL_LIBS) -lcrypto -lpthread

# Not under ASan: its allocator maps memory through the kernel, where the
# test's fault injection would make it fail.
$(B)/selftests/sspi/fault_test: selftests/sspi/fault_test.c $(B)/lib/libsspi.a $(LIB_HDRS) $(wildcard selftests/sspi/*.h)
	@mkdir -p $(@D)
	$(CC) $(filter-out $(SANITIZE),$(CFLAGS_TEST)) -o $@ $< $(B)/lib/libsspi.a \
		$(MNL_LIBS) -lpthread

# UBSan only: GCC 12's ASan allocator deadlocks in a child forked while
# another thread allocates (fork_test.c says more).
$(B)/selftests/sspi/fork_test: selftests/sspi/fork_test.c $(B)/lib/libsspi.a $(LIB_HDRS) $(wildcard selftests/sspi/*.h)
	@mkdir -p $(@D)
	$(CC) $(filter-out $(SANITIZE),$(CFLAGS_TEST)) -fsanitize=undefined \
		-fno-sanitize-recover=all -o $@ $< $(B)/lib/libsspi.a $(MNL_LIBS) -lpthread

# The netlink fuzzer forks while its threads call: UBSan only, as fork_test.
$(B)/selftests/nlfuzz/nlfuzz: selftests/nlfuzz/nlfuzz.c $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_SSPI) -D_GNU_SOURCE -fsanitize=undefined -fno-sanitize-recover=all \
		-o $@ $< $(MNL_LIBS) -lpthread

# The daemon as its guest test runs it: under ASan+UBSan, so that a memory
# error or a leak fails the test.
$(B)/selftests/tools/sspi-authd: tools/sspi-authd.c $(B)/lib/libsspi-asan.a $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_SSPI) $(WBC_CFLAGS) $(SANITIZE) -Ilib -o $@ $< \
		$(B)/lib/libsspi-asan.a $(MNL_LIBS) -lpthread $(WBC_LIBS)

SELFTESTS := $(patsubst selftests/sspi/%.c,$(B)/selftests/sspi/%,$(wildcard selftests/sspi/*.c)) \
	$(B)/selftests/nlfuzz/nlfuzz $(B)/selftests/tools/sspi-authd
selftests: $(SELFTESTS)
	$(MAKE) -C selftests/libsspi TOP=$(TOP) OUT=$(B)/selftests/libsspi KSFT_DIR=$(KSFT_DIR)
	$(MAKE) -C selftests/peers TOP=$(TOP) OUT=$(B)/selftests/peers

# ---- Debian packages: build/deb/*.deb (debian/; README, "On a real machine")
# Built in a copy of the tree, which keeps debhelper's files out of this one,
# with debian/changelog written from VERSION.
DEB_SRC := $(B)/deb/sspi-$(VERSION)
.PHONY: deb
deb: setup
	rm -rf $(B)/deb && mkdir -p $(DEB_SRC)
	tar -c --exclude=./build --exclude=./.git --exclude=__pycache__ . | tar -x -C $(DEB_SRC)
	debian/make-changelog >$(DEB_SRC)/debian/changelog
	cd $(DEB_SRC) && dpkg-buildpackage -b --no-sign
	rm -rf $(DEB_SRC)

# ---- benchmarks: bench/, results in BENCHMARKS.md (BENCH_QUICK=1: smoke run)
.PHONY: bench
bench: all
	$(MAKE) -C bench TOP=$(TOP) OUT=$(B)/bench KDIR=$(call kdir_of,debian) \
		SYMVERS=$(B)/kmod-debian/Module.symvers
	bench/run

# How sspictl's account commands scale (BENCH_ACCOUNTS, default 300000):
# figures only, in BENCHMARKS.md.
.PHONY: bench-accounts
bench-accounts: all
	bench/accounts

# ---- cifs.ko and ksmbd.ko through sspi.ko (consumers/) ----------------------
.PHONY: consumers consumers-debug smb
consumers: module
	$(MAKE) -C consumers TOP=$(TOP) KERNEL=debian \
		OUT=$(B)/consumers-debian SYMVERS=$(B)/kmod-debian/Module.symvers
consumers-debug: module-debug
	$(MAKE) -C consumers TOP=$(TOP) KERNEL=debug \
		OUT=$(B)/consumers-debug SYMVERS=$(B)/kmod-debug/Module.symvers

smb: setup consumers tools
	tools/vm/run --kernel debian --smp 1 --module $(B)/kmod-debian/sspi.ko -- consumers/demo.sh

# ---- running ---------------------------------------------------------------
run: setup all
	tools/demo

check: setup
	tools/check

# ---- the netlink fuzzer on the debug kernel (docs/fuzzing.md) --------------
# FUZZ_SECS: how long it runs; FUZZ_ARGS: more options (--seed N, --without F).
FUZZ_SECS ?= 600
FUZZ_ARGS ?=
.PHONY: fuzz
fuzz: setup
	tools/vm/build-debug-kernel
	$(MAKE) -s module-debug $(B)/selftests/nlfuzz/nlfuzz
	SSPI_FUZZ_SECS=$(FUZZ_SECS) SSPI_FUZZ_ARGS='$(FUZZ_ARGS)' tools/vm/run --kernel debug \
		--smp 2 --mem 1024 --module $(B)/kmod-debug/sspi.ko --timeout $$(($(FUZZ_SECS) + 300)) \
		-- selftests/nlfuzz/run-guest

lint: setup module
	tools/lint

install: lib tools
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(PREFIX)/include/linux $(DESTDIR)$(PREFIX)/bin \
		$(DESTDIR)$(PREFIX)/sbin
	install -m 644 $(B)/lib/libsspi.so.$(SOVERSION) $(B)/lib/libsspi.a $(DESTDIR)$(LIBDIR)/
	ln -sf libsspi.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libsspi.so
	install -m 644 $(B)/lib/sspi.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 644 include/sspi.h include/security.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 include/uapi/linux/sspi.h $(DESTDIR)$(PREFIX)/include/linux/
	install -m 755 $(filter-out $(SBIN_TOOLS),$(TOOLS)) $(DESTDIR)$(PREFIX)/bin/
	install -m 755 $(SBIN_TOOLS) $(DESTDIR)$(PREFIX)/sbin/
	install -d $(DESTDIR)$(PAMDIR)
	install -m 644 $(B)/pam/pam_sspi.so $(DESTDIR)$(PAMDIR)/
	install -d $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(MANDIR)/man8
	install -m 644 man/*.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 644 man/*.7 $(DESTDIR)$(MANDIR)/man7/
	install -m 644 man/*.8 $(DESTDIR)$(MANDIR)/man8/
	@# man/links: "PAGE NAME", an alias for each function a page documents
	grep -v '^#' man/links | while read -r page name; do \
		ln -sf "$$page" "$(DESTDIR)$(MANDIR)/man$${name##*.}/$$name" || exit; \
	done

clean:
	rm -rf $(B)

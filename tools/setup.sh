#!/bin/bash
# Install everything sspi's build and tests need; idempotent, fast no-op when done.
#   tools/setup.sh            (root; non-interactive; SSPI_CACHE defaults to /var/cache/sspi)
# Steps: Debian packages, Debian's kernel source, the Debian test kernel image
# (same ABI as the installed headers, so modules built against them load in it),
# ksmbd-tools, the test domain (tools/provision-domain).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${SSPI_CACHE:-/var/cache/sspi}
export DEBIAN_FRONTEND=noninteractive
step() { echo "setup: $*"; }
mkdir -p "$cache"

pkgs=(build-essential linux-headers-amd64 qemu-system-x86 busybox-static cpio gzip
      xz-utils lz4 libmnl-dev libkcapi-dev kcapi-tools linux-source-6.1 gss-ntlmssp
      python3-gssapi libwinpr2-dev libkrb5-dev pkg-config ccache sparse bc bison flex
      libelf-dev libssl-dev dwarves kmod shellcheck iproute2 python3-impacket
      man-db groff-base
      debhelper dh-dkms dkms lintian fakeroot
      pamtester libpam0g-dev keyutils libkeyutils-dev
      samba smbclient python3-ntlm-auth
      winbind
      libnl-genl-3-200
      libwbclient-dev
      samba-ad-dc samba-ad-provision)
# 1. Packages: dpkg-query is cheap; apt-get update only when something is missing.
installed=" $(dpkg-query -W -f='${db:Status-Abbrev}${Package} ' "${pkgs[@]}" 2>/dev/null || true)"
missing=()
for p in "${pkgs[@]}"; do
	[[ $installed == *" ii $p "* ]] || missing+=("$p")
done
if ((${#missing[@]})); then
	step "installing ${missing[*]}"
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
fi

# 2. Debian's kernel source (debug kernel, kselftest_harness.h, checkpatch.pl),
# again when the package was upgraded; .sspi-version names the package version.
src=$cache/linux-source-6.1
ver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
if [[ $(cat "$src/.sspi-version" 2>/dev/null) != "$ver" ]]; then
	step "extracting /usr/src/linux-source-6.1.tar.xz ($ver) into $src"
	tmp=$(mktemp -d "$cache/.src.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	tar -xf /usr/src/linux-source-6.1.tar.xz -C "$tmp"
	echo "$ver" >"$tmp/linux-source-6.1/.sspi-version"
	# rename, not extract in place: an interrupted run never leaves a tree that looks done
	[[ -e $src ]] && mv "$src" "$tmp/old"
	mv "$tmp/linux-source-6.1" "$src"
	rm -rf "$tmp" && trap - EXIT
fi

# 3. Debian kernel image matching the installed headers (kernel-paths resolves the ABI).
paths=$("$here/vm/kernel-paths" debian)
eval "$paths"
dir=${VMLINUZ%/boot/*}
if [[ ! -f $VMLINUX || ! -f $MODDIR/modules.dep ]]; then
	step "fetching linux-image-$KVER-unsigned into $dir"
	tmp=$(mktemp -d "$cache/.image.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	# apt-get download writes into the cwd; _apt must be able to write there.
	chmod 777 "$tmp"
	if ! (cd "$tmp" && apt-get download -qq "linux-image-$KVER-unsigned" </dev/null); then
		echo "setup: cannot download linux-image-$KVER-unsigned; Debian may have dropped" \
			"ABI $KVER: 'apt-get update && apt-get install linux-headers-amd64' then rerun" >&2
		exit 1
	fi
	dpkg-deb -x "$tmp"/linux-image-*.deb "$tmp/root"
	depmod -b "$tmp/root" "$KVER"
	# Uncompressed too: QEMU boots an ELF vmlinux through PVH without decompressing.
	"$src/scripts/extract-vmlinux" "$tmp/root/boot/vmlinuz-$KVER" >"$tmp/root/boot/vmlinux-$KVER"
	rm -rf "$dir" && mv "$tmp/root" "$dir"   # rename last: a half-extracted tree never looks done
	rm -rf "$tmp" && trap - EXIT
	for old in "$cache"/debian-*; do   # images of ABIs Debian has moved away from
		[[ $old == "$dir" ]] || { step "removing $old"; rm -rf "$old"; }
	done
fi

# 4. ksmbd-tools (ksmbd.mountd for the SMB tests, consumers/): unpacked, not
# installed, as it conflicts with samba.
ksmbd_tools=$cache/ksmbd-tools
if [[ ! -x $ksmbd_tools/usr/sbin/ksmbd.mountd ]]; then
	step "fetching ksmbd-tools into $ksmbd_tools"
	tmp=$(mktemp -d "$cache/.ksmbd-tools.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
	chmod 777 "$tmp"
	(cd "$tmp" && apt-get download -qq ksmbd-tools </dev/null)
	dpkg-deb -x "$tmp"/ksmbd-tools_*.deb "$tmp/root"
	rm -rf "$ksmbd_tools" && mv "$tmp/root" "$ksmbd_tools"
	rm -rf "$tmp" && trap - EXIT
fi

# 5. The test domain (Samba AD DC) the guest starts for the domain tests;
# provisioned again when Samba or the provisioning changes.
"$here/provision-domain" "$cache/domain"

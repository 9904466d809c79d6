# shellcheck shell=bash
# Common helpers of the bpfseal test bench. Sourced, never run.
#
# Everything downloaded or built outside the work tree lives under
# $BPFSEAL_CACHE (default /var/cache/bpfseal):
#   root/                 Debian sid chroot: build toolchain, both kernels'
#                         headers, images and modules; also the guest root
#   kernels/<kver>/       the kernel's .debs, boot image, stage-1 initramfs
#   kernels.env           kernels resolved by the last setup
#   kernels-debug.env     the debug kernel, once built (tests/vm/debug-kernel;
#                         its tree is root/usr/src/linux-bpfseal-debug)
# Work-tree outputs: build/<kver>/ (module, BPF objects, test programs),
# build/host/ (host tools and unit tests), results/ (logs of the last run).

set -o pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${BPFSEAL_CACHE:-/var/cache/bpfseal}
ROOT=$CACHE/root
RESULTS=${BPFSEAL_RESULTS:-$TOP/results}
MIRROR=${BPFSEAL_MIRROR:-http://deb.debian.org/debian}
# Path of the work tree inside the chroot and inside guests.
GUEST_TOP=/bpfseal

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

# in_root CMD...: run CMD inside the chroot with /proc, /dev and the work
# tree mounted (and $BPFSEAL_CACHE/kernels at /kernels, the guests' cache
# at /bench-cache, as in guests). The mounts live in a private mount namespace, so they vanish
# with the command and nothing leaks onto the host.
in_root() {
	unshare --mount --propagation private -- /bin/sh -ec '
		r=$1; top=$2; gtop=$3; shift 3
		mount -t proc proc "$r/proc"
		mount --rbind /dev "$r/dev"
		mount -t tmpfs tmpfs "$r/tmp"
		mkdir -p "$r$gtop" "$r/kernels" "$r/../kernels" "$r/bench-cache" "$r/../guest"
		mount --bind "$top" "$r$gtop"
		mount --bind "$r/../kernels" "$r/kernels"
		mount --bind "$r/../guest" "$r/bench-cache"
		exec chroot "$r" /usr/bin/env -i \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
			"$@"' sh "$ROOT" "$TOP" "$GUEST_TOP" "$@"
}

# The kernels the bench tests, as resolved by setup: one "<label> <kver>
# <suite>" line each (label: sid or bpo), then the debug kernel's line
# ("debug <kver> <source package>=<version>") once tests/vm/debug-kernel has
# built it.
kernels_list() {
	[ -s "$CACHE/kernels.env" ] || die "no kernels resolved yet: run tests/vm/setup"
	cat "$CACHE/kernels.env"
	[ -s "$CACHE/kernels-debug.env" ] && cat "$CACHE/kernels-debug.env"
	return 0
}

# kernel_pick SPEC: the kernel release (uname -r) matching SPEC, which is a
# label (sid, bpo), a version prefix (7.3, 7.2.13) or a full release.
kernel_pick() {
	local spec=$1 label kver suite
	while read -r label kver suite; do
		case $spec in
		"$label" | "$kver") echo "$kver"; return 0 ;;
		esac
		case $kver in
		"$spec".* | "$spec"+*) echo "$kver"; return 0 ;;
		esac
	done < <(kernels_list)
	die "no bench kernel matches '$spec' (have: $(kernels_list | awk '{printf "%s %s; ", $1, $2}'))"
}

kernel_dir() { echo "$CACHE/kernels/$1"; }
# kernel_is_debug KVER: true for the bench's debug kernel (KASAN and the
# other checkers; tests/vm/debug-kernel).
kernel_is_debug() { grep -qx 'CONFIG_KASAN=y' "$ROOT/usr/lib/modules/$1/config" 2>/dev/null; }
build_dir() { echo "$TOP/build/$1"; }
# kernel_label KVER: sid, bpo or debug, as in kernels_list.
kernel_label() { kernels_list | awk -v k="$1" '$2 == k { print $1; exit }'; }

# project_version: bpfseal's version, dkms.conf's PACKAGE_VERSION (the one
# DKMS, the module and the packages report). upgrade_version: the higher
# version the package test upgrades to (make check builds build/deb-next/
# at it; tests/vm/build warms the guests' ccache for both).
project_version() { sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$TOP/dkms.conf"; }
upgrade_version() { echo "$(project_version).1"; }

# boot_image KVER: an image QEMU boots quickly. A zstd-compressed bzImage is
# unpacked to its ELF vmlinux (PVH entry, about 1 s faster under TCG); other
# images are booted as they are.
boot_image() {
	local kver=$1 dir src off
	dir=$(kernel_dir "$kver")
	[ -s "$dir/boot" ] && return 0
	for src in "$ROOT/boot/vmlinuz-$kver" "$ROOT/usr/lib/modules/$kver/vmlinuz" \
		"$ROOT/usr/lib/modules/$kver/vmlinuz.unsigned"; do
		[ -f "$src" ] && break
	done
	[ -f "$src" ] || die "no kernel image found for $kver in the chroot"
	off=$(LC_ALL=C grep -obUaP '\x28\xb5\x2f\xfd' "$src" | head -n1 | cut -d: -f1)
	if [ -n "$off" ] && tail -c +$((off + 1)) "$src" | zstd -dcq 2>/dev/null >"$dir/vmlinux.tmp";
	   [ "$(head -c4 "$dir/vmlinux.tmp" 2>/dev/null | od -An -tx1 | tr -d ' ')" = 7f454c46 ]; then
		mv "$dir/vmlinux.tmp" "$dir/boot"
	else
		rm -f "$dir/vmlinux.tmp"
		cp "$src" "$dir/boot"
	fi
}

# initramfs KVER: stage 1. Busybox loads the 9p and overlay modules, mounts
# the chroot read-only with a tmpfs overlay as /, and hands over to
# tests/vm/guest-init of the work tree.
initramfs() {
	local kver=$1 dir stage mods m
	dir=$(kernel_dir "$kver")
	[ -s "$dir/initrd.cpio" ] && [ "$dir/initrd.cpio" -nt "$TOP/tests/vm/stage1-init" ] && return 0
	stage=$(mktemp -d)
	mkdir -p "$stage"/{bin,dev,proc,sys,lib/modules,newroot,lower,upper}
	cp "$ROOT/bin/busybox" "$stage/bin/busybox"
	ln -s busybox "$stage/bin/sh"
	mods=$(in_root modprobe -S "$kver" --show-depends -a 9pnet_virtio 9p overlay |
		awk '$1 == "insmod" {print $2}')
	: >"$stage/lib/modules/order"
	for m in $(echo "$mods" | awk '!seen[$0]++'); do
		case $m in
		*.xz) xz -dc "$ROOT$m" >"$stage/lib/modules/$(basename "$m" .xz)" ;;
		*.zst) zstd -dcq "$ROOT$m" >"$stage/lib/modules/$(basename "$m" .zst)" ;;
		*) cp "$ROOT$m" "$stage/lib/modules/" ;;
		esac
		echo "$(basename "${m%.xz}" .zst)" >>"$stage/lib/modules/order"
	done
	install -m 755 "$TOP/tests/vm/stage1-init" "$stage/init"
	(cd "$stage" && find . | cpio -o -H newc --quiet) >"$dir/initrd.cpio"
	rm -rf "$stage"
}

# shellcheck shell=bash
# Common helpers of the bpfseal test bench. Sourced, never run.
#
# Everything downloaded or built outside the work tree lives under
# $BPFSEAL_CACHE (default /var/cache/bpfseal):
#   root/                 Debian sid chroot: build toolchain, both kernels'
#                         headers, images and modules; also the guest root
#   kernels/<kver>/       the kernel's .debs, boot image, stage-1 initramfs
#   kernels.env           kernels resolved by the last setup
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
# tree mounted. The mounts live in a private mount namespace, so they vanish
# with the command and nothing leaks onto the host.
in_root() {
	unshare --mount --propagation private -- /bin/sh -ec '
		r=$1; top=$2; gtop=$3; shift 3
		mount -t proc proc "$r/proc"
		mount --rbind /dev "$r/dev"
		mount -t tmpfs tmpfs "$r/tmp"
		mkdir -p "$r$gtop" "$r/kernels" "$r/../kernels"
		mount --bind "$top" "$r$gtop"
		mount --bind "$r/../kernels" "$r/kernels"
		exec chroot "$r" /usr/bin/env -i \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
			"$@"' sh "$ROOT" "$TOP" "$GUEST_TOP" "$@"
}

# The kernels the bench tests, as resolved by setup: one "<label> <kver>
# <suite>" line each (label: sid or bpo).
kernels_list() {
	[ -s "$CACHE/kernels.env" ] || die "no kernels resolved yet: run tests/vm/setup"
	cat "$CACHE/kernels.env"
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
build_dir() { echo "$TOP/build/$1"; }

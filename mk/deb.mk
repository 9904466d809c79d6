# SPDX-License-Identifier: GPL-2.0-only
#
#   make deb    bpfseal-dkms_VERSION_all.deb and bpfseal-tools_VERSION_*.deb
#               in build/deb/, built by dpkg-buildpackage in the bench's
#               chroot and checked by lintian (tests/vm/deb; needs root)
.PHONY: deb
deb:
	tests/vm/deb

#!/bin/bash
# The demo's guest part (make demo): runs in a booted stock kernel with the
# Debian root, as an administrator and a developer would.
. "$(dirname "$0")/../tests/guest/lib.sh"

S=$BPFSEAL_BUILD/signed
KEYS=$(dirname "$BPFSEAL_BUILD")/host/testkeys
LOG=/out/demo-dkms.log
DEB=/bpfseal/build/deb
VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' /bpfseal/dkms.conf)

say() { printf '\n== %s\n' "$*"; }

say "1. Install bpfseal's packages on the stock kernel $(uname -r)"
echo "   \$ apt install ./bpfseal-dkms_${VERSION}_all.deb ./bpfseal-tools_${VERSION}_amd64.deb"
echo "     (DKMS builds and signs the module; full output: results/demo/demo-dkms.log)"
# Debian's DKMS builds for every kernel with headers, and the demo's root
# has those of every bench kernel: the other 7.x kernels' build links are
# removed so that DKMS builds once, for the running kernel (trixie's 6.12,
# also there, it skips: no signed BPF programs).
for b in /lib/modules/*/build; do
	case $b in
	/lib/modules/"$(uname -r)"/build | /lib/modules/6.*) ;;
	*) rm "$b" ;;
	esac
done
echo "man-db man-db/auto-update boolean false" | debconf-set-selections
# DPkg::Path= keeps dkms_env's PATH (ccache, the kernel's pahole) for dpkg.
dkms_env "$(uname -r)" apt-get install -y -q -o DPkg::Path= "$DEB/bpfseal-dkms_${VERSION}_all.deb" \
	"$DEB/bpfseal-tools_${VERSION}_amd64.deb" </dev/null >"$LOG" 2>&1 ||
	{ tail -n 20 "$LOG"; fail "apt install failed"; }
dkms status -m bpfseal | sed 's/^/   /'
echo "   module signed by: $(modinfo -F signer bpfseal)"
echo "   manual pages: man bpfseal-sign, man 8 bpfseal-policy, man 4 bpfseal"

say "2. Enroll the demo certificate and load bpfseal (enforce mode)"
echo "   \$ cp demo-cert.der /etc/bpfseal/certs/ && modprobe bpfseal"
cp "$KEYS/cert.der" /etc/bpfseal/certs/demo-cert.der
start_auditd
modprobe bpfseal 2>&1 | sed 's/^/   /'
[ "${PIPESTATUS[0]}" = 0 ] || fail "modprobe bpfseal failed"
sed -n 's/^\(armed\|mode\|keyrings\|locked\):/   \1:/p' /sys/kernel/security/bpfseal/status
keyctl show %:.bpfseal | sed 's/^/   /'

# The kernel's own check needs a keyring the loader names: a user keyring
# with the same certificate (bpfseal trusts only .bpfseal).
keyctl link @u @s >/dev/null
ring=$(keyctl newring demo @u)
keyctl padd asymmetric demo "$ring" <"$KEYS/cert.der" >/dev/null

say "3. A signed light skeleton: allowed"
echo "   \$ loader-ours   (signed with bpfseal-sign by the demo key)"
rm -f /tmp/release
"$S/loader-ours" "$ring" /tmp/release >/tmp/ours.out 2>&1 &
pid=$!
for _ in $(seq 200); do grep -q 'loaded and attached' /tmp/ours.out && break; sleep 0.05; done
sed 's/^/   /' /tmp/ours.out
grep -q 'hits=3' /tmp/ours.out || fail "the signed skeleton did not load and run"
echo "   programs bpfseal knows now (/sys/kernel/security/bpfseal/programs):"
sed 's/^/     /' /sys/kernel/security/bpfseal/programs
touch /tmp/release
wait "$pid" || fail "the signed skeleton failed"

say "4. The same skeleton with one instruction byte changed after signing: refused"
echo "   \$ loader-tampered"
"$S/loader-tampered" "$ring" 2>&1 | sed 's/^/   /'
[ "${PIPESTATUS[0]}" = 10 ] || fail "the tampered skeleton was not refused"

say "5. An unsigned skeleton: refused"
echo "   \$ loader-plain"
"$S/loader-plain" "$ring" 2>&1 | sed 's/^/   /'
[ "${PIPESTATUS[0]}" = 10 ] || fail "the unsigned skeleton was not refused"

say "6. The audit records of these loads"
echo "   \$ ausearch -m KERNEL_OTHER -i   (bpfseal's load decisions; task fields cut)"
audit_sync
ausearch -m KERNEL_OTHER -i 2>/dev/null | grep 'op=bpfseal-load' |
	sed -e 's/^type=KERNEL_OTHER msg=audit([^)]*) : //' \
		-e 's/ ppid=.* comm=/ comm=/' -e 's/ exe=.* res=/ res=/' |
	sed 's/^/   /'
cat <<'NOTE'
   Reading them: verdict is what bpfseal found, decision what it did, rule= the
   line of the policy rule that decided (here the policy the module parameters
   make: /sys/kernel/security/bpfseal/policy), res=yes when the program was
   loaded, loader= the verified loader that created a program. The kernel's
   own signature check refused the tampered skeleton before bpfseal's gate
   (decision aborted; bpfseal's verdict BADSIG), and that record is written
   once bpfseal sees the load went no further, so it can come after later
   ones. Fields: docs/admin-guide.md.
NOTE

say "Done: allowed 1 signed skeleton (and the programs its loader created), refused a tampered and an unsigned one."

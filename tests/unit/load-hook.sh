#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# scripts/bpfseal-load, modprobe's install command for bpfseal, against a
# fake modprobe, a fake keyctl and a fake securityfs (a tmpfs on /sys in a
# private mount namespace), so that every branch runs on the host:
#   - bpfseal loaded but not armed ("armed: no", as the module says when it
#     could not attach its programs): exit 1 with the message, and no
#     certificate enrolled, no policy written, no lock;
#   - armed: each certificate enrolled (a PEM one as DER), the policy
#     written whole, the lock last; the module always loaded with lock=0;
#   - lock= from modprobe.d, from the kernel command line's order and from
#     the arguments, the last one winning; a bad value refused before the
#     load;
#   - a failed modprobe: its status, nothing else done;
#   - a refused certificate, a file that is not a certificate, a policy over
#     65536 bytes: exit 1, the rest still done (policy, lock).
# The guest tests (systemd-params, package, policy...) run the real hook
# with the real module; this one reaches the failures the module cannot be
# made to show on demand. One "PASS name" / "FAIL name: why" line per
# case; exit 0 if all pass, 77 (with a SKIP: line) when it cannot run here.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
HOOK=$TOP/scripts/bpfseal-load

if [ "${LOAD_HOOK_NS:-}" != 1 ]; then
	[ "$(id -u)" = 0 ] || { echo "SKIP: needs root (a private mount namespace over /sys)"; exit 77; }
	for t in unshare openssl; do
		command -v $t >/dev/null || { echo "SKIP: $t not installed"; exit 77; }
	done
	# A private mount namespace; in a chroot (the bench's make unit), whose
	# root is not a mount point, unshare cannot make it private: there it
	# keeps the propagation, which must then be private everywhere already
	# (tests/vm/lib.sh's in_root makes it so), or the tmpfs would show
	# outside.
	if unshare --mount --propagation private true 2>/dev/null; then
		prop=private
	elif ! grep -q ' shared:' /proc/self/mountinfo; then
		prop=unchanged
	else
		echo "SKIP: cannot make a private mount namespace here (a chroot with shared mounts)"
		exit 77
	fi
	exec unshare --mount --propagation $prop env LOAD_HOOK_NS=1 "$0" "$@"
fi
mount -t tmpfs hook-test /sys || { echo "SKIP: cannot mount a tmpfs on /sys"; exit 77; }
SECFS=/sys/kernel/security/bpfseal
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
failures=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }

# The fakes: modprobe -c prints $FAKE_CONF; modprobe --ignore-install
# records its arguments and, when $FAKE_RC is 0, "loads" bpfseal: writes
# $FAKE_STATUS as its status. keyctl padd records the certificate it reads
# and prints a key id, or fails when $FAKE_KEYCTL_RC says so.
mkdir -p "$W/bin"
cat >"$W/bin/modprobe" <<'EOF'
#!/bin/sh
case $1 in
-c) [ -n "${FAKE_CONF:-}" ] && printf '%s\n' "$FAKE_CONF"; exit 0 ;;
--ignore-install)
	shift
	echo "$*" >>"$W/modprobe.args"
	[ "${FAKE_RC:-0}" = 0 ] || exit "$FAKE_RC"
	mkdir -p /sys/kernel/security/bpfseal
	printf '%s\npolicy: parameters 0.0.0\n' "$FAKE_STATUS" >/sys/kernel/security/bpfseal/status
	: >/sys/kernel/security/bpfseal/policy
	: >/sys/kernel/security/bpfseal/lock
	exit 0
	;;
esac
echo "fake modprobe: unexpected arguments: $*" >&2
exit 99
EOF
cat >"$W/bin/keyctl" <<'EOF'
#!/bin/sh
[ "$*" = 'padd asymmetric  %:.bpfseal' ] || { echo "fake keyctl: unexpected: $*" >&2; exit 99; }
n=$(ls "$W"/enrolled.* 2>/dev/null | wc -l)
cat >"$W/enrolled.$n"
[ "${FAKE_KEYCTL_RC:-0}" = 0 ] || { echo "keyctl_padd: Key was rejected by service"; exit "$FAKE_KEYCTL_RC"; }
echo $((100 + n))
EOF
chmod +x "$W/bin/modprobe" "$W/bin/keyctl"
export W PATH="$W/bin:$PATH"

# Certificates: one DER, one PEM (the same key; the module would take both).
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$W/key.pem" -out "$W/cert.pem" \
	-subj /CN=hook-test -days 1 2>/dev/null || { echo "SKIP: openssl cannot make a certificate"; exit 77; }
openssl x509 -in "$W/cert.pem" -outform DER -out "$W/cert.der"
mkdir -p "$W/certs"
cp "$W/cert.der" "$W/certs/a.der"
cp "$W/cert.pem" "$W/certs/b.pem"
printf 'policy_name=t policy_version=1.0.0\nDEFAULT action=DENY\n' >"$W/policy"
ARMED='armed: lsm/bpf_prog_free lsm.s/bpf_prog_load'

# run NAME [VAR=VALUE...] -- ARGS...: the hook in a fresh fake securityfs,
# with the environment given; its output in $W/NAME.out, status in $rc.
run() {
	local name=$1
	shift
	local env=()
	while [ "$1" != -- ]; do env+=("$1"); shift; done
	shift
	rm -rf "$SECFS" "$W"/enrolled.* "$W/modprobe.args"
	env FAKE_STATUS="$ARMED" BPFSEAL_CERTS="$W/certs" BPFSEAL_POLICY="$W/policy" \
		"${env[@]}" sh "$HOOK" "$@" >"$W/$name.out" 2>&1
	rc=$?
}
enrolled() { ls "$W"/enrolled.* 2>/dev/null | wc -l; }
written() { [ -s "$SECFS/policy" ]; }
locked() { [ "$(cat "$SECFS/lock" 2>/dev/null)" = 1 ]; }
# expect RUN/CHECK CONDITION WHY: pass RUN/CHECK when the shell CONDITION
# holds after run RUN.
expect() {
	if eval "$2"; then pass "$1"; else fail "$1" "$3 (exit $rc: $(tr '\n' ' ' <"$W/${1%%/*}.out"))"; fi
}

run not-armed FAKE_STATUS='armed: no' -- lock=1
expect not-armed/fails '[ $rc = 1 ] && grep -q "loaded but could not arm, so it checks no BPF load" "$W/not-armed.out"' \
	"no failure, or not the message"
expect not-armed/nothing-done '[ "$(enrolled)" = 0 ] && ! written && ! locked' \
	"enrolled, wrote the policy or locked all the same"

run armed -- lock=1
expect armed/enrolled-locked '[ $rc = 0 ] && [ "$(enrolled)" = 2 ] && locked' "not enrolled twice and locked"
expect armed/policy 'cmp -s "$W/policy" "$SECFS/policy"' "the policy was not written whole"
expect armed/der 'cmp -s "$W/cert.der" "$W/enrolled.0" && cmp -s "$W/cert.der" "$W/enrolled.1"' \
	"a certificate was not enrolled as DER"
expect armed/lock-0 '[ "$(cat "$W/modprobe.args")" = "bpfseal lock=1 lock=0" ]' \
	"the module was not loaded with lock=0 last: $(cat "$W/modprobe.args")"

run lock-modprobe-d FAKE_CONF='options bpfseal mode=enforce lock=1' --
expect lock-modprobe-d '[ $rc = 0 ] && locked' "lock=1 in modprobe.d did not lock"
run lock-argument-last FAKE_CONF='options bpfseal lock=1' -- lock=0
expect lock-argument-last '[ $rc = 0 ] && ! locked' "lock=0 as the last argument still locked"
run lock-none --
expect lock-none '[ $rc = 0 ] && ! locked && written' "locked without lock=1, or no policy"
run lock-bad -- lock=2
expect lock-bad '[ $rc = 1 ] && [ ! -e "$W/modprobe.args" ] && grep -q "invalid value in .lock=2." "$W/lock-bad.out"' \
	"a bad lock= value was not refused before the load"

run modprobe-fails FAKE_RC=3 -- lock=1
expect modprobe-fails '[ $rc = 3 ] && [ "$(enrolled)" = 0 ] && [ ! -e "$SECFS" ]' \
	"not modprobe's status, or something done after the failed load"

run cert-refused FAKE_KEYCTL_RC=1 -- lock=1
expect cert-refused '[ $rc = 1 ] && grep -q "a.der: refused by .bpfseal" "$W/cert-refused.out" && written && locked' \
	"not exit 1 naming the file, with the policy written and the lock taken all the same"

mkdir -p "$W/certs2"
cp "$W/cert.der" "$W/certs2/a.der"
echo notes >"$W/certs2/README"
run not-a-cert BPFSEAL_CERTS="$W/certs2" -- lock=1
expect not-a-cert '[ $rc = 1 ] && grep -q "README: not enrolled: not a .der, .cer, .crt or .pem file" "$W/not-a-cert.out" && [ "$(enrolled)" = 1 ] && locked' \
	"the stray file not named, or the rest not done"

head -c 65537 /dev/zero | tr '\0' '#' >"$W/big"
run policy-too-big BPFSEAL_POLICY="$W/big" -- lock=1
expect policy-too-big '[ $rc = 1 ] && grep -q "65537 bytes, above the 65536" "$W/policy-too-big.out" && ! written && locked' \
	"an oversized policy was written, or not refused by name, or no lock"

echo "load-hook: $failures failed"
[ "$failures" = 0 ]

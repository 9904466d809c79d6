# shellcheck shell=bash
# Helpers for guest tests. A guest test is an executable script in
# tests/guest/ that runs inside a bench guest (see tests/vm/run) with
# BPFSEAL_KVER and BPFSEAL_BUILD set. Exit 0: pass; 77: skipped (print the
# reason on a line starting with "SKIP:"); anything else: fail.
set -u

KO=${BPFSEAL_KO:-$BPFSEAL_BUILD/module/bpfseal.ko}
PROGS=$BPFSEAL_BUILD/progs

# DEBUG_KERNEL: 1 on the bench's debug kernel (tests/vm/debug-kernel, the
# one bench kernel with KASAN), 0 on a stock kernel.
DEBUG_KERNEL=0
grep -q '^CONFIG_KASAN=y' "/lib/modules/$(uname -r)/config" 2>/dev/null && DEBUG_KERNEL=1
# TIME_FACTOR: how many times longer a test's time margins are on this
# kernel: 4 on the debug kernel (KASAN, lockdep and kmemleak run a test 5
# to 12 times slower under TCG), 1 on a stock kernel. Margins scale (a
# window of seconds to hit a race in, a bound that only has to tell a
# bounded cost from an unbounded one); counts (runs, loads, hits) do not.
TIME_FACTOR=1
[ "$DEBUG_KERNEL" = 1 ] && TIME_FACTOR=4

fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
step() { echo "--- [${SECONDS}s] $*"; }

# load_bpfseal [PARAM=VALUE...]: insmod the module built for this kernel.
load_bpfseal() {
	insmod "$KO" "$@" || fail "insmod $KO $* failed"
	[ -d /sys/module/bpfseal ] || fail "bpfseal not in /sys/module after insmod"
}

# unload_bpfseal: disarm (the shims hold the module), then rmmod, retrying
# briefly while freed BPF programs that used the module's BTF still hold it
# (they go after an RCU grace period).
unload_bpfseal() {
	local i
	echo 1 >/sys/module/bpfseal/parameters/disarm || fail "cannot disarm bpfseal"
	for i in $(seq 50); do
		rmmod bpfseal 2>/dev/null && break
		sleep 0.1
	done
	[ ! -d /sys/module/bpfseal ] || fail "rmmod bpfseal failed: $(rmmod bpfseal 2>&1)"
}

# expect_rc WANT CMD...: run CMD, fail unless its exit status is WANT.
expect_rc() {
	local want=$1 rc
	shift
	"$@"
	rc=$?
	[ "$rc" = "$want" ] || fail "'$*' exited $rc, expected $want"
}

AUDIT_LOG=/var/log/audit/audit.log

# start_auditd: run auditd with a large backlog and no rate limit.
start_auditd() {
	local i
	mkdir -p /var/log/audit
	# One log for the whole boot: a rotated log (Debian's default is at
	# 8 MB) would hide records from tests that count them.
	sed -i 's/^max_log_file = .*/max_log_file = 512/; s/^max_log_file_action = .*/max_log_file_action = ignore/' \
		/etc/audit/auditd.conf || fail "cannot configure auditd"
	auditctl -s 2>/dev/null | grep -q '^pid [1-9]' ||
		auditd -s enable || fail "auditd did not start"
	for i in $(seq 100); do
		auditctl -s 2>/dev/null | grep -q '^pid [1-9]' && break
		sleep 0.05
	done
	auditctl -s | grep -q '^pid [1-9]' || fail "auditd not registered with the kernel"
	auditctl -b 8192 -r 0 >/dev/null || fail "auditctl -b -r"
}

# audit_sync: wait until every record emitted so far is in the log (a user
# message queued now is written after them).
audit_sync() {
	local m=bpfseal-sync-$RANDOM$RANDOM i
	auditctl -m "$m" || fail "auditctl -m"
	for i in $(seq 200); do
		grep -q "$m" "$AUDIT_LOG" && return 0
		sleep 0.05
	done
	fail "audit log did not catch up"
}

# bpfseal_records: bpfseal's load records so far, one per line, as the
# kernel wrote them (auditd's enriched part after the 0x1d byte cut off).
bpfseal_records() {
	audit_sync
	grep 'type=KERNEL_OTHER .*op=bpfseal-load' "$AUDIT_LOG" | sed 's/\x1d.*//'
}

# dkms_env KVER CMD...: run CMD (a DKMS build for KVER) as the distribution
# that ships KVER would: with the pahole that kernel was built with (7.3 from
# trixie-backports was built with trixie's 1.30; tests/vm/build records the
# one it used in build/KVER/module/.pahole). ccache (cache in /bench-cache,
# kept between runs) makes a rebuild of unchanged sources fast under TCG.
dkms_env() {
	local kver=$1 pahole path=/usr/lib/ccache:$PATH
	shift
	pahole=$(cat "$(dirname "$BPFSEAL_BUILD")/$kver/module/.pahole" 2>/dev/null)
	case $pahole in
	/*) path=$(dirname "$pahole"):$path ;;
	default) ;;
	*) fail "no build of $kver (build/$kver/module/.pahole): run tests/vm/build" ;;
	esac
	PATH=$path CCACHE_DIR=/bench-cache/ccache "$@"
}

# bpfseal_files: every path the guest added or changed on the root (the
# overlay's upper layer, /bench-upper/u) whose name says bpfseal (whiteouts
# of deleted lower files excluded; /bpfseal is the bench's mount point for
# the work tree, and /usr/lib/modules/*-bpfseal-debug the bench's debug
# kernel, whose build link a test may remove).
bpfseal_files() {
	find /bench-upper/u -path /bench-upper/u/bpfseal -prune -o \
		-path '/bench-upper/u/usr/lib/modules/*-bpfseal-debug' -prune -o \
		-iname '*bpfseal*' ! -type c -printf '/%P\n' | sort
}

# assert_dkms_signed: the bpfseal module modinfo finds carries a signature
# by DKMS's key (/var/lib/dkms/mok.pub, which DKMS makes when it has none).
# sign-file names the key by issuer and serial number: sig_key is the serial
# of DKMS's certificate.
assert_dkms_signed() {
	local signer key serial
	[ -s /var/lib/dkms/mok.pub ] || fail "DKMS has no signing key (/var/lib/dkms/mok.pub)"
	signer=$(modinfo -F signer bpfseal)
	[ -n "$signer" ] || fail "the DKMS-built module carries no signature"
	key=$(modinfo -F sig_key bpfseal | tr -d ':' | tr a-f A-F | sed 's/^0*//')
	serial=$(openssl x509 -in /var/lib/dkms/mok.pub -inform DER -noout -serial 2>/dev/null ||
		openssl x509 -in /var/lib/dkms/mok.pub -noout -serial)
	serial=$(echo "${serial#serial=}" | tr a-f A-F | sed 's/^0*//')
	[ -n "$key" ] && [ "$key" = "$serial" ] ||
		fail "module signed by key '$key', DKMS's key has serial $serial"
	echo "signer: $signer, key $key"
}

# assert_nested_denied N WHAT: after the attack tests' unsigned syscall
# program P (tests/signed/attack.c) ran N times, enforcing: each of its
# nested loads has a deny record naming no loader, none has another action,
# the mode is still enforce and bpfseal met no value out of range.
assert_nested_denied() {
	local n=$1 what=$2 st=/sys/kernel/security/bpfseal/status
	grep -q "^mode: enforce$" $st || fail "mode changed ($what): $(grep mode: $st)"
	grep -q '^invalid: 0$' $st || fail "bpfseal saw values out of range ($what)"
	[ "$(bpfseal_records | grep -c 'verdict=UNSIGNED decision=deny .*prog_name="atk_nested" .*kernel=1 loader=0 ')" -ge "$n" ] ||
		fail "fewer deny records for P's nested loads than runs of P ($what)"
	! bpfseal_records | grep 'prog_name="atk_nested"' | grep -v 'decision=deny' ||
		fail "a nested load of P was not denied ($what)"
}

# shellcheck shell=bash
# Helpers for the systemd-mode tests that boot with bpfseal (sourced after
# lib.sh and lib-systemd.sh): install it as an administrator would, so that
# systemd-modules-load loads it (with the modprobe install hook:
# certificates, policy, lock) before systemd starts, and read its records
# of the whole boot.

F=/sys/kernel/security/bpfseal
KEYS=$(dirname "$BPFSEAL_BUILD")/host/testkeys

# sdseal_install OPTIONS [POLICY]: in the preboot phase, install the module
# for this kernel in /lib/modules/$(uname -r)/updates, the load hook, the
# shipped /etc/modprobe.d/bpfseal.conf with "options bpfseal OPTIONS"
# added, /etc/modules-load.d/bpfseal.conf with bpfseal enabled, the test
# certificate in /etc/bpfseal/certs/ and, if given, POLICY as
# /etc/bpfseal/policy.
sdseal_install() {
	local opts=$1 policy=${2:-} kver
	kver=$(uname -r)
	install -D -m 0644 "$KO" "/lib/modules/$kver/updates/bpfseal.ko" || return 1
	depmod -a "$kver" || return 1
	install -D -m 0755 scripts/bpfseal-load /usr/lib/bpfseal/bpfseal-load || return 1
	install -D -m 0644 etc/modprobe.d/bpfseal.conf /etc/modprobe.d/bpfseal.conf || return 1
	echo "options bpfseal $opts" >>/etc/modprobe.d/bpfseal.conf
	sed 's/^#bpfseal$/bpfseal/' etc/modules-load.d/bpfseal.conf >/etc/modules-load.d/bpfseal.conf
	grep -qx bpfseal /etc/modules-load.d/bpfseal.conf || return 1
	install -D -m 0644 "$KEYS/cert.der" /etc/bpfseal/certs/test.der || return 1
	if [ -n "$policy" ]; then
		install -D -m 0644 "$policy" /etc/bpfseal/policy || return 1
	fi
	echo "installed bpfseal for $kver: options $opts${policy:+, policy $policy}"
}

# sdseal_lsm_digest: in the preboot phase, print the digest bpfseal gives,
# on this kernel, to systemd's one LSM program (restrict_filesystems, of
# RestrictFileSystems=), as an administrator would learn it: from
# bpfseal's record of its load. The program's BPF object is the one
# systemd's libsystemd-core carries (a light skeleton embeds its ELF
# object); tests/progs/sd_restrict_fs loads it with libbpf, which
# relocates it against this kernel's BTF as systemd's libbpf does, with
# bpfseal inserted in permissive mode and removed again. The digest is
# the instructions' (map references masked), so the maps sd_restrict_fs
# makes do not change it.
sdseal_lsm_digest() {
	local so obj=/tmp/restrict-fs.bpf.o d burst rc
	so=$(ls /usr/lib/*/systemd/libsystemd-core-*.so 2>/dev/null | head -n1)
	[ -n "$so" ] || { echo "no libsystemd-core" >&2; return 1; }
	python3 - "$so" "$obj" <<'PY' || return 1
import struct, sys
data = open(sys.argv[1], 'rb').read()
at = 0
while (at := data.find(b'\x7fELF', at + 1)) >= 0:
    # a 64-bit little-endian ELF object for EM_BPF (247)
    if data[at + 4:at + 6] != b'\x02\x01' or struct.unpack_from('<H', data, at + 18)[0] != 247:
        continue
    shoff, = struct.unpack_from('<Q', data, at + 0x28)
    shentsize, shnum = struct.unpack_from('<HH', data, at + 0x3a)
    elf = data[at:at + shoff + shentsize * shnum]
    if b'lsm/file_open\0' in elf:
        open(sys.argv[2], 'wb').write(elf)
        sys.exit(0)
sys.exit('no BPF object with an lsm/file_open program in ' + sys.argv[1])
PY
	# With no auditd yet, the records go to the kernel log through
	# printk_ratelimit() (10 in 5 s): libbpf's feature probes come first.
	burst=$(cat /proc/sys/kernel/printk_ratelimit_burst)
	echo 1000 >/proc/sys/kernel/printk_ratelimit_burst
	load_bpfseal mode=permissive
	"$PROGS/sd_restrict_fs" "$obj" >&2
	rc=$?
	unload_bpfseal
	echo "$burst" >/proc/sys/kernel/printk_ratelimit_burst
	[ "$rc" = 0 ] || return 1
	d=$(dmesg | grep 'op=bpfseal-load ' | grep ' prog_type=lsm ' |
		grep 'prog_name="restrict_filesy' | tail -n1 | sdseal_field digest)
	[[ $d =~ ^[0-9a-f]{64}$ ]] || { echo "no record of restrict_filesystems' load with its digest" >&2; return 1; }
	echo "$d"
}

# sdseal_loaded: bpfseal was loaded at boot by systemd-modules-load through
# the hook (the preboot boot log), and is armed.
sdseal_loaded() {
	cat /out/boot.log 2>/dev/null
	[ -d /sys/module/bpfseal ] || { echo "bpfseal is not loaded"; return 1; }
	grep -q '^armed: lsm' $F/status || { echo "bpfseal is not armed"; return 1; }
}

# sdseal_records: every bpfseal load record of this boot, one a line, from
# the audit log and, for those kauditd printed before auditd ran, the
# kernel log; each once (by its audit serial).
sdseal_records() {
	{
		sed -n 's/.*\(audit([0-9.]*:[0-9]*)\): \(op=bpfseal-load .*\)/\1 \2/p' \
			/var/log/audit/audit.log 2>/dev/null
		dmesg | sed -n 's/.*\(audit([0-9.]*:[0-9]*)\): \(op=bpfseal-load .*\)/\1 \2/p'
	} | sed 's/\x1d.*//' | sort -u -t' ' -k1,1 | sort -t: -k2 -n
}

# sdseal_field NAME: that field of each record read on stdin.
sdseal_field() { tr ' ' '\n' | sed -n "s/^$1=//p"; }

# sdseal_systemd_records: the records of loads by PID 1 or by
# systemd-executor (a service's process before it runs the service).
sdseal_systemd_records() {
	sdseal_records | grep -E ' pid1=1 | exe="/usr/lib/systemd/systemd-executor" '
}

# sdseal_eval_args: for each record read on stdin, a line of tab-separated
# fields: the record's rule= (the line of the rule the module decided by,
# or "default"), then the options of `bpfseal-policy eval` that describe
# the load as the record does (the properties the module's evaluator saw).
# One awk for all records: under TCG a process per field took three minutes.
sdseal_eval_args() {
	awk '{
		delete f
		for (i = 1; i <= NF; i++)
			if ((n = index($i, "=")))
				f[substr($i, 1, n - 1)] = substr($i, n + 1)
		a = "--verdict\t" f["verdict"] "\t--origin\t" f["origin"] \
		    "\t--scheme\t" f["scheme"] "\t--keyring\t" f["keyring"] \
		    "\t--prog-type\t" f["prog_type"] \
		    "\t--attach-type\t" f["attach_type"] "\t--uid\t" f["euid"]
		if (f["signer_skid"] != "?")
			a = a "\t--signer\t" f["signer_skid"]
		if (f["digest"] != "?")
			a = a "\t--digest\t" f["digest"]
		a = a "\t--pid1\t" (f["pid1"] == "1" ? "true" : "false")
		if (f["exe_pid1_view"] == "1") {
			e = f["exe"]; gsub(/"/, "", e)
			a = a "\t--exe\t" e
		}
		c = f["cgroup"]; gsub(/"/, "", c)
		if (c != "?" && c != "")
			a = a "\t--cgroup\t" c
		print f["rule"] "\t" a
	}'
}

# sdseal_eval POLICY: `bpfseal-policy eval POLICY` on each record read on
# stdin; prints, per record, the rule the module decided by, the line eval
# names ("DEFAULT" for the default) and eval's action, tab-separated.
sdseal_eval() {
	local policy=$1 rule out line action
	local -a a
	sdseal_eval_args | while IFS=$'\t' read -r -a a; do
		rule=${a[0]}
		out=$(/bpfseal/scripts/bpfseal-policy eval "$policy" "${a[@]:1}") ||
			{ printf '%s\tEVAL-FAILED\t%s\n' "$rule" "${a[*]:1}"; continue; }
		line=DEFAULT
		[[ $out =~ ^line\ ([0-9]+): ]] && line=${BASH_REMATCH[1]}
		action=${out##*action=}
		printf '%s\t%s\t%s\n' "$rule" "$line" "$action"
	done
}

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# End-to-end host tests of scripts/bpfseal-sign: signing, OpenSSL's view of
# the output, verify's verdicts and exit statuses, dump, skel on headers
# made by the bench kernels' own bpftool, passphrases, reproducibility.
# One "PASS name" / "FAIL name: why" line per case; exit 0 if all pass,
# 77 (with a SKIP: line) when a tool it needs is missing.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
SIGN=$TOP/scripts/bpfseal-sign
KSRC_ROOT=${BPFSEAL_KSRC_ROOT:-/usr/src/bpfseal-ksrc}

for t in openssl clang cc; do
	command -v $t >/dev/null || { echo "SKIP: $t not installed"; exit 77; }
done
[ -x "$SIGN" ] || { echo "SKIP: $SIGN not built (make tools)"; exit 77; }

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cd "$W" || exit 1
failures=0

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }

# check NAME WANT_RC CMD...: run CMD (output to NAME.out), compare status.
check() {
	local name=$1 want=$2 rc
	shift 2
	"$@" >"$name.out" 2>&1
	rc=$?
	if [ "$rc" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "exit $rc, expected $want: $(tail -n 3 "$name.out" | tr '\n' ' ')"
	fi
}

# verdict NAME WANT_NAME WANT_RC ARGS...: bpfseal-sign verify ARGS.
verdict() {
	local name=$1 want=$2 want_rc=$3 out rc
	shift 3
	out=$("$SIGN" verify "$@" 2>"$name.err")
	rc=$?
	if [ "$out" = "$want" ] && [ "$rc" = "$want_rc" ]; then
		pass "$name"
	else
		fail "$name" "printed '$out' exit $rc, expected '$want' exit $want_rc: $(tr '\n' ' ' <"$name.err")"
	fi
}

sha() { sha256sum "$1" | cut -d' ' -f1; }

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 -subj "/CN=cli test" \
	-keyout key.pem -out cert.pem 2>/dev/null || { echo "SKIP: openssl req failed"; exit 77; }
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 -subj "/CN=other" \
	-keyout other.pem -out other-cert.pem 2>/dev/null
head -c 4096 /dev/urandom >insns
head -c 100 /dev/urandom >map0
head -c 33 /dev/urandom >map1

# --- sign, and OpenSSL's opinion ---------------------------------------------
check sign-insns 0 "$SIGN" sign --key key.pem --cert cert.pem --insns insns \
	--map 0:map0 --map 1:map1 --out sig.der
check openssl-cms-print 0 openssl cms -cmsout -print -inform DER -in sig.der
if grep -q 2.25.316487325684022475439036912669789383960 openssl-cms-print.out &&
	! grep -qi smimeCapabilities openssl-cms-print.out &&
	grep -A1 '^ *certificates:' openssl-cms-print.out | grep -q '<ABSENT>'; then
	pass openssl-cms-print-content
else
	fail openssl-cms-print-content "Hornet OID missing, S/MIME capabilities or certificates present"
fi
check openssl-cms-verify 0 openssl cms -verify -binary -inform DER -in sig.der \
	-content insns -certfile cert.pem -CAfile cert.pem -out /dev/null
head -c 4095 insns >insns-short
check openssl-cms-verify-refuses-other-content 4 openssl cms -verify -binary \
	-inform DER -in sig.der -content insns-short -certfile cert.pem \
	-CAfile cert.pem -out /dev/null

# --- verify: one case per verdict ----------------------------------------------
verdict verify-ok OK 0 --cert cert.pem --sig sig.der --insns insns --map 0:map0 --map 1:map1
verdict verify-map-changed UNEXPECTED 5 --cert cert.pem --sig sig.der --insns insns --map 0:map0 --map 1:map0
verdict verify-map-missing UNEXPECTED 5 --cert cert.pem --sig sig.der --insns insns --map 0:map0
verdict verify-other-cert UNKNOWNKEY 4 --cert other-cert.pem --sig sig.der --insns insns --map 0:map0 --map 1:map1
verdict verify-insns-changed BADSIG 7 --cert cert.pem --sig sig.der --insns insns-short --map 0:map0 --map 1:map1
head -c 300 sig.der >sig-trunc.der
verdict verify-truncated BADSIG 7 --cert cert.pem --sig sig-trunc.der --insns insns
: >empty.der
verdict verify-empty-sig UNSIGNED 2 --cert cert.pem --sig empty.der --insns insns
verdict verify-missing-file FAULT 6 --cert cert.pem --sig sig.der --insns no-such-file
cp sig.der sig-flip.der
printf '\x00' | dd of=sig-flip.der bs=1 seek=$(($(stat -c %s sig.der) - 5)) conv=notrunc 2>/dev/null
verdict verify-signature-flipped BADSIG 7 --cert cert.pem --sig sig-flip.der --insns insns --map 0:map0 --map 1:map1

# --- an ECDSA P-256 key ----------------------------------------------------------
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
	-subj "/CN=ec test" -keyout ec.pem -out ec-cert.pem 2>/dev/null
check sign-ecdsa 0 "$SIGN" sign --key ec.pem --cert ec-cert.pem --insns insns --map 0:map0 --out sig-ec.der
check openssl-cms-verify-ecdsa 0 openssl cms -verify -binary -inform DER -in sig-ec.der \
	-content insns -certfile ec-cert.pem -CAfile ec-cert.pem -out /dev/null
verdict verify-ecdsa-ok OK 0 --cert ec-cert.pem --sig sig-ec.der --insns insns --map 0:map0

# --- insns+maps scheme ---------------------------------------------------------
check sign-insns-maps 0 "$SIGN" sign --scheme insns+maps --key key.pem --cert cert.pem \
	--insns insns --map 0:map0 --map 1:map1 --out sig2.der
cat insns map0 map1 >payload
check openssl-cms-verify-insns-maps 0 openssl cms -verify -binary -inform DER -in sig2.der \
	-content payload -certfile cert.pem -CAfile cert.pem -out /dev/null
verdict verify-insns-maps-ok OK 0 --cert cert.pem --sig sig2.der --insns insns --map 0:map0 --map 1:map1
verdict verify-insns-maps-forced-insns BADSIG 7 --scheme insns --cert cert.pem --sig sig2.der --insns insns --map 0:map0 --map 1:map1
check sign-insns-maps-gap 1 "$SIGN" sign --scheme insns+maps --key key.pem --cert cert.pem \
	--insns insns --map 0:map0 --map 2:map1 --out sig3.der

# --- dump ------------------------------------------------------------------------
check dump 0 "$SIGN" dump sig.der
if grep -q "map 0: $(sha map0)" dump.out && grep -q "map 1: $(sha map1)" dump.out &&
	grep -q '^digest algorithm: sha256' dump.out && grep -q '^signing time: ' dump.out &&
	grep -q '^signer subject key identifier: [0-9a-f]' dump.out; then
	pass dump-content
else
	fail dump-content "$(tr '\n' ' ' <dump.out)"
fi
check sign-issuer-serial 0 "$SIGN" sign --issuer-serial --key key.pem --cert cert.pem \
	--insns insns --out sig-is.der
"$SIGN" dump sig-is.der >dump-is.out 2>&1
if grep -q '^signer issuer: CN = cli test' dump-is.out && grep -q '^signer serial: [0-9a-f]' dump-is.out; then
	pass dump-issuer-serial
else
	fail dump-issuer-serial "$(tr '\n' ' ' <dump-is.out)"
fi
verdict verify-issuer-serial OK 0 --cert cert.pem --sig sig-is.der --insns insns
check dump-garbage 7 "$SIGN" dump insns

# --- keys: passphrase, reproducibility, argument checks -------------------------
echo 'correct horse' >pass.txt
openssl pkey -in key.pem -aes256 -passout file:pass.txt -out key-enc.pem 2>/dev/null
check sign-encrypted-key-pass-file 0 "$SIGN" sign --key key-enc.pem --pass-file pass.txt \
	--cert cert.pem --insns insns --out sig-enc.der
check sign-encrypted-key-env 0 env BPFSEAL_KEY_PASS='correct horse' "$SIGN" sign \
	--key key-enc.pem --cert cert.pem --insns insns --out sig-enc2.der
check sign-encrypted-key-no-pass 1 env -u BPFSEAL_KEY_PASS "$SIGN" sign --key key-enc.pem \
	--cert cert.pem --insns insns --out sig-enc3.der
check sign-key-cert-mismatch 1 "$SIGN" sign --key other.pem --cert cert.pem --insns insns --out x.der
SOURCE_DATE_EPOCH=1700000000 "$SIGN" sign --key key.pem --cert cert.pem --insns insns --map 0:map0 --out r1.der
SOURCE_DATE_EPOCH=1700000000 "$SIGN" sign --key key.pem --cert cert.pem --insns insns --map 0:map0 --out r2.der
if cmp -s r1.der r2.der && "$SIGN" dump r1.der | grep -q 'Nov 14 22:13:20 2023 GMT'; then
	pass sign-reproducible-source-date-epoch
else
	fail sign-reproducible-source-date-epoch "outputs differ or time not applied"
fi
check map-index-128 64 "$SIGN" sign --key key.pem --cert cert.pem --insns insns --map 128:map0 --out x.der
check map-index-twice 64 "$SIGN" sign --key key.pem --cert cert.pem --insns insns --map 0:map0 --map 0:map1 --out x.der
check map-bad-syntax 64 "$SIGN" sign --key key.pem --cert cert.pem --insns insns --map map0 --out x.der
check insns-not-multiple-of-8 1 "$SIGN" sign --key key.pem --cert cert.pem --insns map1 --out x.der
check unknown-command 64 "$SIGN" frobnicate
# An option a command does not use is a usage error that names it (not
# ignored): each command with one option of another's, whose other
# arguments are complete, so that only the foreign option can fail it.
while read -r cmd opt val args; do
	name=foreign-$cmd-${opt#--}
	rm -f foreign.der
	# shellcheck disable=SC2086 # ARGS is a word list
	if [ "$val" = - ]; then
		check "$name" 64 "$SIGN" $cmd $args $opt
	else
		check "$name" 64 "$SIGN" $cmd $args $opt "$val"
	fi
	if ! grep -q "^bpfseal-sign: $cmd does not take $opt\$" "$name.out"; then
		fail "$name-message" "no '$cmd does not take $opt': $(head -n 2 "$name.out" | tr '\n' ' ')"
	elif [ -e foreign.der ]; then
		fail "$name-message" "wrote its output all the same"
	else
		pass "$name-message"
	fi
done <<'CASES'
sign --kernel 7.3.0 --key key.pem --cert cert.pem --insns insns --out foreign.der
sign --sig r1.der --key key.pem --cert cert.pem --insns insns --out foreign.der
sign --data x --key key.pem --cert cert.pem --insns insns --out foreign.der
verify --key key.pem --cert cert.pem --sig r1.der --insns insns
verify --out foreign.der --cert cert.pem --sig r1.der --insns insns
verify --pass-file x --cert cert.pem --sig r1.der --insns insns
verify --issuer-serial - --cert cert.pem --sig r1.der --insns insns
skel --insns insns --key key.pem --cert cert.pem in.lskel.h -o foreign.der
skel --map 0:map0 --key key.pem --cert cert.pem in.lskel.h -o foreign.der
dump --cert cert.pem r1.der
extract --key key.pem in.lskel.h --sig foreign.der
CASES

# --- a key in a PKCS#11 token (SoftHSM), when softhsm2 and pkcs11-provider are here
hsm_lib=$(ls /usr/lib/softhsm/libsofthsm2.so 2>/dev/null | head -n1)
if command -v softhsm2-util >/dev/null && [ -n "$hsm_lib" ] &&
	ls /usr/lib/*/ossl-modules/pkcs11.so >/dev/null 2>&1; then
	mkdir -p hsm
	printf 'directories.tokendir = %s/hsm\nobjectstore.backend = file\n' "$W" >hsm.conf
	export SOFTHSM2_CONF=$W/hsm.conf PKCS11_PROVIDER_MODULE=$hsm_lib
	openssl pkcs8 -topk8 -nocrypt -in key.pem -out key8.pem
	softhsm2-util --init-token --free --label bpfseal --pin 4321 --so-pin 8765 >/dev/null &&
		softhsm2-util --import key8.pem --token bpfseal --label signing --id 01 \
			--pin 4321 >/dev/null ||
		fail pkcs11-setup "softhsm2-util failed"
	uri='pkcs11:token=bpfseal;object=signing;type=private'
	check sign-pkcs11-token 0 env BPFSEAL_KEY_PASS=4321 "$SIGN" sign --key "$uri" \
		--cert cert.pem --insns insns --map 0:map0 --out sig-hsm.der
	verdict verify-pkcs11-token OK 0 --cert cert.pem --sig sig-hsm.der --insns insns --map 0:map0
	check sign-pkcs11-wrong-pin 1 env BPFSEAL_KEY_PASS=0000 "$SIGN" sign --key "$uri" \
		--cert cert.pem --insns insns --out x.der </dev/null
	unset SOFTHSM2_CONF PKCS11_PROVIDER_MODULE
else
	echo "note: softhsm2 or pkcs11-provider missing: PKCS#11 cases not run"
fi

# --- light skeletons from each bench kernel's bpftool ----------------------------
# The test programs need only UAPI headers. nomaps has no map, so its
# plain -L loader reads only the log fields of its context.
printf '#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\nSEC("raw_tp/sys_enter") int nomaps(void *ctx) { return 0; }\nchar LICENSE[] SEC("license") = "GPL";\n' \
	>nomaps.bpf.c
for src in "$TOP"/tests/signed/signed_hello.bpf.c "$TOP"/tests/signed/sizeless.bpf.c nomaps.bpf.c; do
	# Only where a bench kernel's bpftool can make skeletons of them.
	ls "$KSRC_ROOT"/*/bpftool >/dev/null 2>&1 || break
	prog=$(basename "$src" .bpf.c)
	if ! clang -O2 -g -target bpf -idirafter "/usr/include/$(uname -m)-linux-gnu" \
		-c "$src" -o "$prog.bpf.o" 2>clang.err; then
		fail "bpf-object-$prog" "$(tr '\n' ' ' <clang.err)"
	fi
done
# refused NAME HEADER WORDS...: skel refuses HEADER, writes nothing and says
# each of WORDS (fixed strings) on stderr.
refused() {
	local name=$1 in=$2 w
	shift 2
	rm -f refused.h
	check "$name" 1 "$SIGN" skel --kernel "$kver" --key key.pem --cert cert.pem \
		"$in" -o refused.h
	[ ! -e refused.h ] || fail "$name-writes-nothing" "refused.h was written"
	for w in "$@"; do
		grep -qF -- "$w" "$name.out" ||
			fail "$name-message" "no '$w' in: $(tr '\n' ' ' <"$name.out")"
	done
}
nk=0
for kdir in "$KSRC_ROOT"/*/; do
	[ -x "$kdir/bpftool" ] && [ -f signed_hello.bpf.o ] || continue
	kver=$(basename "$kdir")
	nk=$((nk + 1))
	# 7.3 moved the signed payload to insns || maps.
	if printf '%s\n' 7.3 "$kver" | sort -V -C; then gen=insns+maps; else gen=insns; fi
	"$kdir/bpftool" gen skeleton -L -S -k key.pem -i cert.pem signed_hello.bpf.o \
		name signed_hello >"up-$kver.h" 2>/dev/null ||
		{ fail "bpftool-$kver" "bpftool gen skeleton -L -S failed"; continue; }
	"$kdir/bpftool" gen skeleton -L signed_hello.bpf.o name signed_hello \
		>"plain-$kver.h" 2>/dev/null
	check "extract-upstream-$kver" 0 "$SIGN" extract "up-$kver.h" --insns "i-$kver" \
		--data "d-$kver" --sig "s-$kver.der"
	if [ $gen = insns ]; then
		# Acceptance: an upstream -S signature over the instructions
		# carries no map hashes.
		verdict "verify-upstream-$kver-partialsig" PARTIALSIG 3 --cert cert.pem \
			--sig "s-$kver.der" --insns "i-$kver" --map "0:d-$kver"
	else
		# 7.3's upstream payload covers the map itself.
		verdict "verify-upstream-$kver-payload-covers-map" OK 0 --cert cert.pem \
			--sig "s-$kver.der" --insns "i-$kver" --map "0:d-$kver"
		verdict "verify-upstream-$kver-without-map" BADSIG 7 --cert cert.pem \
			--sig "s-$kver.der" --insns "i-$kver"
	fi
	check "skel-up-$kver" 0 "$SIGN" skel --kernel "$kver" --key key.pem \
		--cert cert.pem "up-$kver.h" -o "ours-up-$kver.h"
	if grep -q "scheme $gen\$" "skel-up-$kver.out"; then
		pass "skel-up-$kver-scheme-$gen"
	else
		fail "skel-up-$kver-scheme-$gen" "$(tr '\n' ' ' <"skel-up-$kver.out")"
	fi
	if grep -q warning "skel-up-$kver.out"; then
		fail "skel-up-$kver-no-warning" "$(tr '\n' ' ' <"skel-up-$kver.out")"
	else
		pass "skel-up-$kver-no-warning"
	fi
	printf '#include <errno.h>\n#include <stdlib.h>\n#include "ours-up-%s.h"\nint main(void) { struct signed_hello *s = signed_hello__open(); s->keyring_id = 1; return signed_hello__load(s); }\n' \
		"$kver" >"use-up-$kver.c"
	check "skel-up-$kver-compiles" 0 cc -Wall -Werror -Wno-unused-function \
		-I"$kdir/include" -c "use-up-$kver.c" -o /dev/null
	"$SIGN" extract "ours-up-$kver.h" --insns oi --data od --sig os.der 2>/dev/null
	verdict "skel-up-$kver-verify" OK 0 --cert cert.pem --sig os.der --insns oi --map 0:od
	if cmp -s oi "i-$kver" && cmp -s od "d-$kver"; then
		pass "skel-up-$kver-keeps-program"
	else
		fail "skel-up-$kver-keeps-program" "instructions or blob changed"
	fi

	# Made without -S: the loader reads flags and the map descriptors
	# from its context; refused, with the way to fix it.
	refused "skel-plain-$kver-refused" "plain-$kver.h" \
		"bpftool gen skeleton -L -S" "how it tells" "4 (flags)" \
		"(maps[1].max_entries)" "(maps[1].initial_value)" "bpf_copy_from_user"
	# A -S header whose loader reads the context's flags: refused
	# although it carries opts_sig (the instructions decide).
	python3 "$TOP/tests/signed/skel-edit.py" read-flags "up-$kver.h" "flags-$kver.h"
	refused "skel-reads-flags-$kver-refused" "flags-$kver.h" \
		"bpftool gen skeleton -L -S" "offset 4 (flags)"
	# Made without -S, for a program without maps: nothing steerable,
	# but no signature to fill in either.
	"$kdir/bpftool" gen skeleton -L nomaps.bpf.o name nomaps >"nomaps-$kver.h" 2>/dev/null
	refused "skel-nomaps-plain-$kver-refused" "nomaps-$kver.h" \
		"made without -S (no opts_sig" "bpftool gen skeleton -L -S"

	# A ring buffer without max_entries: signed, with a warning naming it.
	"$kdir/bpftool" gen skeleton -L -S -k key.pem -i cert.pem sizeless.bpf.o \
		name sizeless >"sizeless-$kver.h" 2>/dev/null ||
		{ fail "bpftool-sizeless-$kver" "bpftool gen skeleton -L -S failed"; continue; }
	check "skel-zero-max-entries-$kver" 0 "$SIGN" skel --kernel "$kver" \
		--key key.pem --cert cert.pem "sizeless-$kver.h" -o "sizeless-ours-$kver.h"
	if grep -q "warning: map 'events' has max_entries 0: .*Set max_entries in the BPF source" \
		"skel-zero-max-entries-$kver.out"; then
		pass "skel-zero-max-entries-$kver-warns"
	else
		fail "skel-zero-max-entries-$kver-warns" "$(tr '\n' ' ' <"skel-zero-max-entries-$kver.out")"
	fi
done
[ "$nk" -gt 0 ] || echo "note: no per-kernel bpftool under $KSRC_ROOT: skeleton cases not run"
check skel-old-kernel 1 "$SIGN" skel --kernel 6.1.0-40-amd64 --key key.pem --cert cert.pem \
	insns -o x.h

echo "signer-cli: $failures failed"
[ "$failures" = 0 ]

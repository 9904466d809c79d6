#!/bin/sh
# Every rule policy the project ships (etc/bpfseal/policy*) parses with
# bpfseal-policy check, the module's own parser: a shipped example an
# administrator copies must not be refused at boot.
cd "$(dirname "$0")/../.." || exit 1
fail=0 n=0
for f in etc/bpfseal/policy*; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	if scripts/bpfseal-policy check "$f" >/dev/null; then
		echo "PASS $f"
	else
		echo "FAIL $f"
		fail=1
	fi
done
[ "$n" -gt 0 ] || { echo "FAIL no shipped policy found"; exit 1; }
exit $fail

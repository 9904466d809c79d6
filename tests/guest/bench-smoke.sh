#!/bin/bash
# The benchmark's smoke run (docs/performance.md): every case of
# tests/bench/guest-run once, with small sizes, one round without and one
# with bpfseal. Asserts that everything ran and produced sane numbers, and
# that bpfseal enforced in the round with it (the unsigned load refused
# with EPERM, the signed ones allowed as OK, the loads of case f allowed by
# the last rule of the 50-rule policy); never asserts a timing.
. "$(dirname "$0")/lib.sh"

OUT=/tmp/bench-smoke.tsv
SIZES="4096 65536" HASH_SIZES=1048576 COUNTS="1 63" UNSIGNED=5
SKELS="bench_skel bench_big"
tests/bench/guest-run --rounds 1 --reps 1 --lookups 10000 --unsigned $UNSIGNED \
	--sizes "$SIZES" --hash-sizes "$HASH_SIZES" --counts "$COUNTS" \
	--skels "$SKELS" --check --out $OUT || fail "guest-run failed"

step "every point has a positive number, with and without bpfseal"
want=()
for s in $SKELS; do want+=("a $s"); done
want+=("b allowed" "b refused" "c lookup" "b rules1" "b rules50")
for s in $SIZES $HASH_SIZES; do want+=("load s$s"); done
for s in $HASH_SIZES; do want+=("run s$s" "khash s$s"); done
for n in $COUNTS; do want+=("load n$n"); done
for state in without with; do
	for w in "${want[@]}"; do
		v=$(awk -F'\t' -v s="$state" -v c="${w% *}" -v p="${w#* }" \
			'$2 == s && $4 == c && $5 == p { print $7 }' $OUT)
		[ -n "$v" ] || fail "no result for $w ($state)"
		awk -v v="$v" 'BEGIN { exit !(v ~ /^[0-9]+(\.[0-9]+)?$/ && v > 0) }' ||
			fail "result for $w ($state) is not a positive number: '$v'"
	done
done
n=$(grep -vc '^#' $OUT)
[ "$n" = $((2 * ${#want[@]})) ] || fail "$n results, expected $((2 * ${#want[@]}))"
echo "$n results"

step "what each case checked"
check() { # STATE TEXT
	grep -q "^# $1 1 CHECK $2\$" $OUT ||
		fail "missing check '$2' ($1); have: $(grep "^# $1 1 CHECK ${2%% *} " $OUT | tr '\n' ';')"
}
for state in without with; do
	check $state "b allowed ok=$UNSIGNED errno=0 refused=0"
	check $state "c lookup calls=10000 failed=0"
	for s in $SIZES $HASH_SIZES; do check $state "hash s$s maps=1 size=$s same"; done
	for n in $COUNTS; do check $state "hash n$n maps=$n size=4096 same"; done
done
check without "b refused ok=$UNSIGNED errno=0 refused=0"
# f: the rule policies allow every one of these unsigned loads
for p in rules1 rules50; do
	for state in without with; do check $state "b $p ok=$UNSIGNED errno=0 refused=0"; done
done
# enforce: every unsigned load refused with EPERM
check with "b refused ok=0 errno=1 refused=$UNSIGNED"

step "bpfseal decided in the round with it"
st=$(sed -n 's/^# with 1 STATUS //p' $OUT)
echo "$st"
[ -n "$st" ] || fail "no bpfseal status recorded"
val() { echo "$st" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# signed: each skeleton's loader and the signed loads of d and e
signed=$(($(echo $SKELS | wc -w) + $(echo $SIZES $HASH_SIZES | wc -w) + $(echo $COUNTS | wc -w)))
[ "$(val mode)" = enforce ] || fail "mode: $(val mode)"
[ "$(val verdict_OK)" -ge "$signed" ] || fail "verdict OK: $(val verdict_OK), want >= $signed"
[ "$(val action_deny)" = "$UNSIGNED" ] || fail "action deny: $(val action_deny), want $UNSIGNED"
[ "$(val action_audit)" -ge "$UNSIGNED" ] || fail "action audit: $(val action_audit)"
for v in UNEXPECTED FAULT BADSIG UNKNOWNKEY; do
	[ "$(val verdict_$v)" = 0 ] || fail "verdict $v: $(val verdict_$v)"
done
echo PASS

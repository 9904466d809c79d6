# shellcheck shell=bash
# Helpers of the debug-kernel fixtures. Sourced.
KO=$BPFSEAL_BUILD/fixture/bpfseal_fixture.ko
# fixture FAULT: load the fixture module with that fault.
fixture() {
	[ -f "$KO" ] || { echo "no $KO (tests/vm/selftest --debug builds it)"; exit 2; }
	grep -q '^CONFIG_DEBUG_KMEMLEAK=y' "/lib/modules/$(uname -r)/config" ||
		{ echo "not the debug kernel: $(uname -r)"; exit 2; }
	insmod "$KO" "fault=$1"
}

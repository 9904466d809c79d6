#!/bin/bash
# Debug-kernel fixture: the module loads and unloads with no fault; the
# checkers must find nothing, so the bench passes the test (a debug kernel
# whose own boot trips a checker would fail every test).
. "$(dirname "$0")/lib.sh"
fixture none
rmmod bpfseal_fixture
exit 0

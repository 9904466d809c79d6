#!/bin/bash
# Debug-kernel fixture: an out-of-bounds write in module code. KASAN reports
# it (and panic_on_warn stops the machine): the bench must fail the test.
. "$(dirname "$0")/lib.sh"
fixture kasan
exit 0

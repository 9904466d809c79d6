#!/bin/bash
# Debug-kernel fixture: two mutexes taken in both orders, in module code.
# Nothing deadlocks; lockdep reports the possible circular locking: the
# bench must fail the test.
. "$(dirname "$0")/lib.sh"
fixture lockdep
exit 0

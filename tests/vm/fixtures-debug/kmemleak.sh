#!/bin/bash
# Debug-kernel fixture: allocations in module code whose addresses are lost.
# The bench's kmemleak scan after the test must find them and fail it.
. "$(dirname "$0")/lib.sh"
fixture leak
exit 0

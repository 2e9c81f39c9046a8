#!/usr/bin/env bash
# Checks DESIGN.md's module rules on the source tree: what each folder may include, and that each
# library's raw API is called from its one wrapper file only.
set -u
root=${1:-.}
cd "$root" || exit 2
failed=0

fail() { echo "module rule broken: $*"; failed=1; }

hits=$(grep -rnE '#include +"(storage|executors|server)/' engine/ || true)
[ -z "$hits" ] || fail "engine/ includes another module:"$'\n'"$hits"
hits=$(grep -rnE '#include +"(executors|server)/' storage/ || true)
[ -z "$hits" ] || fail "storage/ includes executors/ or server/:"$'\n'"$hits"
hits=$(grep -rnE '#include +"server/' executors/ || true)
[ -z "$hits" ] || fail "executors/ includes server/:"$'\n'"$hits"

hits=$(grep -rlE '\bsqlite3_[a-z_]+\(' engine storage executors server config | grep -v '^storage/sqlite.cpp$' || true)
[ -z "$hits" ] || fail "raw sqlite3_ calls outside storage/sqlite.cpp: $hits"
hits=$(grep -rlE '\bgit_[a-z_]+\(' engine storage executors server config | grep -v '^executors/local/git.cpp$' || true)
[ -z "$hits" ] || fail "raw git_ calls outside executors/local/git.cpp: $hits"

hits=$(grep -rlE '#include +<date/' engine storage executors server config | grep -v '^server/iana_time_zones.cpp$' || true)
[ -z "$hits" ] || fail "date/tz.h used outside server/iana_time_zones.cpp: $hits"

if [ $failed -eq 0 ]; then echo "module rules hold"; fi
exit $failed

#!/usr/bin/env bash
# The jcstress suite in a quick mode that fits CI: builds the jar if needed, runs every test of
# dev.loopcore.stress and of the white-box dev.loopcore.internal ones (not the negative controls), and fails unless jcstress reports no failed and no
# error tests. Usage: stress/run-quick.sh [jcstress options, e.g. -m quick]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f stress/target/jcstress.jar ] || [ -n "${REBUILD:-}" ]; then
  mvn -B -ntp -q -pl stress -am package -DskipTests
fi
mode_args=("$@")
[ ${#mode_args[@]} -eq 0 ] && mode_args=(-m sanity)
report=stress/target/jcstress-report
log=stress/target/jcstress-quick.log
rm -rf "$report"
set +e
java -jar stress/target/jcstress.jar -t 'dev\.loopcore\.(stress|internal)\.[A-Z].*' -r "$report" "${mode_args[@]}" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -ne 0 ]; then echo "jcstress exited with $rc"; exit 1; fi
grep -q 'Failed tests: No matches.' "$log" || { echo "jcstress reported failed tests"; exit 1; }
grep -q 'Error tests: No matches.' "$log" || { echo "jcstress reported error tests"; exit 1; }
echo "jcstress: no failed and no error tests"

#!/usr/bin/env bash
# Runs the negative controls (deliberately broken protocols). They are expected to FAIL: this script
# succeeds only if jcstress reports each of them as failed, i.e. the suite can detect the bug.
set -uo pipefail
cd "$(dirname "$0")/.."
[ -f stress/target/jcstress.jar ] || mvn -B -ntp -q -pl stress -am package -DskipTests
log=stress/target/jcstress-negative.log
mode_args=("$@")
[ ${#mode_args[@]} -eq 0 ] && mode_args=(-m quick) # an array: "-m" and "quick" must stay two words
java -jar stress/target/jcstress.jar -t 'dev\.loopcore\.stress\.negative\..*' -r stress/target/jcstress-negative "${mode_args[@]}" 2>&1 | tee "$log"
ok=1
for t in BrokenPostVersusCloseTest BrokenWakeUpTest BrokenRefCountTest; do
  if sed -n '/Failed tests:/,/Error tests:/p' "$log" | grep -q "$t"; then
    echo "negative control $t: forbidden outcome observed (as intended)"
  else
    echo "negative control $t: NOT detected"; ok=0
  fi
done
[ "$ok" = 1 ]

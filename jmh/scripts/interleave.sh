#!/usr/bin/env bash
# Side-by-side figures that survive this VM's bimodal noise: runs one benchmark for each peer in turn,
# one fork at a time, for several rounds (A B C A B C ...), so every peer sees the same machine states,
# then prints each peer's median and its ratio to the first peer's median.
# Usage: jmh/scripts/interleave.sh <benchmark regex> <peer,peer,...> [rounds=5] [extra JMH args...]
# e.g.   jmh/scripts/interleave.sh 'OneToOne.burst$' loopcore,jctools-spin,netty-nio 6
set -euo pipefail
cd "$(dirname "$0")/../.."
bench=$1; peers=$2; rounds=${3:-5}; shift $(( $# >= 3 ? 3 : $# ))
jar=jmh/target/benchmarks.jar
[ -f "$jar" ] || mvn -B -q -pl jmh -am package -DskipTests
out=$(mktemp -d)
IFS=, read -r -a list <<< "$peers"
for ((r = 1; r <= rounds; r++)); do
  for p in "${list[@]}"; do
    java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -jar "$jar" "$bench" -p peer="$p" \
      -f 1 -wi 3 -w 1 -i 3 -r 1 -rf csv -rff "$out/$p-$r.csv" "$@" > /dev/null 2>&1 \
      || { echo "run failed: $p round $r" >&2; exit 1; }
  done
done
python3 - "$out" "$rounds" "${list[@]}" <<'PY'
import csv, statistics, sys
out, rounds, peers = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rows = {}
for p in peers:
    for r in range(1, rounds + 1):
        for row in csv.DictReader(open(f"{out}/{p}-{r}.csv")):
            name = row["Benchmark"]
            if ":" in name and not (name.endswith(":p0.50") or name.endswith(":p0.99")): continue  # SampleTime: keep p50, p99
            key = (row["Benchmark"].replace("dev.loopcore.jmh.", ""), p)
            rows.setdefault(key, []).append((float(row["Score"]), row["Unit"]))
benches = sorted({b for b, _ in rows})
print("| benchmark | peer | median | unit | per round | vs " + peers[0] + " |")
print("|---|---|---:|---|---|---:|")
for b in benches:
    base = statistics.median(s for s, _ in rows[(b, peers[0])])
    for p in peers:
        scores = [s for s, _ in rows[(b, p)]]
        m = statistics.median(scores)
        print(f"| {b} | {p} | {m:.1f} | {rows[(b, p)][0][1]} | {' '.join(f'{s:.0f}' for s in scores)} | {m / base:.2f}x |")
PY
rm -rf "$out"

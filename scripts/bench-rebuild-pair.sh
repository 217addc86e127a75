#!/usr/bin/env bash
# bench-rebuild-pair.sh: one-article rebuilds at 10,000 articles, paired in
# one run: OLD (a warta binary of an earlier commit) against NEW with the
# search index off (as OLD, when OLD has none) and NEW with it, alternating,
# each with its own cache and destination, after a build that fills the
# cache and two warm-up edits. Prints medians of ROUNDS rounds.
#
#   OLD=/path/to/warta-4e16471 NEW=/path/to/warta CORPUS=/tmp/warta-bench-10000/warta-site \
#     ROUNDS=3 ./scripts/bench-rebuild-pair.sh
set -euo pipefail
: "${OLD:?OLD names the earlier warta binary}" "${NEW:?NEW names the warta binary}" "${CORPUS:?CORPUS is a site folder made by ../shared/bench/gen.go}"
ROUNDS=${ROUNDS:-3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rebuild-pair.XXXXXX")
f=$(cd "$CORPUS" && find content/berita -name '*.md' ! -name '_index.md' | LC_ALL=C sort | sed -n 1p) # sed reads all: no SIGPIPE under pipefail
out=$WORK/times.txt; : > "$out"
for v in old ns s; do
  mkdir "$WORK/$v"; cp -r "$CORPUS/content" "$WORK/$v/"; cp "$CORPUS/warta.yaml" "$WORK/$v/"
done
printf 'search:\n  disabled: true\n' >> "$WORK/ns/warta.yaml"
sleep 3 # past the build cache's racy window (2 s): the copies count as unchanged files
run() {
  local v=$1 bin=$NEW
  [ "$v" = old ] && bin=$OLD
  # A timed build starts with the writes of the ones before it on disk, or
  # it pays for their writeback (see bench.sh's timed).
  if [ -n "${2:-}" ]; then sync; fi
  /usr/bin/time -f "$v %e %U %S %M" -a -o "${2:-/dev/null}" "$bin" build -q --cache "$WORK/$v-cache" -s "$WORK/$v" -d "$WORK/$v-pub" > /dev/null 2>&1
}
for v in old ns s; do run "$v"; done
for w in 1 2; do for v in old ns s; do echo "Pemanasan $w." >> "$WORK/$v/$f"; run "$v"; done; done
for r in $(seq "$ROUNDS"); do
  s="Kalimat baru ronde $r $(date +%s%N)."
  for v in old ns s; do echo "$s" >> "$WORK/$v/$f"; run "$v" "$out"; done
done
python3 - "$out" <<'PY'
import sys, statistics as st
rows = [l.split() for l in open(sys.argv[1])]
names = {"old": "OLD", "ns": "NEW, search off", "s": "NEW, search on"}
for v in ("old", "ns", "s"):
    w = [float(r[1]) for r in rows if r[0] == v]
    c = [float(r[2]) + float(r[3]) for r in rows if r[0] == v]
    m = [int(r[4]) / 1024 for r in rows if r[0] == v]
    print(f"{names[v]}: wall {st.median(w):.2f} s ({min(w):.2f}-{max(w):.2f}), CPU {st.median(c):.2f} s, peak RSS {st.median(m):.0f} MiB")
PY
rm -rf "$WORK"

#!/usr/bin/env bash
# bench-search.sh: `make bench-search` (also run by `make bench`). Measures
# the search index on the generated portal corpus, beside Pagefind on the
# same built site:
#
#   SIZES=10000 RUNS=3 ./scripts/bench-search.sh
#
# For each N in $SIZES:
#  1. Corpus: /tmp/warta-bench-N as scripts/bench.sh lays it out (gen.go, same
#     stamp), generated when missing; warta's site folder holds hard links.
#  2. Build cost: RUNS rounds after one warm-up, each building with the
#     default configuration and with `search: {disabled: true}` (no index,
#     no /cari/), alternating, --no-cache, into fresh folders; GNU time -v:
#     medians of wall, CPU and peak RSS, and the ratios from the same run.
#  3. Index: files and bytes under public/cari/.
#  4. Pagefind (npm package `pagefind`, installed into .bench/pagefind on
#     first use; set PAGEFIND=path to use another binary) on the same built
#     site: `pagefind --site public --glob '{berita,inovasi}/*/index.html'`
#     (the documents warta indexes), timed the same way; its files and bytes.
#     A copy of /cari/ with Pagefind's default UI in place of warta's search
#     serves as its search page (PAGEFIND_MAX: skip it above this N).
#  5. Bytes a reader downloads: both sites served by the shared acceptance
#     server (bin/serve, which gzips text as static hosts do), opened in
#     Chromium at 360 px by scripts/search-probe.mjs with a cold cache:
#     the page, then query Q1 typed (the first query: everything on the
#     page counted), then Q2 (the second query alone). probe.mjs of the
#     shared toolkit cross-checks the first query.
#
# Environment: SIZES (10000), RUNS (3), SEED (20240601), BENCH_DIR
# (../shared/bench), ACC_DIR (../shared/acceptance, after its setup.sh),
# Q1 ("pelatihan kerja pemuda"), Q2 ("banjir drainase"), PAGEFIND_MAX (20000),
# WARMUP (1; 0 skips the warm-up round).
# Reports land in .bench/search-<UTC date and time>.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=$(cd "${BENCH_DIR:-$ROOT/../shared/bench}" && pwd)
ACC_DIR=$(cd "${ACC_DIR:-$ROOT/../shared/acceptance}" && pwd)
SIZES=${SIZES:-10000}
RUNS=${RUNS:-3}
SEED=${SEED:-20240601}
GO=${GO:-go}
Q1=${Q1:-pelatihan kerja pemuda}
Q2=${Q2:-banjir drainase}
PAGEFIND_MAX=${PAGEFIND_MAX:-20000}
WARMUP=${WARMUP:-1}
OUT=$ROOT/.bench
WARTA=$OUT/warta
TMP=$(mktemp -d)
SERVERS=()
mkdir -p "$OUT"
REPORT=$OUT/search-$(date -u +%Y%m%d-%H%M%S).md

cleanup() {
  local p
  for p in "${SERVERS[@]}"; do kill "$p" 2> /dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT
die() { echo "bench-search: $*" >&2; exit 1; }
say() { printf '%s\n' "$*" | tee -a "$REPORT"; }

# timed RUNSFILE CMD...: GNU time -v; appends "wall_s cpu_s rss_MiB".
timed() {
  local runs=$1
  shift
  /usr/bin/time -v -o "$TMP/time" "$@" > "$TMP/out" 2>&1 || { tail -n 30 "$TMP/out" >&2; die "failed: $*"; }
  awk '
    /Elapsed \(wall clock\) time/ { n = split($NF, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time \(seconds\)/       { u = $NF }
    /System time \(seconds\)/     { s = $NF }
    /Maximum resident set size/   { m = $NF }
    END { printf "%.2f %.2f %.1f\n", w, u + s, m / 1024 }' "$TMP/time" | tee -a "$runs"
}
med() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$2" '{ print $c }' "$1" | med; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
files_bytes() { find "$@" -type f -printf '%s\n' | awk '{ n++; b += $1 } END { printf "%d %d\n", n, b }'; }

[ -x "$ACC_DIR/bin/serve" ] && [ -d "$ACC_DIR/node_modules/playwright-core" ] || die "run $ACC_DIR/setup.sh first"
(cd "$ROOT" && "$GO" build -o "$WARTA" ./cmd/warta) || die "building warta failed"
if [ -z "${PAGEFIND:-}" ]; then
  PAGEFIND=$OUT/pagefind/node_modules/.bin/pagefind
  if [ ! -x "$PAGEFIND" ]; then
    echo "== npm install pagefind into .bench/pagefind"
    mkdir -p "$OUT/pagefind"
    npm install --prefix "$OUT/pagefind" --no-audit --no-fund pagefind > "$TMP/npm.log" 2>&1 || { cat "$TMP/npm.log" >&2; die "npm install pagefind failed"; }
  fi
fi
GEN_SHA=$(sha256sum "$BENCH_DIR/gen.go" | cut -d' ' -f1)

say "# warta search benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
say ""
say "- machine: $(nproc) CPUs, $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'); load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
say "- warta commit $(git -C "$ROOT" rev-parse --short HEAD), $("$GO" version | cut -d' ' -f3); Pagefind $("$PAGEFIND" --version 2>&1 | head -n1)"
say "- queries: first \"$Q1\", second \"$Q2\"; Chromium $(chromium --version 2>/dev/null | awk '{ print $2 }'), 360 px, cold cache, gzip as served by the acceptance server"
say ""

serve() { # DIR FILE: starts the static server (stopped on exit); its base URL lands in FILE
  "$ACC_DIR/bin/serve" -dir "$1" > "$2" 2> /dev/null &
  SERVERS+=($!)
  for _ in $(seq 100); do [ -s "$2" ] && break; sleep 0.1; done
}
probe() { # URL INPUT RESULT: one JSON line
  ACC_MODULES=$ACC_DIR/node_modules node "$ROOT/scripts/search-probe.mjs" "$1" "$2" "$3" "$Q1" "$Q2"
}
field() { node -e 'const d = JSON.parse(require("fs").readFileSync(0, "utf8")); const v = process.argv[1].split(".").reduce((o, k) => o && o[k], d); console.log(v === undefined ? "" : v)' "$1"; }

for N in $SIZES; do
  DIR=/tmp/warta-bench-$N
  stamp="gen.go sha256=$GEN_SHA n=$N seed=$SEED"
  if [ ! -d "$DIR/content" ] || [ "$(cat "$DIR/.gen-stamp" 2> /dev/null)" != "$stamp" ]; then
    echo "== generating corpus N=$N into $DIR"
    rm -rf "$DIR/content" && mkdir -p "$DIR"
    (cd "$BENCH_DIR" && "$GO" run gen.go -n "$N" -seed "$SEED" -out "$DIR") > /dev/null || die "gen.go failed"
    echo "$stamp" > "$DIR/.gen-stamp"
  fi
  S=$DIR/search-site
  rm -rf "$S" "$DIR/search-runs" && mkdir -p "$S" "$DIR/search-runs"
  cp -al "$DIR/content" "$S/content"
  printf 'baseURL: https://bench.example/\ntitle: Portal Berita Bench\n' > "$S/warta.yaml"
  OFF=$DIR/search-off-site
  rm -rf "$OFF" && mkdir -p "$OFF"
  cp -al "$DIR/content" "$OFF/content"
  printf 'baseURL: https://bench.example/\ntitle: Portal Berita Bench\nsearch:\n  disabled: true\n' > "$OFF/warta.yaml"

  : > "$TMP/on"
  : > "$TMP/off"
  for r in $(seq "$((WARMUP ? 0 : 1))" "$RUNS"); do
    on=$TMP/on off=$TMP/off
    if [ "$r" = 0 ]; then on=/dev/null off=/dev/null; fi
    echo "== N=$N round $r: with the index, then without"
    timed "$on" "$WARTA" build -s "$S" -d "$DIR/search-runs/on-$r" --quiet --no-cache
    timed "$off" "$WARTA" build -s "$OFF" -d "$DIR/search-runs/off-$r" --quiet --no-cache
  done
  PUB=$DIR/search-runs/on-$RUNS
  read -r ifiles ibytes <<< "$(files_bytes "$PUB/cari")"
  # cari/i: shard directories (.json), term shards (8 hex digits) and
  # posting parts (12)
  dirs=$(find "$PUB/cari/i" -name '*.json' | wc -l)
  shards=$(find "$PUB/cari/i" -regextype posix-extended -regex '.*/[0-9a-f]{8}\.bin' | wc -l)
  parts=$(find "$PUB/cari/i" -regextype posix-extended -regex '.*/[0-9a-f]{12}\.bin' | wc -l)
  read -r blocks bbytes <<< "$(files_bytes "$PUB/cari/d")"

  say "## $N articles ($(find "$DIR/content" -name '*.md' | wc -l) files: news, N/5 profiles, agencies)"
  say ""
  say "| warta build, median of $RUNS | wall s | CPU s | peak RSS MiB |"
  say "|---|---|---|---|"
  say "| without the index (\`search.disabled\`) | $(col "$TMP/off" 1) | $(col "$TMP/off" 2) | $(col "$TMP/off" 3) |"
  say "| with the index (default) | $(col "$TMP/on" 1) | $(col "$TMP/on" 2) | $(col "$TMP/on" 3) |"
  say "| ratio with / without | $(ratio "$(col "$TMP/on" 1)" "$(col "$TMP/off" 1)") | $(ratio "$(col "$TMP/on" 2)" "$(col "$TMP/off" 2)") | $(ratio "$(col "$TMP/on" 3)" "$(col "$TMP/off" 3)") |"
  say ""

  serve "$PUB" "$TMP/w.url"
  W_URL=$(head -n1 "$TMP/w.url")
  probe "$W_URL/cari/" "#cari-q" "#cari-daftar li a" > "$TMP/w.json" || echo "bench-search: warta probe reported errors: $(field errors < "$TMP/w.json")" >&2
  node "$ACC_DIR/probe.mjs" "$W_URL/cari/" --type "#cari-q=$Q1" --wait '[aria-live] a[href]' --links '[aria-live] a[href]' > "$TMP/wp.json" || true

  pf=""
  if [ "$N" -le "$PAGEFIND_MAX" ]; then
    rm -rf "$DIR/pagefind-out"
    echo "== N=$N pagefind"
    : > "$TMP/pf"
    timed "$TMP/pf" "$PAGEFIND" --site "$PUB" --glob '{berita,inovasi}/*/index.html' --output-path "$DIR/pagefind-out/pagefind"
    read -r pfiles pbytes <<< "$(files_bytes "$DIR/pagefind-out")"
    # Its search page: the site, with /cari/ showing Pagefind's default UI.
    P=$DIR/pagefind-site
    rm -rf "$P" && mkdir -p "$P"
    for e in "$PUB"/*; do [ "$(basename "$e")" = cari ] || ln -s "$e" "$P/$(basename "$e")"; done
    ln -s "$DIR/pagefind-out/pagefind" "$P/pagefind"
    mkdir "$P/cari"
    node -e '
      const fs = require("fs"); let s = fs.readFileSync(process.argv[1], "utf8");
      const i = s.indexOf("<main"), j = s.indexOf("</main>");
      s = s.slice(0, i) + "<main id=\"konten\"><div class=\"wrap\"><h1>Cari</h1><link href=\"/pagefind/pagefind-ui.css\" rel=\"stylesheet\"><div id=\"pf\"></div><script src=\"/pagefind/pagefind-ui.js\"></script><script>new PagefindUI({element: \"#pf\", showImages: false})</script></div>" + s.slice(j);
      fs.writeFileSync(process.argv[2], s);' "$PUB/cari/index.html" "$P/cari/index.html"
    serve "$P" "$TMP/p.url"
    P_URL=$(head -n1 "$TMP/p.url")
    probe "$P_URL/cari/" ".pagefind-ui__search-input" ".pagefind-ui__result-link" > "$TMP/p.json" || echo "bench-search: pagefind probe reported errors" >&2
    pf=1
  fi

  say "| $N articles | warta | Pagefind |"
  say "|---|---|---|"
  if [ -n "$pf" ]; then
    say "| index files | $ifiles ($dirs shard directories, $shards term shards, $parts posting parts, $blocks record blocks, the page) | $pfiles |"
    say "| index bytes on disk | $(kb "$ibytes") KiB | $(kb "$pbytes") KiB |"
    say "| indexing | part of the build (above) | $(col "$TMP/pf" 1) s wall, $(col "$TMP/pf" 2) s CPU, $(col "$TMP/pf" 3) MiB peak |"
    for k in load first second; do
      say "| $k: bytes transferred (requests) | $(kb "$(field $k.bytes < "$TMP/w.json")") KiB ($(field $k.requests < "$TMP/w.json")) | $(kb "$(field $k.bytes < "$TMP/p.json")") KiB ($(field $k.requests < "$TMP/p.json")) |"
    done
  else
    say "| index files | $ifiles ($dirs shard directories, $shards term shards, $parts posting parts, $blocks record blocks, the page) | not run |"
    say "| index bytes on disk | $(kb "$ibytes") KiB | |"
    for k in load first second; do
      say "| $k: bytes transferred (requests) | $(kb "$(field $k.bytes < "$TMP/w.json")") KiB ($(field $k.requests < "$TMP/w.json")) | |"
    done
  fi
  say "| first query by the toolkit's probe.mjs | $(kb "$(field bytes < "$TMP/wp.json")") KiB ($(field requests < "$TMP/wp.json") requests) | |"
  say ""
  say "warta's first results for \"$Q1\": $(field firstLinks < "$TMP/w.json" | cut -c1-300)"
  say ""
  rm -rf "$DIR/search-runs" "$DIR/pagefind-site" "$DIR/pagefind-out" "$S" "$OFF"
done
echo "report: $REPORT"

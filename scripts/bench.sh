#!/usr/bin/env bash
# bench.sh: `make bench`. Builds the generated portal corpus with warta and,
# when installed, with Hugo, and prints wall time, CPU time, peak memory and
# what each tool wrote, with the ratios warta/Hugo from the same run.
#
#   make bench                                # SIZES="1000 10000", RUNS=3
#   SIZES=1000 RUNS=5 ./scripts/bench.sh
#
# Steps, for each N in $SIZES:
#  1. Corpus: `go run gen.go -n N -seed SEED -out /tmp/warta-bench-N` from the
#     shared bench folder, skipped when /tmp/warta-bench-N/.gen-stamp records
#     the same gen.go sha256, N and seed (gen.go's output is deterministic).
#  2. Sites, both reading the one content/ folder:
#     - Hugo: hugo-site/hugo.toml and hugo-site/layouts/ copied into the
#       corpus root, exactly as the shared run-hugo.sh does, so Hugo's figures
#       are comparable with shared/bench/RESULTS.md.
#     - warta: needs no layouts or config; a warta.yaml (baseURL, title) is
#       written into the corpus root. warta cannot build from the corpus root
#       itself, because a site's layouts/ overrides warta's embedded theme and
#       Hugo's templates are not warta templates. So warta's site folder is
#       CORPUS/warta-site/, holding only hard links to ../content and
#       ../warta.yaml.
#  3. Timing, GNU /usr/bin/time -v of the whole process (wall clock,
#     user+sys CPU, maximum resident set size): one warm-up per tool into an
#     empty output folder, then RUNS rounds, each building with warta and then
#     Hugo into their existing output folders (CORPUS/public-warta,
#     CORPUS/public-hugo). Both builds minify (warta's default; Hugo --minify).
#     When `warta build --help` lists --no-cache, warta's full builds pass it:
#     warta otherwise uses a build cache under ~/.cache by default, and the
#     full builds are meant to be cold, like Hugo's.
#  4. One article changed: append a sentence to one news article and rebuild
#     with warta (with --cache CORPUS/.warta-cache when `warta build --help`
#     lists --cache, after one build that fills the cache); RUNS times, each
#     with a different sentence; the article is restored afterwards (also on
#     error or interrupt).
#  5. Output: index.html pages and files per tool; a table per N with median
#     (min–max) and the ratios of the medians; the same report as Markdown in
#     .bench/results-<UTC date and time>.md.
#
# Environment:
#   BENCH_DIR=../shared/bench   shared bench folder (gen.go, hugo-site/), relative to the repo root
#   SIZES="1000 10000"          corpus sizes (news items; gen.go adds N/5 innovation profiles)
#   RUNS=3                      counted rounds per size
#   SEED=20240601               gen.go -seed (its default)
#   GO=go                       Go toolchain for building warta and running gen.go
#   HUGO=hugo                   Hugo binary; when not found, only warta is measured
#
# Exits non-zero, after printing the failing command's stderr, when a build fails.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-$ROOT/../shared/bench}
SIZES=${SIZES:-1000 10000}
RUNS=${RUNS:-3}
SEED=${SEED:-20240601}
GO=${GO:-go}
HUGO=${HUGO:-hugo}
TIMER=/usr/bin/time
OUT=$ROOT/.bench
WARTA=$OUT/warta

TMP=$(mktemp -d)
EDITED=""         # article currently modified by the one-article-changed case
EDITED_BACKUP=""  # its original bytes
REPORT=""         # Markdown report being written

# ---------------------------------------------------------------- helpers

die() {
  echo "bench: $*" >&2
  exit 1
}

cleanup() {
  if [ -n "$EDITED" ] && [ -f "$EDITED_BACKUP" ]; then
    cp "$EDITED_BACKUP" "$EDITED"
    echo "bench: restored $EDITED" >&2
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM  # run cleanup on interrupt too

# say TEXT: print to the terminal and append to the Markdown report.
say() {
  printf '%s\n' "$*"
  if [ -n "$REPORT" ]; then printf '%s\n' "$*" >> "$REPORT"; fi
}

# commas 12345 -> 12,345
commas() {
  sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta' <<< "$1"
}

# summary FILE COLUMN FORMAT: "median (min–max)" of one column of a runs file
# (columns: 1 wall s, 2 CPU s, 3 peak RSS MiB).
summary() {
  awk -v c="$2" '{ print $c }' "$1" | sort -g | awk -v f="$3" '
    { a[NR] = $1 }
    END {
      if (NR == 0) { print "n/a"; exit }
      m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
      printf f " (" f "–" f ")\n", m, a[1], a[NR]
    }'
}

# median FILE COLUMN: the bare median, for ratios.
median() {
  awk -v c="$2" '{ print $c }' "$1" | sort -g | awk '
    { a[NR] = $1 }
    END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# ratio A B: A/B with two decimals.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
}

# timed LABEL RUNSFILE CMD...: run CMD under GNU time -v. On success append
# "wall_s cpu_s rss_MiB" to RUNSFILE (unless it is "-") and print one line;
# on failure print the command's stderr and exit.
timed() {
  local label=$1 runs=$2
  shift 2
  if ! "$TIMER" -v -o "$TMP/time" "$@" > "$TMP/stdout" 2> "$TMP/stderr"; then
    echo "bench: FAILED ($label): $*" >&2
    echo "---- stderr (first 60 lines):" >&2
    head -n 60 "$TMP/stderr" >&2
    echo "---- stdout (first 20 lines):" >&2
    head -n 20 "$TMP/stdout" >&2
    grep -E 'Command exited|Command terminated|Exit status' "$TMP/time" >&2 || true
    exit 1
  fi
  local line w c m
  line=$(awk '
    /Elapsed \(wall clock\) time/ { n = split($NF, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time \(seconds\)/       { u = $NF }
    /System time \(seconds\)/     { s = $NF }
    /Maximum resident set size/   { m = $NF }
    END { printf "%.2f %.2f %.1f", w, u + s, m / 1024 }' "$TMP/time")
  if [ "$runs" != - ]; then echo "$line" >> "$runs"; fi
  read -r w c m <<< "$line"
  printf '   %-34s wall %6.2f s   cpu %6.2f s   peak %6.0f MiB\n' "$label" "$w" "$c" "$m"
}

# count_output DIR: "pages files" (index.html files; all files).
count_output() {
  echo "$(find "$1" -type f -name index.html | wc -l) $(find "$1" -type f | wc -l)"
}

# ---------------------------------------------------------------- setup

check_tools() {
  [ -x "$TIMER" ] || die "$TIMER (GNU time) not found: apt-get install time"
  "$TIMER" -v -o /dev/null true 2> /dev/null || die "$TIMER does not accept -v: GNU time is needed"
  [ -d "$BENCH_DIR" ] || die "bench folder $BENCH_DIR not found (set BENCH_DIR)"
  BENCH_DIR=$(cd "$BENCH_DIR" && pwd)
  [ -f "$BENCH_DIR/gen.go" ] || die "$BENCH_DIR/gen.go not found"
  [ -f "$BENCH_DIR/hugo-site/hugo.toml" ] || die "$BENCH_DIR/hugo-site/hugo.toml not found"
  case $RUNS in '' | *[!0-9]* | 0) die "RUNS must be a positive number" ;; esac
  if command -v "$HUGO" > /dev/null 2>&1; then
    HUGO=$(command -v "$HUGO")
    HAVE_HUGO=1
  else
    echo "bench: $HUGO not on PATH: measuring warta only" >&2
    HAVE_HUGO=0
  fi
}

build_warta() {
  mkdir -p "$OUT"
  echo "== go build -o .bench/warta ./cmd/warta"
  (cd "$ROOT" && "$GO" build -o "$WARTA" ./cmd/warta) || die "building warta failed"
  local help
  help=$("$WARTA" build --help 2>&1 || true)
  if grep -qE -- '(^|[[:space:],])--cache([ =]|$)' <<< "$help"; then HAVE_CACHE=1; else HAVE_CACHE=0; fi
  NO_CACHE=()
  if grep -q -- '--no-cache' <<< "$help"; then NO_CACHE=(--no-cache); fi
}

warta_commit() {
  local c
  c=$(git -C "$ROOT" rev-parse --short HEAD 2> /dev/null) || { echo unknown; return; }
  # --no-optional-locks: do not take index.lock, others use this checkout.
  if [ -n "$(git -C "$ROOT" --no-optional-locks status --porcelain 2> /dev/null)" ]; then c+="+dirty"; fi
  echo "$c"
}

# print_header: machine, date, tool versions (terminal and report).
print_header() {
  local model mem
  model=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
  mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
  say "# warta benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  say ""
  say "- machine: $(nproc) CPUs, ${model:-unknown CPU}, $mem RAM; $(uname -sr)"
  say "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  say "- warta: commit $(warta_commit), \`$("$WARTA" version 2>&1 | head -n1)\`"
  say "- $("$GO" version)"
  if [ "$HAVE_HUGO" = 1 ]; then
    say "- Hugo: \`$("$HUGO" version)\`"
  else
    say "- Hugo: not installed (warta only)"
  fi
  say "- corpus: shared gen.go (sha256 ${GEN_SHA:0:16}), seed $SEED; $RUNS counted rounds after one warm-up per tool, alternating warta, Hugo; output on $(df -PT /tmp | awk 'NR == 2 { print $2 }') under /tmp"
  say "- timing: GNU /usr/bin/time -v, whole process; wall s, CPU s = user+sys, peak RSS = maximum resident set size"
  say "- commands: \`warta build -s CORPUS/warta-site -d CORPUS/public-warta --quiet${NO_CACHE[*]:+ ${NO_CACHE[*]}}\` (minifies by default; one-article-changed: --cache CORPUS/.warta-cache when available); \`hugo -s CORPUS --quiet --minify -d CORPUS/public-hugo\`"
}

# ---------------------------------------------------------------- corpus

# prepare_corpus N: sets DIR; generates content/ when needed, lays out both sites.
prepare_corpus() {
  local n=$1 stamp
  DIR=/tmp/warta-bench-$n
  stamp="gen.go sha256=$GEN_SHA n=$n seed=$SEED"
  if [ ! -d "$DIR/content" ] || [ "$(cat "$DIR/.gen-stamp" 2> /dev/null)" != "$stamp" ]; then
    echo "== generating corpus N=$n into $DIR"
    rm -rf "$DIR/content"
    mkdir -p "$DIR"
    (cd "$BENCH_DIR" && "$GO" run gen.go -n "$n" -seed "$SEED" -out "$DIR") > "$TMP/gen.log" 2>&1 \
      || { cat "$TMP/gen.log" >&2; die "gen.go failed"; }
    echo "$stamp" > "$DIR/.gen-stamp"
  else
    echo "== corpus N=$n in $DIR is current (stamp matches)"
  fi

  # Hugo site: as run-hugo.sh does, a fresh copy every run.
  rm -rf "$DIR/layouts"
  cp -r "$BENCH_DIR/hugo-site/layouts" "$DIR/layouts"
  cp "$BENCH_DIR/hugo-site/hugo.toml" "$DIR/hugo.toml"
  chmod -R u+w "$DIR/layouts" "$DIR/hugo.toml"  # the shared folder is read-only

  # warta site: config in the corpus root, site folder of hard links (see
  # header): warta refuses symbolic links that leave the site folder, and a
  # hard-linked file is the same file, so the one-article edit reaches both.
  printf 'baseURL: https://bench.example/\ntitle: Portal Berita Bench\n' > "$DIR/warta.yaml"
  rm -rf "$DIR/warta-site"
  mkdir -p "$DIR/warta-site"
  cp -al "$DIR/content" "$DIR/warta-site/content"
  cp "$DIR/warta.yaml" "$DIR/warta-site/warta.yaml"

  local fp
  fp=$(cd "$DIR/content" && find . -name '*.md' | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-16)
  CORPUS_INFO="$(commas "$(find "$DIR/content" -name '*.md' | wc -l)") .md files, fingerprint $fp"
  echo "   $CORPUS_INFO"
}

# ---------------------------------------------------------------- builds

warta_cmd() { # extra flags...
  W_CMD=("$WARTA" build -s "$DIR/warta-site" -d "$DIR/public-warta" --quiet "$@")
}

hugo_cmd() {
  H_CMD=("$HUGO" -s "$DIR" --quiet --minify -d "$DIR/public-hugo")
}

# full_builds: warm-up each, then RUNS alternating rounds.
full_builds() {
  : > "$TMP/warta"
  : > "$TMP/hugo"
  warta_cmd "${NO_CACHE[@]}"
  hugo_cmd
  rm -rf "$DIR/public-warta" "$DIR"/.public-warta.tmp-* "$DIR/public-hugo"
  timed "warm-up warta (empty output)" - "${W_CMD[@]}"
  if [ "$HAVE_HUGO" = 1 ]; then timed "warm-up hugo (empty output)" - "${H_CMD[@]}"; fi
  local r
  for r in $(seq "$RUNS"); do
    timed "round $r warta" "$TMP/warta" "${W_CMD[@]}"
    if [ "$HAVE_HUGO" = 1 ]; then timed "round $r hugo" "$TMP/hugo" "${H_CMD[@]}"; fi
  done
}

# one_changed: rebuild after appending a sentence to one article, RUNS times.
one_changed() {
  local articles=() r
  mapfile -t articles < <(find "$DIR/content/berita" -name '*.md' ! -name '_index.md' | LC_ALL=C sort)
  [ "${#articles[@]}" -gt 0 ] || die "no articles in $DIR/content/berita"
  local article=${articles[$((${#articles[@]} / 2))]}
  EDITED_REL=${article#"$DIR"/}
  echo "   article edited: $EDITED_REL"

  : > "$TMP/changed"
  if [ "$HAVE_CACHE" = 1 ]; then
    CHANGED_LABEL="warta, one article changed, --cache"
    warta_cmd --cache "$DIR/.warta-cache"
    rm -rf "$DIR/.warta-cache"
    timed "fill cache (full build, --cache)" - "${W_CMD[@]}"
  else
    CHANGED_LABEL="warta, rebuild, one article changed, no cache"
    warta_cmd "${NO_CACHE[@]}"
  fi

  EDITED_BACKUP=$TMP/article.bak
  cp "$article" "$EDITED_BACKUP"
  EDITED=$article
  for r in $(seq "$RUNS"); do
    # A sentence new to every round, so no earlier output or cache entry matches.
    printf '\nKalimat tambahan untuk uji bangun ulang, putaran %d (%s).\n' "$r" "$(date -u +%s%N)" >> "$article"
    timed "round $r warta, one changed" "$TMP/changed" "${W_CMD[@]}"
    cp "$EDITED_BACKUP" "$article"
  done
  EDITED=""
}

# ---------------------------------------------------------------- report

# table N: the per-size table and ratios (terminal and report).
table() {
  local n=$1 wp wf hp hf
  read -r wp wf <<< "$(count_output "$DIR/public-warta")"
  say ""
  say "## N = $(commas "$n") news items ($CORPUS_INFO)"
  say ""
  say "| build | runs | wall s | CPU s (user+sys) | peak RSS MiB | pages (index.html) | files |"
  say "|---|---|---|---|---|---|---|"
  say "| warta, full build${NO_CACHE[*]:+ (${NO_CACHE[*]})} | $RUNS | $(summary "$TMP/warta" 1 %.2f) | $(summary "$TMP/warta" 2 %.2f) | $(summary "$TMP/warta" 3 %.0f) | $(commas "$wp") | $(commas "$wf") |"
  if [ "$HAVE_HUGO" = 1 ]; then
    read -r hp hf <<< "$(count_output "$DIR/public-hugo")"
    say "| Hugo $HUGO_VER, full build | $RUNS | $(summary "$TMP/hugo" 1 %.2f) | $(summary "$TMP/hugo" 2 %.2f) | $(summary "$TMP/hugo" 3 %.0f) | $(commas "$hp") | $(commas "$hf") |"
  fi
  say "| $CHANGED_LABEL | $RUNS | $(summary "$TMP/changed" 1 %.2f) | $(summary "$TMP/changed" 2 %.2f) | $(summary "$TMP/changed" 3 %.0f) | $(commas "$wp") | $(commas "$wf") |"
  say ""
  say "Cells: median (min–max). Full builds write into the previous build's output folder;"
  say "the one-article-changed builds append a sentence to $EDITED_REL (restored afterwards)."
  if [ "$HAVE_HUGO" = 1 ]; then
    say ""
    say "| ratio of medians (same run) | wall | CPU | peak RSS |"
    say "|---|---|---|---|"
    say "| warta / Hugo, full build | $(ratio "$(median "$TMP/warta" 1)" "$(median "$TMP/hugo" 1)") | $(ratio "$(median "$TMP/warta" 2)" "$(median "$TMP/hugo" 2)") | $(ratio "$(median "$TMP/warta" 3)" "$(median "$TMP/hugo" 3)") |"
    say "| $CHANGED_LABEL / Hugo full build | $(ratio "$(median "$TMP/changed" 1)" "$(median "$TMP/hugo" 1)") | $(ratio "$(median "$TMP/changed" 2)" "$(median "$TMP/hugo" 2)") | $(ratio "$(median "$TMP/changed" 3)" "$(median "$TMP/hugo" 3)") |"
  fi
}

# ---------------------------------------------------------------- main

main() {
  check_tools
  build_warta
  GEN_SHA=$(sha256sum < "$BENCH_DIR/gen.go" | cut -d' ' -f1)
  HUGO_VER=""
  if [ "$HAVE_HUGO" = 1 ]; then
    HUGO_VER=$("$HUGO" version | grep -oE 'v[0-9]+\.[0-9]+\.[0-9]+' | head -n1)
  fi

  local stamp started
  stamp=$(date -u +%Y-%m-%dT%H%M%SZ)  # seconds: back-to-back runs must not overwrite
  started=$(date +%s)
  REPORT=$OUT/results-$stamp.md
  : > "$REPORT"
  print_header

  local n
  for n in $SIZES; do
    case $n in '' | *[!0-9]* | 0) die "SIZES: $n is not a positive number" ;; esac
    echo
    prepare_corpus "$n"
    echo "== N=$n: full builds (warm-up, then $RUNS rounds)"
    full_builds
    echo "== N=$n: one article changed ($([ "$HAVE_CACHE" = 1 ] && echo "with --cache" || echo "warta build has no --cache: plain rebuild"))"
    one_changed
    table "$n"
  done

  say ""
  say "Finished $(date -u '+%Y-%m-%d %H:%M UTC') after $(($(date +%s) - started)) s; load average at end: $(cut -d' ' -f1-3 /proc/loadavg)."
  # Other work on the machine inflates wall times far more than CPU s or RSS.
  if awk -v n="$(nproc)" '{ exit !($1 > n || $2 > n) }' /proc/loadavg; then
    say ""
    say "**Warning**: the load average exceeded the $(nproc) CPUs during the run: other processes competed for the CPUs, so wall times (and wall ratios) are inflated; CPU s and peak RSS are more trustworthy."
  fi
  echo
  echo "report: ${REPORT#"$ROOT"/}"
}

main "$@"

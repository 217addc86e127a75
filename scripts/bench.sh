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
#       CORPUS/warta-site/, holding a copy of warta.yaml and content/ as hard
#       links to the corpus's files (warta refuses symbolic links that leave
#       the site folder; an edit of a corpus file is an edit of both).
#  3. Timing, GNU /usr/bin/time -v of the whole process (wall clock,
#     user+sys CPU, maximum resident set size): one warm-up per tool, then
#     RUNS rounds, each building with warta, then Hugo (and HUGO_LATEST when
#     set). Every build writes into a fresh, empty output folder
#     (CORPUS/runs/TOOL-ROUND): deleting a big tree just before a build makes
#     ext4 pay for the freed inodes during the build (on a file system
#     without a journal, ext4 skips inodes freed in the last minutes when it
#     allocates new ones), so earlier runs' folders and the other trees the
#     bench replaces are moved aside first and deleted only when the bench
#     ends, after every size's measurements, the memory builds' included;
#     every timed build starts after a sync, so none pays for writing back
#     the files of the one before.
#     Both builds minify (warta's default; Hugo --minify).
#     When `warta build --help` lists --no-cache, warta's full builds pass it:
#     warta otherwise uses a build cache under ~/.cache by default, and the
#     full builds are meant to be cold, like Hugo's.
#  4. One article changed (before the full builds, see one_changed):
#     append a sentence to one news article and rebuild
#     with warta (with --cache CORPUS/.warta-cache when `warta build --help`
#     lists --cache, after one build that fills the cache, a sync and
#     WARMUP uncounted rounds); RUNS times, each with a different sentence;
#     the article is restored afterwards (also on error or interrupt).
#  5. Preview (N <= PREVIEW_MAX): BenchmarkRebuildOneArticle of
#     internal/serve, 5 saves of one article in `warta serve` on a copy of the
#     corpus; the median from save to the new bytes served, and the server's
#     Go memory after the saves; then the `warta serve` command itself on a
#     copy: save → served (polled) and its resident memory after 5 saves.
#  6. Output: index.html pages, files and bytes per page (all index.html
#     bytes / pages) per tool; a table per N with median (min–max) and the
#     ratios of the medians; the same report as Markdown in
#     .bench/results-<UTC date and time>.md.
#  7. MEMSIZES (opt-in, e.g. MEMSIZES="10000 100000"): MEMRUNS rounds, each
#     one cold warta build per size in turn; medians of peak memory and of
#     CPU per article (user and system time apart), and the ratio of the
#     largest size's CPU per article to the smallest's. To compare 100000
#     with 10000, name both in MEMSIZES (10000 again, though SIZES has
#     it): the SIZES table's medians come from rounds that alternate with
#     Hugo's builds, not from builds made like the 100000 ones. SIZES=""
#     runs the memory benchmark alone. Rounds that alternate the sizes
#     see the same machine: a single 10,000 build took 2.00 ms of CPU per
#     article where the full builds of the same run, minutes before, took
#     1.47 ms, and single 100,000 builds of two runs two hours apart took
#     2.07 and 1.54 ms (2026-12-03). Each of its builds starts with the
#     page cache dropped and its corpus read back (settle; DROP_CACHES=0
#     keeps the cache as it is).
#
# Environment:
#   BENCH_DIR=../shared/bench   shared bench folder (gen.go, hugo-site/), relative to the repo root
#   SIZES="1000 10000"          corpus sizes (news items; gen.go adds N/5 innovation profiles)
#   RUNS=3                      counted rounds per size
#   WARMUP=1                    uncounted warm-up builds per tool (0 on a machine too busy for them)
#   SEED=20240601               gen.go -seed (its default)
#   GO=go                       Go toolchain for building warta and running gen.go
#   HUGO=hugo                   Hugo binary; when not found, only warta is measured
#   HUGO_LATEST=                a second Hugo binary (the newest release), measured beside
#   PREVIEW_MAX=10000           largest N whose preview is measured (0: none)
#   MEMSIZES=                   sizes of the memory benchmark (slow: 100000 takes many minutes)
#   MEMRUNS=1                   its rounds (each builds every size of MEMSIZES once)
#   DROP_CACHES=1               0: the memory rounds keep the page cache as the earlier builds left it (see settle)
#
# Exits non-zero, after printing the failing command's stderr, when a build fails.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-$ROOT/../shared/bench}
SIZES=${SIZES-1000 10000} # set but empty: none (MEMSIZES alone)
RUNS=${RUNS:-3}
WARMUP=${WARMUP:-1}
SEED=${SEED:-20240601}
GO=${GO:-go}
HUGO=${HUGO:-hugo}
HUGO_LATEST=${HUGO_LATEST:-}
PREVIEW_MAX=${PREVIEW_MAX:-10000}
MEMSIZES=${MEMSIZES:-}
MEMRUNS=${MEMRUNS:-1}
DROP_CACHES=${DROP_CACHES:-1}
DROPPED=0
TIMER=/usr/bin/time
OUT=$ROOT/.bench
WARTA=$OUT/warta

TMP=$(mktemp -d)
EDITED=""         # article currently modified by the one-article-changed case
EDITED_BACKUP=""  # its original bytes
REPORT=""         # Markdown report being written
TRASH=()          # the .trash folders aside filled, for purge

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
  if [ "${#TRASH[@]}" -gt 0 ]; then
    echo "bench: deleting earlier runs' output (${TRASH[*]})" >&2
    purge
  fi
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

# ratio A B: A/B with three decimals: the targets are ratios such as 0.02
# and 0.25, and two decimals showed 0.0229 as 0.02.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }'
}

# timed LABEL RUNSFILE CMD...: run CMD under GNU time -v. On success append
# "wall_s cpu_s rss_MiB" to RUNSFILE (unless it is "-") and print one line;
# on failure print the command's stderr and exit.
timed() {
  local label=$1 runs=$2
  shift 2
  # The build before wrote thousands of files the kernel writes back over
  # the next half minute (ext4's delayed allocation): flushed first, so no
  # build pays for the one before it, a short build after a long one
  # least of all (warta's 10,000 full builds took 8.8–12.9 s in one run
  # without it, each right after Hugo's).
  sync
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
    END { printf "%.2f %.2f %.1f %.2f %.2f", w, u + s, m / 1024, u, s }' "$TMP/time")
  if [ "$runs" != - ]; then echo "$line" >> "$runs"; fi
  read -r w c m _ <<< "$line"
  printf '   %-34s wall %6.2f s   cpu %6.2f s   peak %6.0f MiB\n' "$label" "$w" "$c" "$m"
}

# count_output DIR: "pages files bytes_per_page" (index.html files; all
# files; bytes of all index.html files / their number).
count_output() {
  local pages bytes
  read -r pages bytes <<< "$(find "$1" -type f -name index.html -printf '%s\n' | awk '{ n++; b += $1 } END { print n + 0, b + 0 }')"
  echo "$pages $(find "$1" -type f | wc -l) $((pages > 0 ? bytes / pages : 0))"
}

# aside DIR...: move folders out of the way (into CORPUS/.trash), to be
# deleted by purge when the bench ends, never just before a build: the
# 10,000 rounds' trash deleted before the 100,000 build cost that build
# 11 s of system time in ext4's inode allocation (recently_deleted and the
# block lookups under it: 4.5 % of a perf profile's samples).
aside() {
  mkdir -p "$DIR/.trash"
  [[ " ${TRASH[*]} " == *" $DIR/.trash "* ]] || TRASH+=("$DIR/.trash")
  local d
  for d in "$@"; do
    if [ -e "$d" ]; then mv "$d" "$DIR/.trash/$(basename "$d").$(date +%s%N)"; fi
  done
}

# purge: delete what aside moved, in every corpus (run at exit).
purge() {
  local t
  for t in "${TRASH[@]}"; do rm -rf "$t"; done
  TRASH=()
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
  case $WARMUP in 0 | 1) ;; *) die "WARMUP must be 0 or 1" ;; esac
  if command -v "$HUGO" > /dev/null 2>&1; then
    HUGO=$(command -v "$HUGO")
    HAVE_HUGO=1
  else
    echo "bench: $HUGO not on PATH: measuring warta only" >&2
    HAVE_HUGO=0
  fi
  HAVE_LATEST=0
  if [ -n "$HUGO_LATEST" ]; then
    local latest
    latest=$(command -v "$HUGO_LATEST") || die "HUGO_LATEST=$HUGO_LATEST: not found"
    HUGO_LATEST=$latest
    HAVE_LATEST=1
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
  if [ "$HAVE_LATEST" = 1 ]; then say "- newest Hugo (HUGO_LATEST): \`$("$HUGO_LATEST" version)\`"; fi
  say "- corpus: shared gen.go (sha256 ${GEN_SHA:0:16}), seed $SEED; $RUNS counted rounds after $WARMUP warm-up per tool, alternating warta, Hugo; output on $(df -PT /tmp | awk 'NR == 2 { print $2 }') under /tmp"
  say "- timing: GNU /usr/bin/time -v, whole process; wall s, CPU s = user+sys, peak RSS = maximum resident set size"
  say "- commands: \`warta build -s CORPUS/warta-site -d CORPUS/runs/warta-R --quiet${NO_CACHE[*]:+ ${NO_CACHE[*]}}\` (minifies by default; one-article-changed: -d CORPUS/public-warta --cache CORPUS/.warta-cache when available); \`hugo -s CORPUS --quiet --minify -d CORPUS/runs/hugo-R\`; each full build into a fresh folder"
  say "- preview: \`WARTA_BENCH_CORPUS=CORPUS/warta-site go test -run '^\$' -bench RebuildOneArticle -benchtime 5x ./internal/serve\` (N <= $PREVIEW_MAX)"
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

  # warta site: config in the corpus root, site folder of hard links (see header).
  printf 'baseURL: https://bench.example/\ntitle: Portal Berita Bench\n' > "$DIR/warta.yaml"
  aside "$DIR/warta-site"
  mkdir -p "$DIR/warta-site"
  cp -al "$DIR/content" "$DIR/warta-site/content"
  cp "$DIR/warta.yaml" "$DIR/warta-site/warta.yaml"

  local fp
  fp=$(cd "$DIR/content" && find . -name '*.md' | LC_ALL=C sort | xargs cat | sha256sum | cut -c1-16)
  CORPUS_INFO="$(commas "$(find "$DIR/content" -name '*.md' | wc -l)") .md files, fingerprint $fp"
  echo "   $CORPUS_INFO"
}

# ---------------------------------------------------------------- builds

warta_cmd() { # dest, extra flags...
  local dest=$1
  shift
  W_CMD=("$WARTA" build -s "$DIR/warta-site" -d "$dest" --quiet "$@")
}

hugo_cmd() { # binary dest
  H_CMD=("$1" -s "$DIR" --quiet --minify -d "$2")
}

# full_builds: warm-up each, then RUNS alternating rounds, each build into
# a fresh folder CORPUS/runs/TOOL-ROUND (round 0 is the warm-up).
full_builds() {
  : > "$TMP/warta"
  : > "$TMP/hugo"
  : > "$TMP/latest"
  aside "$DIR/runs" "$DIR/public-warta" "$DIR/public-hugo"
  rm -rf "$DIR"/.public-warta.tmp-*
  mkdir -p "$DIR/runs"
  local r label
  # into FILE: the runs file of TOOL, or "-" for the warm-up (not counted).
  into() { if [ "$r" = 0 ]; then echo -; else echo "$TMP/$1"; fi; }
  for r in $(seq $((WARMUP > 0 ? 0 : 1)) "$RUNS"); do
    label="round $r"
    if [ "$r" = 0 ]; then label="warm-up"; fi
    warta_cmd "$DIR/runs/warta-$r" "${NO_CACHE[@]}"
    timed "$label warta" "$(into warta)" "${W_CMD[@]}"
    if [ "$HAVE_HUGO" = 1 ]; then
      hugo_cmd "$HUGO" "$DIR/runs/hugo-$r"
      timed "$label hugo" "$(into hugo)" "${H_CMD[@]}"
    fi
    if [ "$HAVE_LATEST" = 1 ]; then
      hugo_cmd "$HUGO_LATEST" "$DIR/runs/latest-$r"
      timed "$label newest hugo" "$(into latest)" "${H_CMD[@]}"
    fi
  done
}

# one_changed: rebuild after appending a sentence to one article, RUNS times,
# into a fresh destination. It runs before the full builds: their 18
# outputs (10 GB at 10,000 articles, kept until the bench ends) fill the
# page cache, and rebuilds timed after them took 1.40–1.55 s where the
# same binary took 0.90–0.94 s once they were deleted (2026-12-03, the
# nineteenth run): what a rebuild pays for memory then depends on the
# bench's own leftovers.
one_changed() {
  local articles=() r
  mapfile -t articles < <(find "$DIR/content/berita" -name '*.md' ! -name '_index.md' | LC_ALL=C sort)
  [ "${#articles[@]}" -gt 0 ] || die "no articles in $DIR/content/berita"
  local article=${articles[$((${#articles[@]} / 2))]}
  EDITED_REL=${article#"$DIR"/}
  echo "   article edited: $EDITED_REL"

  : > "$TMP/changed"
  aside "$DIR/public-warta" "$DIR/.public-warta.prev"
  if [ "$HAVE_CACHE" = 1 ]; then
    CHANGED_LABEL="warta, one article changed, --cache"
    warta_cmd "$DIR/public-warta" --cache "$DIR/.warta-cache"
    rm -rf "$DIR/.warta-cache"
    timed "fill cache (full build, --cache)" - "${W_CMD[@]}"
  else
    CHANGED_LABEL="warta, rebuild, one article changed, no cache"
    warta_cmd "$DIR/public-warta" "${NO_CACHE[@]}"
    timed "first build into CORPUS/public-warta" - "${W_CMD[@]}"
  fi

  EDITED_BACKUP=$TMP/article.bak
  cp "$article" "$EDITED_BACKUP"
  EDITED=$article
  # The build that filled the cache wrote 25,000 files and the cache a
  # quarter of a gigabyte a moment ago; a rebuild timed while the kernel
  # writes them back measures that writeback: 2.6–3.6 s against
  # 1.4–1.9 s after it, on the same machine and binary. An editor saves an
  # article long after the last full build, so the rounds start with it
  # written out (timed syncs) and, like the full builds, after an uncounted
  # warm-up round.
  for r in $(seq $((WARMUP > 0 ? 0 : 1)) "$RUNS"); do
    # A sentence new to every round, so no earlier output or cache entry matches.
    printf '\nKalimat tambahan untuk uji bangun ulang, putaran %d (%s).\n' "$r" "$(date -u +%s%N)" >> "$article"
    if [ "$r" = 0 ]; then
      timed "warm-up warta, one changed" - "${W_CMD[@]}"
    else
      timed "round $r warta, one changed" "$TMP/changed" "${W_CMD[@]}"
    fi
    cp "$EDITED_BACKUP" "$article"
  done
  EDITED=""
}

# ---------------------------------------------------------------- report

# preview N: the preview benchmark on a copy of the corpus (N <= PREVIEW_MAX).
preview() {
  PREVIEW_LINE=""
  [ "$1" -le "$PREVIEW_MAX" ] || return 0
  # The benchmark copies the site folder (no symbolic links in it) and
  # edits its copy.
  echo "== N=$1: preview, 5 saves of one article"
  if ! (cd "$ROOT" && WARTA_BENCH_CORPUS=$DIR/warta-site "$GO" test -run '^$' -bench RebuildOneArticle -benchtime 5x -timeout 30m ./internal/serve) > "$TMP/preview" 2>&1; then
    cat "$TMP/preview" >&2
    die "the preview benchmark failed"
  fi
  PREVIEW_LINE=$(grep -E '^BenchmarkRebuildOneArticle' "$TMP/preview" | head -n1)
  echo "   $PREVIEW_LINE"
}

# preview_process N: the `warta serve` command itself on a copy of the
# corpus: after its first build, five saves of one article 4 s apart, each
# timed from the write to the new text served (polled every 5 ms); then the
# process's resident memory (VmRSS) and its peak (VmHWM), as an editor's
# machine sees them (the benchmark above shares its process with the test).
preview_process() {
  SERVE_LINE=""
  [ "$1" -le "$PREVIEW_MAX" ] || return 0
  echo "== N=$1: the warta serve process, 5 saves of one article"
  local site="$TMP/serve-site" port log="$TMP/serve.log" pid url md
  rm -rf "$site"
  mkdir -p "$site"
  cp -r "$DIR/warta-site/content" "$site/"
  cp "$DIR/warta-site/warta.yaml" "$site/"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$WARTA" serve -s "$site" -p "$port" > "$log" 2>&1 &
  pid=$!
  md="$site/$EDITED_REL"
  url="/${EDITED_REL#content/}"
  url="${url%.md}/"
  local t0=$SECONDS
  until curl -sf -o /dev/null "http://127.0.0.1:$port$url"; do
    kill -0 "$pid" 2> /dev/null || { cat "$log" >&2; die "warta serve stopped"; }
    [ $((SECONDS - t0)) -lt 1800 ] || { kill "$pid"; die "warta serve did not serve $url within 30 minutes"; }
    sleep 0.5
  done
  sleep 5
  SERVE_LINE=$(python3 - "$port" "$md" "$url" "$pid" <<'PY'
import os, statistics, sys, time, urllib.request
port, md, url, pid = sys.argv[1:5]
times = []
for k in range(5):
    mark = "Penanda proses %d %d" % (os.getpid(), k)
    text = open(md).read()
    t0 = time.monotonic()
    with open(md, "w") as f:
        f.write(text.rstrip("\n") + "\n\n" + mark + ".\n")
    while True:
        try:
            if mark.encode() in urllib.request.urlopen("http://127.0.0.1:%s%s" % (port, url), timeout=30).read():
                break
        except OSError:
            pass
        if time.monotonic() - t0 > 600:
            sys.exit("the save was not served within 10 minutes")
        time.sleep(0.005)
    times.append((time.monotonic() - t0) * 1000)
    time.sleep(4)
status = dict(l.split(":", 1) for l in open("/proc/%s/status" % pid) if ":" in l)
kib = lambda k: int(status[k].split()[0]) / 1024
print("%.1f %.1f %.0f %.0f" % (statistics.median(times), max(times), kib("VmRSS"), kib("VmHWM")))
PY
) || { kill "$pid"; die "measuring warta serve failed"; }
  kill "$pid"
  wait "$pid" 2> /dev/null || true
  aside "$site"
  echo "   save → served median, max (ms); resident, peak (MiB): $SERVE_LINE"
}

# metric NAME: the value of one metric of the preview benchmark's line.
metric() {
  awk -v m="$1" '{ for (i = 2; i <= NF; i++) if ($i == m) print $(i - 1) }' <<< "$PREVIEW_LINE"
}

# table N: the per-size table and ratios (terminal and report).
table() {
  local n=$1 wp wf wb hp hf hb
  read -r wp wf wb <<< "$(count_output "$DIR/runs/warta-$RUNS")"
  say ""
  say "## N = $(commas "$n") news items ($CORPUS_INFO)"
  say ""
  say "| build | runs | wall s | CPU s (user+sys) | peak RSS MiB | pages (index.html) | files | bytes/page |"
  say "|---|---|---|---|---|---|---|---|"
  say "| warta, full build${NO_CACHE[*]:+ (${NO_CACHE[*]})} | $RUNS | $(summary "$TMP/warta" 1 %.2f) | $(summary "$TMP/warta" 2 %.2f) | $(summary "$TMP/warta" 3 %.0f) | $(commas "$wp") | $(commas "$wf") | $(commas "$wb") |"
  if [ "$HAVE_HUGO" = 1 ]; then
    read -r hp hf hb <<< "$(count_output "$DIR/runs/hugo-$RUNS")"
    say "| Hugo $HUGO_VER, full build | $RUNS | $(summary "$TMP/hugo" 1 %.2f) | $(summary "$TMP/hugo" 2 %.2f) | $(summary "$TMP/hugo" 3 %.0f) | $(commas "$hp") | $(commas "$hf") | $(commas "$hb") |"
  fi
  if [ "$HAVE_LATEST" = 1 ]; then
    read -r hp hf hb <<< "$(count_output "$DIR/runs/latest-$RUNS")"
    say "| Hugo $LATEST_VER (HUGO_LATEST), full build | $RUNS | $(summary "$TMP/latest" 1 %.2f) | $(summary "$TMP/latest" 2 %.2f) | $(summary "$TMP/latest" 3 %.0f) | $(commas "$hp") | $(commas "$hf") | $(commas "$hb") |"
  fi
  say "| $CHANGED_LABEL | $RUNS | $(summary "$TMP/changed" 1 %.2f) | $(summary "$TMP/changed" 2 %.2f) | $(summary "$TMP/changed" 3 %.0f) | | | |"
  say ""
  say "Cells: median (min–max). Each full build writes into a fresh folder;"
  say "the one-article-changed builds append a sentence to $EDITED_REL (restored afterwards)."
  if [ -n "$PREVIEW_LINE" ]; then
    say ""
    say "Preview (\`warta serve\`, 5 saves of one article): save → new bytes served, median $(metric save-ms-median) ms (max $(metric save-ms-max) ms); rebuild $(metric build-ms/op) ms on average; the server's Go heap after the saves $(metric heap-MiB) MiB, memory from the OS $(metric sys-MiB) MiB, resident once freed pages went back $(metric rss-MiB) MiB."
  fi
  if [ -n "$SERVE_LINE" ]; then
    local sm sx sr sh
    read -r sm sx sr sh <<< "$SERVE_LINE"
    say ""
    say "The \`warta serve\` process (5 saves of one article 4 s apart, the page polled every 5 ms): save → new text served, median $sm ms (max $sx ms); resident after the saves **$sr MiB**, peak $sh MiB."
  fi
  local ref
  for ref in hugo latest; do
    [ -s "$TMP/$ref" ] || continue
    local name="Hugo $HUGO_VER"
    [ "$ref" = latest ] && name="Hugo $LATEST_VER (HUGO_LATEST)"
    say ""
    say "| ratio of medians (same run), against $name | wall | CPU | peak RSS |"
    say "|---|---|---|---|"
    say "| warta / $name, full build | $(ratio "$(median "$TMP/warta" 1)" "$(median "$TMP/$ref" 1)") | $(ratio "$(median "$TMP/warta" 2)" "$(median "$TMP/$ref" 2)") | $(ratio "$(median "$TMP/warta" 3)" "$(median "$TMP/$ref" 3)") |"
    say "| $CHANGED_LABEL / $name full build | $(ratio "$(median "$TMP/changed" 1)" "$(median "$TMP/$ref" 1)") | $(ratio "$(median "$TMP/changed" 2)" "$(median "$TMP/$ref" 2)") | $(ratio "$(median "$TMP/changed" 3)" "$(median "$TMP/$ref" 3)") |"
  done
}

# settle: before a memory round's build, when DROP_CACHES is not 0 and
# the kernel lets this user (root) drop its caches: writes back and drops
# the page cache, then reads $DIR's content/ back into it, so every build
# starts from the same memory with its own corpus cached. Without it each
# build ran with the earlier rounds' output (4.5 GB a 100,000 build, kept
# until the end: deleting it just before a build costs that build) filling
# the page cache, and the same 10,000 build took 15.87, 18.40 and 18.55 s
# of CPU in rounds 1, 2 and 3 (2026-12-03, the twenty-third run): the
# kernel reclaiming that cache for the build's memory, not warta's work.
# DROPPED says whether it did (for the report).
settle() {
  [ "$DROP_CACHES" != 0 ] && [ -w /proc/sys/vm/drop_caches ] || return 0
  sync
  echo 1 > /proc/sys/vm/drop_caches
  find "$DIR/warta-site/content" -type f -print0 | xargs -0 cat > /dev/null
  DROPPED=1
}

# memory N R: round R's cold warta build of N articles (corpus prepared)
# into a fresh folder, its figures appended to $TMP/mem-N.
memory() {
  local n=$1 r=$2
  DIR=/tmp/warta-bench-$n
  mkdir -p "$DIR/runs"
  settle
  warta_cmd "$DIR/runs/warta-mem-$r" "${NO_CACHE[@]}"
  timed "N=$n round $r: warta, cold build" "$TMP/mem-$n" "${W_CMD[@]}"
}

# per_article N FILE COLUMN: the median of a column of a runs file in
# milliseconds per article (for CPU, user and system seconds).
per_article() {
  awk -v x="$(median "$2" "$3")" -v n="$1" 'BEGIN { printf "%.2f", x * 1000 / n }'
}

# memory_row N: a row of the memory table from $TMP/mem-N: medians
# (min–max) and, per article, peak KiB, CPU ms, and the CPU split into
# user time, warta's own work, and system time, the kernel's: files and
# page faults, which on a virtual machine vary with its memory's state
# far more than the user time does.
memory_row() {
  local n=$1 f=$TMP/mem-$1
  MEMROWS+=("| $(commas "$n") | $(wc -l < "$f") | $(summary "$f" 1 %.2f) | $(summary "$f" 2 %.2f) | $(summary "$f" 3 %.0f) | $(awk -v m="$(median "$f" 3)" -v n="$n" 'BEGIN { printf "%.1f", m * 1024 / n }') | $(per_article "$n" "$f" 2) | $(per_article "$n" "$f" 4) | $(per_article "$n" "$f" 5) |")
}

# ---------------------------------------------------------------- main

main() {
  # Checked before any build: a typo must not cost the sizes' measurements.
  local n
  for n in $SIZES; do
    case $n in '' | *[!0-9]* | 0) die "SIZES: $n is not a positive number" ;; esac
  done
  for n in $MEMSIZES; do
    case $n in '' | *[!0-9]* | 0) die "MEMSIZES: $n is not a positive number" ;; esac
  done
  case $MEMRUNS in '' | *[!0-9]* | 0) die "MEMRUNS: $MEMRUNS is not a positive number" ;; esac
  [ -n "${SIZES//[[:space:]]/}${MEMSIZES//[[:space:]]/}" ] || die "SIZES and MEMSIZES are both empty: nothing to measure"
  check_tools
  build_warta
  GEN_SHA=$(sha256sum < "$BENCH_DIR/gen.go" | cut -d' ' -f1)
  HUGO_VER=""
  if [ "$HAVE_HUGO" = 1 ]; then
    HUGO_VER=$("$HUGO" version | grep -oE 'v[0-9]+\.[0-9]+\.[0-9]+' | head -n1)
  fi
  LATEST_VER=""
  if [ "$HAVE_LATEST" = 1 ]; then
    LATEST_VER=$("$HUGO_LATEST" version | grep -oE 'v[0-9]+\.[0-9]+\.[0-9]+' | head -n1)
  fi

  local stamp started
  stamp=$(date -u +%Y-%m-%dT%H%M%SZ)  # seconds: back-to-back runs must not overwrite
  started=$(date +%s)
  REPORT=$OUT/results-$stamp.md
  : > "$REPORT"
  print_header

  for n in $SIZES; do
    echo
    prepare_corpus "$n"
    echo "== N=$n: one article changed ($([ "$HAVE_CACHE" = 1 ] && echo "with --cache" || echo "warta build has no --cache: plain rebuild"))"
    one_changed
    echo "== N=$n: full builds (warm-up, then $RUNS rounds)"
    full_builds
    preview "$n"
    preview_process "$n"
    table "$n"
    aside "$DIR/runs" "$DIR/public-warta" "$DIR/.public-warta.prev" "$DIR/.warta-cache"
  done

  MEMROWS=()
  local sizes=() r
  for n in $MEMSIZES; do
    echo
    prepare_corpus "$n"
    aside "$DIR/runs"
    : > "$TMP/mem-$n"
    sizes+=("$n")
  done
  if [ "${#sizes[@]}" -gt 0 ]; then
    echo
    echo "== memory: $MEMRUNS rounds of one cold warta build per size (${sizes[*]})"
    for r in $(seq 1 "$MEMRUNS"); do
      for n in "${sizes[@]}"; do memory "$n" "$r"; done
    done
    for n in "${sizes[@]}"; do
      memory_row "$n"
      DIR=/tmp/warta-bench-$n
      aside "$DIR/runs"
    done
    say ""
    say "## Memory and CPU per article ($MEMRUNS rounds, each one cold warta build per size in turn)"
    say ""
    if [ "$DROPPED" = 1 ]; then
      say "Before each build the page cache was written back and dropped, and that corpus's content/ read back into it."
    else
      say "The page cache was not dropped between the builds (DROP_CACHES=0, or not allowed): each built with the earlier rounds' output in it."
    fi
    say ""
    say "| N | runs | wall s | CPU s | peak RSS MiB | peak KiB / article | CPU ms / article | user ms / article | system ms / article |"
    say "|---|---|---|---|---|---|---|---|---|"
    local row
    for row in "${MEMROWS[@]}"; do say "$row"; done
    if [ "${#sizes[@]}" -gt 1 ]; then
      local lo hi
      lo=$(printf '%s\n' "${sizes[@]}" | sort -n | head -n1)
      hi=$(printf '%s\n' "${sizes[@]}" | sort -n | tail -n1)
      say ""
      say "CPU per article at $(commas "$hi") over that at $(commas "$lo") (medians): $(ratio "$(per_article "$hi" "$TMP/mem-$hi" 2)" "$(per_article "$lo" "$TMP/mem-$lo" 2)"); user time $(ratio "$(per_article "$hi" "$TMP/mem-$hi" 4)" "$(per_article "$lo" "$TMP/mem-$lo" 4)"), system time $(ratio "$(per_article "$hi" "$TMP/mem-$hi" 5)" "$(per_article "$lo" "$TMP/mem-$lo" 5)")."
    fi
  fi

  say ""
  say "Finished $(date -u '+%Y-%m-%d %H:%M UTC') after $(($(date +%s) - started)) s; load average at end: $(cut -d' ' -f1-3 /proc/loadavg)."
  # Other work on the machine inflates wall times far more than CPU s or RSS.
  if awk -v n="$(nproc)" '{ exit !($1 > n || $2 > n) }' /proc/loadavg; then
    say ""
    say "**Warning**: at the end, the 1- or 5-minute load average exceeded the $(nproc) CPUs (it counts the bench's own builds, and the minutes before the run too): if other processes competed for the CPUs, wall times (and wall ratios) are inflated; CPU s and peak RSS are more trustworthy."
  fi
  echo
  echo "report: ${REPORT#"$ROOT"/}"
}

main "$@"

#!/usr/bin/env bash
# bench-photos.sh: the photo part of `make bench`. N camera-sized photos
# (12 megapixels, scripts/photos.go), each the cover of one article, built
# by warta and by Hugo (extended: it encodes WebP) into the same
# renditions: widths 360, 720, 1080 and 1600 in WebP and JPEG, 16:9
# thumbnails 320 and 640 in WebP and JPEG, a 1200×630 JPEG crop, quality
# 75, Catmull-Rom resampling. Prints wall time, CPU time and peak memory
# (GNU time -v) and the bytes of all renditions, with ratios from the same
# run:
#   - warta cold: an empty cache folder and an empty destination
#   - Hugo cold: no resources/_gen (Hugo's image cache), an empty destination
#   - warta warm: the same build again (cache and destination kept)
#   - Hugo warm: likewise, for reference
#
#   PHOTOS=8 RUNS=3 ./scripts/bench-photos.sh
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PHOTOS=${PHOTOS:-8}
RUNS=${RUNS:-3}
GO=${GO:-go}
HUGO=${HUGO:-hugo}
TIMER=/usr/bin/time
OUT=$ROOT/.bench
DIR=${PHOTO_DIR:-/tmp/warta-photos-$PHOTOS}
WARTA=$OUT/warta
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"

die() { echo "bench-photos: $*" >&2; exit 1; }
[ -x "$TIMER" ] || die "$TIMER (GNU time) not found: apt-get install time"

# timed RUNSFILE CMD...: append "wall_s cpu_s rss_MiB" to RUNSFILE.
timed() {
  local runs=$1; shift
  if ! "$TIMER" -v -o "$TMP/time" "$@" > "$TMP/stdout" 2> "$TMP/stderr"; then
    cat "$TMP/stderr" >&2
    die "failed: $*"
  fi
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { r = $2 / 1024 }
    END { printf "%.2f %.2f %.0f\n", w, u + s, r }' "$TMP/time" >> "$runs"
  tail -n1 "$runs" | awk -v l="$(basename "$runs")" '{ printf "   %-12s wall %6.2f s  cpu %6.2f s  rss %5.0f MiB\n", l, $1, $2, $3 }'
}
median() { sort -n -k"$2" "$1" | awk -v c="$2" '{ a[NR] = $c } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }'; }
# bytes DIR: total bytes of the renditions under DIR (.webp and .jpg files;
# not Hugo's copy of each original, foto.jpg: warta's foto.jpg is its 1600
# pixel JPEG).
renditions() { find "$1" -type f \( -name '*.webp' -o -name '*.jpg' \) ! \( -path '*public-hugo*' -name foto.jpg \); }
bytes() { renditions "$1" | xargs -r stat -c %s | awk '{ s += $1 } END { print s + 0 }'; }
files() { renditions "$1" | wc -l; }

# ---------------------------------------------------------------- sites
stamp="$PHOTOS $(sha256sum < "$ROOT/scripts/photos.go" | cut -d' ' -f1)"
if [ "$(cat "$DIR/.gen-stamp" 2> /dev/null)" != "$stamp" ]; then
  echo "== generating $PHOTOS photos of 12 megapixels in $DIR"
  rm -rf "$DIR"
  (cd "$ROOT" && "$GO" run scripts/photos.go -n "$PHOTOS" -out "$DIR")
  echo "$stamp" > "$DIR/.gen-stamp"
fi
# One content folder read by both: warta reads nothing through a link that
# leaves the site, so the site folder holds it and Hugo is pointed at it.
mkdir -p "$DIR/hugo/layouts/_default"
rm -f "$DIR/warta/content" "$DIR/hugo/content"
printf 'title: Foto\nbaseURL: https://portal.example.go.id/\n' > "$DIR/warta.yaml"
cat > "$DIR/hugo/hugo.toml" << 'TOML'
baseURL = "https://portal.example.go.id/"
title = "Foto"
contentDir = "CONTENT_DIR"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[imaging]
  quality = 75
  resampleFilter = "CatmullRom"
  anchor = "Center"
TOML
cat > "$DIR/hugo/layouts/_default/single.html" << 'HTML'
{{- with .Resources.GetMatch "foto.jpg" }}{{ $img := . -}}
{{- range slice 360 720 1080 1600 }}
<img src="{{ ($img.Resize (printf "%dx webp" .)).RelPermalink }}"><img src="{{ ($img.Resize (printf "%dx jpg" .)).RelPermalink }}">
{{- end }}
{{- range slice 320 640 }}
<img src="{{ ($img.Fill (printf "%dx%d webp" . (div (mul . 9) 16))).RelPermalink }}"><img src="{{ ($img.Fill (printf "%dx%d jpg" . (div (mul . 9) 16))).RelPermalink }}">
{{- end }}
<img src="{{ ($img.Fill "1200x630 jpg").RelPermalink }}">
{{- end }}
HTML
printf '{{ range .Pages }}{{ .Title }}{{ end }}\n' > "$DIR/hugo/layouts/_default/list.html"
sed -i "s|CONTENT_DIR|$DIR/content|" "$DIR/hugo/hugo.toml"

(cd "$ROOT" && "$GO" build -o "$WARTA" ./cmd/warta)
HAVE_HUGO=0
command -v "$HUGO" > /dev/null && HAVE_HUGO=1


: > "$TMP/w-cold"; : > "$TMP/w-warm"; : > "$TMP/h-cold"; : > "$TMP/h-warm"
for r in $(seq "$RUNS"); do
  echo "== round $r of $RUNS"
  rm -rf "$DIR/cache-warta" "$DIR/public-warta" "$DIR"/.public-warta.tmp-*
  timed "$TMP/w-cold" "$WARTA" build -q -s "$DIR" -d "$DIR/public-warta" --cache "$DIR/cache-warta"
  timed "$TMP/w-warm" "$WARTA" build -q -s "$DIR" -d "$DIR/public-warta" --cache "$DIR/cache-warta"
  if [ "$HAVE_HUGO" = 1 ]; then
    rm -rf "$DIR/hugo/resources" "$DIR/public-hugo"
    timed "$TMP/h-cold" "$HUGO" --quiet -s "$DIR/hugo" -d "$DIR/public-hugo"
    timed "$TMP/h-warm" "$HUGO" --quiet -s "$DIR/hugo" -d "$DIR/public-hugo"
  fi
done

# Renditions only: warta also publishes the original's name (its 1600
# JPEG, counted once) and Hugo the same 13 files per photo.
wb=$(bytes "$DIR/public-warta"); wf=$(files "$DIR/public-warta")
REPORT=$OUT/photos-$(date -u +%Y-%m-%dT%H%M%SZ).md
{
  echo "## Photos: $PHOTOS × 12 MP (4000×3000 JPEG), $RUNS rounds, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| build | wall s (median) | CPU s | peak RSS MiB | files | bytes |"
  echo "|---|---|---|---|---|---|"
  echo "| warta, cold | $(median "$TMP/w-cold" 1) | $(median "$TMP/w-cold" 2) | $(median "$TMP/w-cold" 3) | $wf | $wb |"
  echo "| warta, warm | $(median "$TMP/w-warm" 1) | $(median "$TMP/w-warm" 2) | $(median "$TMP/w-warm" 3) | | |"
  if [ "$HAVE_HUGO" = 1 ]; then
    hb=$(bytes "$DIR/public-hugo"); hf=$(files "$DIR/public-hugo")
    echo "| Hugo $("$HUGO" version | grep -oE 'v[0-9.]+' | head -n1), cold | $(median "$TMP/h-cold" 1) | $(median "$TMP/h-cold" 2) | $(median "$TMP/h-cold" 3) | $hf | $hb |"
    echo "| Hugo, warm | $(median "$TMP/h-warm" 1) | $(median "$TMP/h-warm" 2) | $(median "$TMP/h-warm" 3) | | |"
    echo
    echo "| ratio (same run) | wall | CPU | peak RSS | bytes |"
    echo "|---|---|---|---|---|"
    echo "| warta cold / Hugo cold | $(ratio "$(median "$TMP/w-cold" 1)" "$(median "$TMP/h-cold" 1)") | $(ratio "$(median "$TMP/w-cold" 2)" "$(median "$TMP/h-cold" 2)") | $(ratio "$(median "$TMP/w-cold" 3)" "$(median "$TMP/h-cold" 3)") | $(ratio "$wb" "$hb") |"
    echo "| warta warm / warta cold | $(ratio "$(median "$TMP/w-warm" 1)" "$(median "$TMP/w-cold" 1)") | $(ratio "$(median "$TMP/w-warm" 2)" "$(median "$TMP/w-cold" 2)") | | |"
  fi
} | tee "$REPORT"
echo "report: ${REPORT#"$ROOT"/}"

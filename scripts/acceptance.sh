#!/usr/bin/env bash
# Builds the sample portal and runs the shared acceptance toolkit on it
# (HTML validators, axe, ticker motion, Lighthouse, links, feeds, sitemap).
# ACCEPTANCE_DIR points at the toolkit (default ../shared/acceptance).
set -euo pipefail
cd "$(dirname "$0")/.."
acc=${ACCEPTANCE_DIR:-../shared/acceptance}
if [ ! -x "$acc/check-site.sh" ]; then
  echo "acceptance toolkit not found at $acc (set ACCEPTANCE_DIR)" >&2
  exit 2
fi
"$acc/setup.sh" >/dev/null
go run ./cmd/warta build --quiet
export SITE_BASE=${SITE_BASE:-https://portal.jambiprov.example/}
export LH_PATHS=${LH_PATHS:-"/ /berita/sekda-minta-opd-ciptakan-inovasi-pelayanan-publik/"}
export A11Y_PATHS=${A11Y_PATHS:-"/ /berita/ /berita/sekda-minta-opd-ciptakan-inovasi-pelayanan-publik/ /inovasi/ /inovasi/antrean-daring-dukcapil/ /inovasi/tahapan/penerapan/ /opd/ /opd/dinkes/ /tag/ /tag/inovasi-daerah/ /arsip/ /tentang/ /pengumuman/ /pengumuman/arsip/ /pengumuman/jadwal-workshop-inovasi-kepala-opd/ /404.html"}
exec "$acc/check-site.sh" "$PWD/public" "${1:-/tmp/warta-acceptance}"

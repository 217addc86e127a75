# warta: the portal and the tool. `make` builds the sample portal into public/.
GO ?= go
export PATH := /usr/local/go/bin:$(PATH)

.PHONY: build test lint serve bench bench-photos bench-search acceptance fuzz golden kill-loop clean

build:
	$(GO) run ./cmd/warta build

warta:
	$(GO) build -o warta ./cmd/warta

# make test is deterministic: it runs the fuzz targets' seed corpora (the
# f.Add cases and testdata/fuzz) as ordinary tests, never -fuzz.
test: lint
	$(GO) test -count=1 -timeout 30m ./...

# make fuzz explores new inputs, FUZZTIME per target (for people and the
# scheduled CI job, .github/workflows/fuzz.yml); a failing input lands in
# the package's testdata/fuzz and becomes a seed of make test once committed.
FUZZTIME ?= 2m
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) ./internal/frontmatter
	$(GO) test -run='^$$' -fuzz='^FuzzMake$$' -fuzztime=$(FUZZTIME) ./internal/slug
	$(GO) test -run='^$$' -fuzz='^FuzzRFC3339$$' -fuzztime=$(FUZZTIME) ./internal/indodate
	$(GO) test -run='^$$' -fuzz='^FuzzTerms$$' -fuzztime=$(FUZZTIME) ./internal/stem
	$(GO) test -run='^$$' -fuzz='^FuzzRender$$' -fuzztime=$(FUZZTIME) ./internal/markdown

# make golden rewrites the golden files from the current output (the golden
# sites of internal/build, the stemmer's departures list), then shows what
# changed: read the whole diff (git diff -- '*testdata*') before committing.
golden:
	$(GO) test -count=1 ./internal/build -run '^TestGoldenSites$$' -update
	$(GO) test -count=1 ./internal/stem -run '^TestDepartures$$' -update
	@git status --short -- '*testdata*'
	@echo "Golden files rewritten. Read the diff (git diff -- '*testdata*') before committing it."

# make kill-loop kills KILLS builds of a 1,000-article site at points spread
# over a build (make test kills 10) and checks the destination is one whole
# site after each; also on a tmpfs mount point when run as root.
KILLS ?= 100
kill-loop:
	WARTA_KILL_LOOP=$(KILLS) $(GO) test -count=1 -v -timeout 60m ./internal/cli -run '^(TestPublishingIntoOneDestination|TestDestinationsOnRealHosts)$$'

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...

serve:
	$(GO) run ./cmd/warta serve

bench:
	./scripts/bench.sh
	$(MAKE) bench-search
	$(MAKE) bench-photos

# The search index against Pagefind at 10,000 articles (see the script's header).
bench-search:
	./scripts/bench-search.sh

# Photos: 12-megapixel covers processed cold and warm, against Hugo (see the script's header).
bench-photos:
	./scripts/bench-photos.sh

acceptance:
	./scripts/acceptance.sh

clean:
	rm -rf public warta

# warta: the portal and the tool. `make` builds the sample portal into public/.
GO ?= go
export PATH := /usr/local/go/bin:$(PATH)

.PHONY: build test lint serve bench acceptance fuzz clean

build:
	$(GO) run ./cmd/warta build

warta:
	$(GO) build -o warta ./cmd/warta

# make test is deterministic: it runs the fuzz targets' seed corpora (the
# f.Add cases and testdata/fuzz) as ordinary tests, never -fuzz.
test: lint
	$(GO) test -count=1 ./...

# make fuzz explores new inputs, FUZZTIME per target (for people and the
# scheduled CI job, .github/workflows/fuzz.yml); a failing input lands in
# the package's testdata/fuzz and becomes a seed of make test once committed.
FUZZTIME ?= 2m
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) ./internal/frontmatter
	$(GO) test -run='^$$' -fuzz='^FuzzMake$$' -fuzztime=$(FUZZTIME) ./internal/slug

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...

serve:
	$(GO) run ./cmd/warta serve

bench:
	./scripts/bench.sh

acceptance:
	./scripts/acceptance.sh

clean:
	rm -rf public warta

# warta: the portal and the tool. `make` builds the sample portal into public/.
GO ?= go
export PATH := /usr/local/go/bin:$(PATH)

.PHONY: build test lint serve bench acceptance fuzz clean

build:
	$(GO) run ./cmd/warta build

warta:
	$(GO) build -o warta ./cmd/warta

test: lint
	$(GO) test -count=1 ./...
	$(MAKE) fuzz

# Each fuzz target runs briefly; longer runs: go test -fuzz=FuzzParse ./internal/frontmatter
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzParse -fuzztime=5s ./internal/frontmatter
	$(GO) test -run='^$$' -fuzz=FuzzMake -fuzztime=5s ./internal/slug

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

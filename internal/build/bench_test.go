package build

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	warta "github.com/warta-portal/warta"
)

// BenchmarkBuild builds the corpus in $WARTA_BENCH_CORPUS (made by
// shared/bench/gen.go) into a temporary folder; without it, the sample
// portal. Profile with: go test ./internal/build -run '^$' -bench Build -cpuprofile cpu.prof
func BenchmarkBuild(b *testing.B) {
	src := os.Getenv("WARTA_BENCH_CORPUS")
	if src == "" {
		src = "../.."
	}
	dest := filepath.Join(b.TempDir(), "public")
	for b.Loop() {
		if _, err := Run(context.Background(), Options{Source: os.DirFS(src), Destination: dest, Theme: warta.Theme(), Now: now}); err != nil {
			b.Fatal(err)
		}
	}
}

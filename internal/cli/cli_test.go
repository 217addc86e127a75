package cli

import (
	"context"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/warta-portal/warta/internal/cache"
)

// TestScripts runs the real command line in-process over the scripts in
// testdata/script: each is a site in txtar form and the commands an
// editor or operator would type.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("TZ", "UTC")
			// The scripts read English unless they say --lang id; without
			// either, warta speaks the site's language (see TestSiteLanguage).
			env.Setenv("WARTA_LANG", "en")
			return nil
		},
	})
}

func TestMain(m *testing.M) {
	// The tests, and the commands they start, read English unless they say
	// --lang id; without either, warta speaks the site's language (see
	// TestSiteLanguage).
	// A script's own "env WARTA_LANG=..." reaches the command it starts
	// and is kept.
	if _, set := os.LookupEnv("WARTA_LANG"); !set {
		os.Setenv("WARTA_LANG", "en")
	}
	testscript.Main(m, map[string]func(){
		// As cmd/warta: SIGINT and SIGTERM stop the command through ctx.
		"warta": func() {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			code := Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
			stop()
			os.Exit(code)
		},
	})
}

func TestBuildSource(t *testing.T) {
	t.Parallel()
	// A cache folder holding the manifest of one destination: a build into
	// it is warm, a build into another is not.
	dir, site := t.TempDir(), t.TempDir()
	c, err := cache.Open(dir, cache.Version())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SaveManifest(filepath.Join(site, "public"), cache.Manifest{Files: 12345, Source: site}); err != nil {
		t.Fatal(err)
	}
	// One saved without a count of files: warm, size not known.
	if err := c.SaveManifest(filepath.Join(site, "lama"), cache.Manifest{}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args  []string
		want  string
		warm  bool
		files int
		ok    bool
	}{
		{[]string{"build"}, ".", false, 0, true},
		{[]string{"build", "-s", "situs", "--no-cache"}, "situs", false, 0, true},
		{[]string{"build", "--source=situs"}, "situs", false, 0, true},
		{[]string{"build", "-s", site, "--cache", dir}, site, true, 12345, true},
		{[]string{"build", "-s", site, "--cache", dir, "-d", filepath.Join(site, "lain")}, site, false, 0, true},
		{[]string{"build", "-s", site, "--cache", dir, "-d", filepath.Join(site, "lama")}, site, true, 0, true},
		// Another site built into the same destination: its size is not known.
		{[]string{"build", "-s", dir, "--cache", dir, "-d", filepath.Join(site, "public")}, dir, true, 0, true},
		{[]string{"build", "-s", site, "--cache", dir, "--no-cache"}, site, false, 0, true},
		{[]string{"build", "-s", site, "--cache", t.TempDir()}, site, false, 0, true},
		{[]string{"serve", "-s", "situs"}, "", false, 0, false},
		{[]string{"build", "--no-such-flag"}, "", false, 0, false},
		{nil, "", false, 0, false},
	}
	for _, tt := range tests {
		got, warm, files, ok := BuildSource(tt.args)
		if got != tt.want || warm != tt.warm || files != tt.files || ok != tt.ok {
			t.Errorf("BuildSource(%q) = %q, %v, %d, %v; want %q, %v, %d, %v", tt.args, got, warm, files, ok, tt.want, tt.warm, tt.files, tt.ok)
		}
	}
}

func TestServeSource(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
		ok   bool
	}{
		{[]string{"serve"}, ".", true},
		{[]string{"serve", "-s", "situs"}, "situs", true},
		{[]string{"serve", "-p", "1414", "--source=situs", "--bind", "localhost"}, "situs", true},
		{[]string{"serve", "--linked-folders", "-s", "situs", "--lang", "en"}, "situs", true},
		{[]string{"build", "-s", "situs"}, "", false},
		{nil, "", false},
	}
	for _, tt := range tests {
		if got, ok := ServeSource(tt.args); got != tt.want || ok != tt.ok {
			t.Errorf("ServeSource(%q) = %q, %v; want %q, %v", tt.args, got, ok, tt.want, tt.ok)
		}
	}
}

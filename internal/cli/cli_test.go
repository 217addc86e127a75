package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
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
	os.Setenv("WARTA_LANG", "en")
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
	tests := []struct {
		args []string
		want string
		ok   bool
	}{
		{[]string{"build"}, ".", true},
		{[]string{"build", "-s", "situs", "--no-cache"}, "situs", true},
		{[]string{"build", "--source=situs"}, "situs", true},
		{[]string{"serve", "-s", "situs"}, "", false},
		{[]string{"build", "--no-such-flag"}, "", false},
		{nil, "", false},
	}
	for _, tt := range tests {
		got, ok := BuildSource(tt.args)
		if got != tt.want || ok != tt.ok {
			t.Errorf("BuildSource(%q) = %q, %v; want %q, %v", tt.args, got, ok, tt.want, tt.ok)
		}
	}
}

// Package browsertest starts the headless Chromium that browser tests
// drive (chromedp): Debian's chromium, with a fresh profile, every
// background service off and a temporary folder of its own, removed after
// it. Only tests import it.
package browsertest

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium is the browser the tests drive (apt-get install chromium).
const Chromium = "/usr/bin/chromium"

// Allocator returns the context of a browser process for one test, done
// after timeout at the latest (chromium starts slowly on a loaded
// machine; only a failing test reaches the bound), or skips the test
// when Chromium is missing. On CI (CI=true), which installs it, a missing
// Chromium fails the test instead. The browser ends with the test.
func Allocator(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	if _, err := os.Stat(Chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing; CI must install chromium (apt-get install chromium): %v", Chromium, err)
		}
		t.Skipf("browser tests need %s (apt-get install chromium): %v", Chromium, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		// Chromium puts its singleton socket in a folder of its own under
		// TMPDIR, which outlives it (one per run was left in /tmp): a short
		// folder of the test's (a socket's path is at most 107 bytes),
		// removed after the browser (cleanups run last first).
		chromedp.Env("TMPDIR="+shortTemp(t)),
	)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	return actx
}

// shortTemp is a new folder with a short path under the system's
// temporary folder, removed when the test ends, after the cleanups
// registered later (the browser's). A t.TempDir() path is too long for
// Chromium's socket.
func shortTemp(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "cr")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

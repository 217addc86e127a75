// Command warta builds government news and innovation portals from
// Markdown. See the README for the reference.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/warta-portal/warta/internal/cli"
)

func main() {
	if source, ok := cli.BuildSource(os.Args[1:]); ok {
		tuneGC(source)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

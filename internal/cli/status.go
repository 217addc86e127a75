package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/build"
	"github.com/warta-portal/warta/internal/indodate"
	"github.com/warta-portal/warta/internal/publish"
	"github.com/warta-portal/warta/internal/status"
)

// runStatus prints the editorial state: drafts, scheduled items, pins,
// expiring and archived announcements, and the next change by the clock.
func runStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("status", "status [flags]", stderr)
	var source, format string
	fs.StringVarP(&source, "source", "s", ".", "site folder")
	fs.StringVar(&format, "format", "text", "output: text or json")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 || format != "text" && format != "json" {
		fmt.Fprintf(stderr, "warta status: takes no arguments; --format is text or json\n")
		return ExitUsage
	}
	if fi, err := os.Stat(source); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "warta status: --source %s is not a site folder\n", source)
		return ExitUsage
	}
	// Drafts and future items are included, as in the preview, so every
	// draft is rendered and counted; what the published site shows does not
	// change the lists.
	res, err := build.Run(ctx, build.Options{Source: build.DirFS(source), SourceDir: source, Target: publish.NewMemory(), Theme: warta.Theme(), Drafts: true, Future: true, NoMinify: true})
	if res.Site == nil {
		return reportFailure(stderr, err, source, "(nothing)", "id")
	}
	rep := status.Of(res.Site)
	if format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(rep)
	} else {
		printStatus(stdout, rep)
	}
	if err != nil {
		fmt.Fprintln(stderr, "warta status: the site has errors; run warta check")
		return ExitContent
	}
	return ExitOK
}

func printStatus(w io.Writer, r status.Report) {
	when := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return indodate.Date(t) + " " + indodate.Clock(t)
	}
	list := func(title string, items []status.Item, whenLabel string) {
		fmt.Fprintf(w, "%s (%d)\n", title, len(items))
		for _, it := range items {
			extra := ""
			if whenLabel != "" {
				extra = whenLabel + " " + when(it.When) + "  "
			}
			fmt.Fprintf(w, "  %s%s  %q  %d kata\n", extra, it.File, it.Title, it.Words)
		}
	}
	list("Draf", r.Drafts, "")
	list("Terjadwal", r.Scheduled, "tayang")
	list("Disematkan", r.Pinned, "sampai")
	list("Akan berakhir", r.Expiring, "berakhir")
	list("Diarsipkan", r.Archived, "berakhir")
	fmt.Fprintf(w, "Tayang berikutnya: %s\nBerakhir berikutnya: %s\nPerubahan berikutnya: %s\n", when(r.NextPublish), when(r.NextExpiry), when(r.NextChange))
}

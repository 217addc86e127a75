package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/importer"
)

const importSynopsis = `import blogger|wordpress FILE | jekyll|hugo DIR [--into DIR] [--download-images]`

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o importer.Options
	fs := newFlags("import", importSynopsis, stderr)
	fs.StringVar(&o.Into, "into", ".", "the warta site folder to write into (created when missing)")
	fs.BoolVar(&o.DownloadImages, "download-images", false, "fetch remote images into the page bundles and rewrite their links")
	fs.StringVar(&o.Lang, "lang", "en", "language of messages and of IMPORT.md: en or id (Indonesian)")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() != 2 || !slices.Contains(importer.Kinds, fs.Arg(0)) {
		fmt.Fprintf(stderr, "warta import: want a source kind (%s) and its file or folder\n", strings.Join(importer.Kinds, ", "))
		fs.Usage()
		return ExitUsage
	}
	if !checkLang("import", o.Lang, stderr) {
		return ExitUsage
	}
	o.Lang = messageLang(o.Lang, "")
	o.Kind, o.Source = fs.Arg(0), fs.Arg(1)
	res, err := importer.Run(ctx, o)
	if res != nil && len(res.Written)+len(res.Same) > 0 {
		fmt.Fprintf(stdout, "Imported from %s into %s:\n%s", o.Source, displayDir(o.Into, "en"), res.Summary)
		fmt.Fprintf(stdout, "Files: %d written, %d already there and unchanged. Guesses and skipped entries: %d, listed in %s.\n",
			len(res.Written), len(res.Same), len(res.Notes), res.Report)
	}
	if err != nil {
		for _, d := range diag.All(err) {
			fmt.Fprintln(stderr, d.Localized(o.Lang))
		}
		if res != nil && len(res.Written) > 0 {
			fmt.Fprintf(stderr, "warta import: stopped after writing %d files; nothing was replaced. Run it again after fixing the cause.\n", len(res.Written))
		}
		return ExitContent
	}
	return ExitOK
}

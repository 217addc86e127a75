package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/cache"
	"github.com/warta-portal/warta/internal/check"
	"github.com/warta-portal/warta/internal/diag"
)

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "check [flags]", stderr)
	var source, lang, format string
	var strict bool
	fs.StringVarP(&source, "source", "s", ".", "site folder")
	fs.StringVar(&lang, "lang", "", "language of the messages: id or en (default: $WARTA_LANG, else the site's language, id)")
	fs.StringVar(&format, "format", "text", "output: text, github (GitHub Actions annotations) or json")
	fs.BoolVar(&strict, "strict", false, "exit 1 on warnings too")
	var linked, noCache bool
	fs.BoolVar(&linked, "linked-folders", false, linkedFoldersUsage)
	cacheDir, _ := cache.DefaultDir()
	fs.StringVar(&cacheDir, "cache", cacheDir, "build cache folder whose photo renditions are used and kept; \"\" or --no-cache processes every photo")
	fs.BoolVar(&noCache, "no-cache", false, "process every photo, keeping nothing")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		// "warta check DIR" would otherwise check the current folder and pass.
		fmt.Fprintf(stderr, "warta check: unexpected argument %q; to check another site folder, write --source %s\n", fs.Arg(0), fs.Arg(0))
		return ExitUsage
	}
	if !checkLang("check", lang, stderr) {
		return ExitUsage
	}
	if format != "text" && format != "github" && format != "json" {
		fmt.Fprintf(stderr, "warta check: --format %q: write text, github or json\n", format)
		return ExitUsage
	}
	if fi, err := os.Stat(source); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "warta check: --source %s is not a site folder\n", source)
		return ExitUsage
	}
	lang = messageLang(lang, source)
	o := check.Options{Source: siteFS(source, linked), Theme: warta.Theme(), Lang: lang, Dir: source}
	if cacheDir != "" && !noCache {
		o.Images = cache.ImagesIn(cacheDir, cache.Version())
	}
	rep, err := check.Run(ctx, o)
	if err != nil {
		fmt.Fprintf(stderr, "warta check: %v\n", err)
		return ExitContent
	}
	errs := rep.Errors()
	warns := len(rep.Findings) - errs
	rel := func(f string) string {
		if source == "." || f == "" {
			return f
		}
		return filepath.ToSlash(filepath.Join(source, f))
	}
	switch format {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		findings := rep.Findings
		if findings == nil {
			findings = []check.Finding{}
		}
		for i := range findings {
			findings[i].File = rel(findings[i].File)
		}
		_ = enc.Encode(map[string]any{"pages": rep.Pages, "errors": errs, "warnings": warns, "findings": findings})
	case "github":
		for _, f := range rep.Findings {
			loc := "file=" + ghEscape(rel(f.File), true)
			if f.Line > 0 {
				loc += fmt.Sprintf(",line=%d", f.Line)
			}
			fmt.Fprintf(stdout, "::%s %s,title=%s::%s\n", f.Severity, loc, f.Kind, ghEscape(f.Message, false))
		}
	default:
		word := map[check.Severity]string{check.Error: "galat", check.Warning: "peringatan"}
		if lang == "en" {
			word = map[check.Severity]string{check.Error: "error", check.Warning: "warning"}
		}
		for _, f := range rep.Findings {
			loc := diag.Printable(rel(f.File))
			if f.Line > 0 {
				loc += fmt.Sprintf(":%d", f.Line)
			}
			fmt.Fprintf(stdout, "%s: %s: %s\n", loc, word[f.Severity], f.Message)
		}
	}
	summary := fmt.Sprintf("Diperiksa %d halaman: %d galat, %d peringatan.", rep.Pages, errs, warns)
	if lang == "en" {
		summary = fmt.Sprintf("Checked %d pages: %d errors, %d warnings.", rep.Pages, errs, warns)
	}
	for _, n := range rep.Notes {
		fmt.Fprintln(stderr, map[bool]string{true: "catatan: ", false: "note: "}[lang == "id"]+n)
	}
	fmt.Fprintln(stderr, summary)
	if errs > 0 || strict && warns > 0 {
		return ExitContent
	}
	return ExitOK
}

// ghEscape escapes workflow-command data (and properties) as GitHub
// Actions expects.
func ghEscape(s string, property bool) string {
	r := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	s = r.Replace(s)
	if property {
		s = strings.NewReplacer(":", "%3A", ",", "%2C").Replace(s)
	}
	return s
}

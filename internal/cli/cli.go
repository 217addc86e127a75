// Package cli is warta's command line: subcommands and flags, wiring only.
// Main never calls os.Exit, so tests run the real CLI in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/pflag"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/build"
	"github.com/warta-portal/warta/internal/cache"
	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/publish"
	"github.com/warta-portal/warta/internal/source"
	"github.com/warta-portal/warta/internal/status"
)

// Exit statuses.
const (
	ExitOK      = 0
	ExitContent = 1 // content or template errors
	ExitUsage   = 2 // wrong usage
)

// Version is the release version; builds from source say "devel".
const Version = "0.1.0"

const usage = `warta builds a government news and innovation portal from Markdown.

Usage:
  warta build  [--source DIR] [--destination DIR] [--baseURL URL] [--drafts] [--future] [--minify=false]
  warta serve  [--port 1313] [--bind 127.0.0.1]   preview with live reload, drafts shown
  warta new    berita|inovasi "Judul"              a new file from a template; never overwrites
  warta new    site DIR [--title T] [--baseURL U] [--timezone WIB|WITA|WIT]
                                                   a new portal folder with CI files; never overwrites
  warta check  [--format text|github|json]         editorial and link checks, no output written
  warta import blogger|wordpress FILE | jekyll|hugo DIR [--into DIR] [--download-images]
                                                   move a blog into a warta site; never overwrites
  warta status [--format text|json]               drafts, scheduled items, pins, expiries, next change
  warta version

Run "warta <command> --help" for the flags of a command.
`

// Main runs the command line args and returns the exit status.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(ctx, rest, stdout, stderr)
	case "serve", "server":
		return runServe(ctx, rest, stdout, stderr)
	case "new":
		return runNew(ctx, rest, stdout, stderr)
	case "check":
		return runCheck(ctx, rest, stdout, stderr)
	case "import":
		return runImport(ctx, rest, stdout, stderr)
	case "status":
		return runStatus(ctx, rest, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "warta %s (%s %s/%s)%s\n", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH, vcs())
		return ExitOK
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "warta: unknown command %q\n\n%s", cmd, usage)
	return ExitUsage
}

func vcs() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return " " + s.Value[:12]
		}
	}
	return ""
}

// siteFlags are shared by the commands that build.
type siteFlags struct {
	source, destination, baseURL string
	drafts, future, expired      bool
	minify, quiet, relativeURLs  bool
	timings                      bool
	lang                         string
	cacheDir                     string
	noCache                      bool
	linkedFolders                bool
}

const linkedFoldersUsage = "follow content/, layouts/ and static/ when they are symbolic links to folders outside the site (only folders you trust)"

// siteFS is the site folder as the build reads it (source.Open): nothing
// from outside it, unless linked says content/, layouts/ and static/ may
// be links to folders elsewhere.
func siteFS(dir string, linked bool) fs.FS {
	return source.Open(dir, source.Options{LinkedTrees: linked})
}

func (f *siteFlags) register(fs *pflag.FlagSet, withOutput bool) {
	fs.StringVarP(&f.source, "source", "s", ".", "site folder (holds content/, layouts/, static/, warta.yaml)")
	fs.StringVar(&f.baseURL, "baseURL", "", "URL the site is published at, e.g. https://example.go.id/portal/")
	fs.BoolVarP(&f.drafts, "drafts", "D", false, "include drafts")
	fs.BoolVarP(&f.future, "future", "F", false, "include items dated in the future")
	fs.BoolVarP(&f.expired, "expired", "E", false, "include items past their expiryDate")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "print errors only")
	fs.BoolVar(&f.linkedFolders, "linked-folders", false, linkedFoldersUsage)
	if withOutput {
		fs.StringVarP(&f.destination, "destination", "d", "", "output folder (default: public/ in the site folder)")
		fs.BoolVar(&f.minify, "minify", true, "minify HTML, CSS, JS, JSON, XML and SVG")
		fs.BoolVar(&f.timings, "timings", false, "print how long each stage of the build took")
		fs.StringVar(&f.lang, "lang", "", "language of messages: id (Indonesian) or en (default: $WARTA_LANG, else the site's language, id)")
		fs.BoolVar(&f.relativeURLs, "relativeURLs", false, "write links relative to each page, so the site opens from disk (file://)")
		def, _ := cache.DefaultDir()
		fs.StringVar(&f.cacheDir, "cache", def, "build cache folder (safe to delete); \"\" or --no-cache builds without one")
		fs.BoolVar(&f.noCache, "no-cache", false, "build without the cache")
	}
}

func newFlags(name, synopsis string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: warta %s\n\nFlags:\n%s", synopsis, fs.FlagUsages())
	}
	return fs
}

// parseFlags parses args; on --help or a wrong flag it returns the exit
// status and false.
func parseFlags(fs *pflag.FlagSet, args []string, stderr io.Writer) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK, false
		}
		fmt.Fprintf(stderr, "warta %s: %v\n", fs.Name(), err)
		fs.Usage()
		return ExitUsage, false
	}
	return ExitOK, true
}

// BuildSource returns the site folder of a `warta build` command line
// (args without the program name), so main can tune the process for the
// site's size before it runs, and whether the build cache holds the last
// build into the same destination (warm: the build reuses most of it)
// with that build's number of content files (files; 0 when not known);
// ok is false for other commands.
func BuildSource(args []string) (source string, warm bool, files int, ok bool) {
	if len(args) == 0 || args[0] != "build" {
		return "", false, 0, false
	}
	var f siteFlags
	fs := newFlags("build", "build [flags]", io.Discard)
	f.register(fs, true)
	if fs.Parse(args[1:]) != nil {
		return "", false, 0, false
	}
	if dir := f.cache(); dir != "" {
		warm, files = cache.Warm(dir, cache.Version(), f.dest(), f.source)
	}
	return f.source, warm, files, true
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f siteFlags
	fs := newFlags("build", "build [flags]", stderr)
	f.register(fs, true)
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "warta build: unexpected argument %q\n", fs.Arg(0))
		return ExitUsage
	}
	if !checkLang("build", f.lang, stderr) {
		return ExitUsage
	}
	dest := f.dest()
	f.lang = messageLang(f.lang, f.source)
	if !f.quiet {
		fmt.Fprintf(stderr, tr(f.lang, "Building %s into %s …\n", "Membangun %s ke %s …\n"), displayDir(f.source, f.lang), dest)
	}
	res, err := build.Run(ctx, build.Options{
		Source: siteFS(f.source, f.linkedFolders), SourceDir: f.source, Destination: dest, Theme: warta.Theme(),
		BaseURL: f.baseURL, Drafts: f.drafts, Future: f.future, Expired: f.expired, NoMinify: !f.minify,
		CacheDir: f.cache(), RelativeURLs: f.relativeURLs,
		Waiting: func() {
			if f.quiet {
				return
			}
			if f.lang == "id" {
				fmt.Fprintf(stderr, "Build lain sedang menulis ke %s; menunggu sampai selesai …\n", dest)
				return
			}
			fmt.Fprintf(stderr, "Another build is writing into %s; waiting for it to finish …\n", dest)
		},
	})
	if !f.quiet {
		printDiags(stderr, res.Warnings, f.source, f.lang)
	}
	if err != nil {
		return reportFailure(stderr, err, f.source, dest, f.lang)
	}
	if !f.quiet {
		reused := ""
		if res.Reused > 0 {
			reused = fmt.Sprintf(tr(f.lang, ", %d pages kept from the cache", ", %d halaman dipakai lagi dari cache"), res.Reused)
		}
		fmt.Fprintf(stderr, tr(f.lang, "Built %d pages, %d files (written %d, unchanged %d%s) in %s\n", "Selesai: %d halaman, %d berkas (ditulis %d, tidak berubah %d%s) dalam %s\n"),
			res.Pages, res.Files, res.Written, res.Unchanged, reused, res.Duration.Round(time.Millisecond))
		printNextChange(stderr, res.Site, f.lang)
	}
	if f.timings {
		for _, st := range res.Stages {
			fmt.Fprintf(stderr, "  %-16s %8s\n", st.Name, st.Duration.Round(100*time.Microsecond))
		}
		for _, n := range res.Notes {
			fmt.Fprintf(stderr, "  %s\n", n.Message(f.lang))
		}
	}
	return ExitOK
}

// printNextChange names the next time the published site changes by the
// clock alone (a scheduled item goes live, an item expires, a pin ends):
// the time by which CI should build again.
func printNextChange(w io.Writer, site *content.Site, lang string) {
	if site == nil {
		return
	}
	r := status.Of(site)
	if r.NextChange.IsZero() {
		return
	}
	at := r.NextChange.In(site.Config.Location).Format("2006-01-02 15:04 MST")
	if lang == "id" {
		fmt.Fprintf(w, "Perubahan terjadwal berikutnya: %s (%d terjadwal, %d akan berakhir); bangun lagi pada waktu itu.\n", at, len(r.Scheduled), len(r.Expiring))
		return
	}
	fmt.Fprintf(w, "Next scheduled change: %s (%d scheduled, %d expiring); build again by then.\n", at, len(r.Scheduled), len(r.Expiring))
}

// dest is the destination folder: --destination, or public/ in the site.
func (f *siteFlags) dest() string {
	if f.destination == "" {
		return filepath.Join(f.source, "public")
	}
	return f.destination
}

func (f *siteFlags) cache() string {
	if f.noCache {
		return ""
	}
	return f.cacheDir
}

// displayDir names a folder in messages: "." is "the current folder", in
// the message's language.
func displayDir(d, lang string) string {
	if d == "." {
		return tr(lang, "the current folder", "folder ini")
	}
	return d
}

// printDiags writes one line per diagnostic, paths relative to the site
// folder as the editor sees them.
func printDiags(w io.Writer, l diag.List, source, lang string) {
	for _, d := range l {
		prefix := "error: "
		if d.Warning {
			prefix = "warning: "
		}
		if lang == "id" {
			prefix = map[bool]string{false: "galat: ", true: "peringatan: "}[d.Warning]
		}
		fmt.Fprintln(w, prefix+sitePath(source, d.Localized(lang)))
	}
}

func sitePath(source, s string) string {
	if source == "." || source == "" {
		return s
	}
	for _, tree := range []string{"content", "layouts", "static"} {
		if strings.HasPrefix(s, tree+":") { // the folder itself, e.g. a refused link
			return filepath.Clean(source) + string(filepath.Separator) + s
		}
	}
	if strings.HasPrefix(s, "content/") || strings.HasPrefix(s, "layouts/") || strings.HasPrefix(s, "warta.yaml") || strings.HasPrefix(s, "static/") {
		// Not filepath.Join: that would clean the message too (https://x → https:/x).
		return filepath.Clean(source) + string(filepath.Separator) + s
	}
	return s
}

func reportFailure(stderr io.Writer, err error, source, dest, lang string) int {
	if errors.Is(err, context.Canceled) {
		fmt.Fprintln(stderr, tr(lang, "warta: stopped", "warta: dihentikan"))
		return ExitContent
	}
	l := diag.All(err)
	for _, d := range l {
		fmt.Fprintln(stderr, sitePath(source, d.Localized(lang)))
	}
	n := len(l)
	var partial *publish.PartialError
	if errors.As(err, &partial) {
		// The previous site is not whole either: say so.
		if lang == "id" {
			fmt.Fprintf(stderr, "Gagal menerbitkan: %s berisi sebagian situs lama dan sebagian situs baru sampai build berikutnya menyelesaikannya.\n", dest)
			return ExitContent
		}
		fmt.Fprintf(stderr, "Publishing failed half-way: %s holds part of each site until the next build, which finishes the switch.\n", dest)
		return ExitContent
	}
	if lang == "id" {
		fmt.Fprintf(stderr, "Gagal membangun: %d galat; %s tidak diubah.\n", n, dest)
		return ExitContent
	}
	word := "errors"
	if n == 1 {
		word = "error"
	}
	fmt.Fprintf(stderr, "Build failed: %d %s; %s was left as it was.\n", n, word, dest)
	return ExitContent
}

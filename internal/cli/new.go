package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/archetype"
	"github.com/warta-portal/warta/internal/build"
	"github.com/warta-portal/warta/internal/config"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/frontmatter"
	"github.com/warta-portal/warta/internal/slug"
)

const newSynopsis = `new berita|inovasi "Judul" [flags]`

func runNew(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "site" {
		return runNewSite(args[1:], stdout, stderr)
	}
	var source, lang string
	fs := newFlags("new", newSynopsis, stderr)
	fs.StringVarP(&source, "source", "s", ".", "site folder (holds content/, layouts/, static/, warta.yaml)")
	fs.StringVar(&lang, "lang", "", "language of messages: id (Indonesian) or en (default: $WARTA_LANG, else the site's language, id)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK
		}
		fmt.Fprintf(stderr, "warta new: %v\n", err)
		return ExitUsage
	}
	if !checkLang("new", lang, stderr) {
		return ExitUsage
	}
	lang = messageLang(lang, source)
	usageErr := func(en, id string, a ...any) int {
		fmt.Fprintf(stderr, "warta new: "+tr(lang, en, id)+"\n", a...)
		fmt.Fprintf(stderr, tr(lang, "Usage: warta %s\nFor example: warta new berita \"Judul Berita\"   or   warta new inovasi \"Nama Inovasi\"\n",
			"Cara pakai: warta %s\nMisalnya: warta new berita \"Judul Berita\"   atau   warta new inovasi \"Nama Inovasi\"\n"), newSynopsis)
		return ExitUsage
	}
	if fs.NArg() == 0 {
		return usageErr("say what to create: berita or inovasi", "sebutkan yang akan dibuat: berita atau inovasi")
	}
	kind := fs.Arg(0)
	if kind != "berita" && kind != "inovasi" {
		return usageErr("%q is not a content type warta can create: use berita or inovasi", "%q bukan jenis konten yang dapat dibuat warta: pakai berita atau inovasi", kind)
	}
	// Words typed without quotes are one title too.
	title := strings.Join(strings.Fields(strings.Join(fs.Args()[1:], " ")), " ")
	if title == "" {
		return usageErr("the %s needs a title, in quotes", "%s perlu judul, di antara tanda kutip", kind)
	}
	name := fileSlug(title)
	if name == "" {
		return usageErr("the title %q has no letters or digits to make a file name from", "judul %q tidak berisi huruf atau angka untuk dijadikan nama berkas", title)
	}
	if fi, err := os.Stat(source); err != nil || !fi.IsDir() {
		// A mistyped --source would otherwise become a new folder tree.
		fmt.Fprintf(stderr, tr(lang, "warta new: --source %s is not a site folder\n", "warta new: --source %s bukan folder situs\n"), source)
		return ExitUsage
	}

	// News is a page bundle, content/berita/<slug>/index.md, so its photos
	// sit beside the text; an innovation profile is one file.
	rel := filepath.Join("content", kind, name+".md")
	twin := filepath.Join(source, "content", kind, name, "index.md")
	if kind == "berita" {
		rel, twin = filepath.Join("content", kind, name, "index.md"), filepath.Join(source, "content", kind, name+".md")
	}
	dst := filepath.Join(source, rel)
	// content/<kind>/index.md would be a bundle for the section folder
	// itself and take the address of the section's list, /<kind>/.
	if name == "index" {
		fmt.Fprintf(stderr, tr(lang, "warta new: the title %q would make %s, which takes the address of the %s list (/%s/); choose a different title.\n",
			"warta new: judul %q akan menjadi %s, yang memakai alamat daftar %s (/%s/); pilih judul lain.\n"), title, dst, kind, kind)
		return ExitContent
	}
	// A file and a page bundle of the same name get the same URL.
	if exists(twin) {
		fmt.Fprintf(stderr, tr(lang, "warta new: %s already exists and has the same address; not creating %s. Edit that file, or choose another title.\n",
			"warta new: %s sudah ada dan beralamat sama; %s tidak dibuat. Sunting berkas itu, atau pilih judul lain.\n"), twin, dst)
		return ExitContent
	}
	existsMsg := tr(lang, "warta new: %s already exists; not overwriting it. Edit that file, or choose another title.\n",
		"warta new: %s sudah ada; tidak ditimpa. Sunting berkas itu, atau pilih judul lain.\n")
	if exists(dst) {
		fmt.Fprintf(stderr, existsMsg, dst)
		return ExitContent
	}

	// The date is written in the site's time zone (WIB, WITA or WIT).
	site := build.DirFS(source)
	cfg, err := config.Load(site)
	if err != nil {
		for _, d := range diag.All(err) {
			fmt.Fprintf(stderr, "warta new: %s\n", sitePath(source, d.Error()))
		}
		return ExitContent
	}
	// Through the build's file system: an archetype linked to a file
	// outside the site is refused, as in a build.
	text, origin, err := archetype.Find(site, warta.Theme(), kind)
	if err != nil {
		fmt.Fprintf(stderr, "warta new: %v\n", err)
		return ExitContent
	}
	if !strings.HasPrefix(origin, "(") {
		origin = filepath.Join(source, filepath.FromSlash(origin))
	}
	out, err := archetype.Fill(origin, text, archetype.NewData(title, name, time.Now(), cfg.Location))
	if err != nil {
		fmt.Fprintf(stderr, "warta new: %v\n", err)
		return ExitContent
	}
	// A site's own archetype could be broken; never write a file the build cannot read.
	if _, err := frontmatter.Parse(filepath.ToSlash(rel), out); err != nil {
		fmt.Fprintf(stderr, tr(lang, "warta new: the file made from %s would not build: %v\n", "warta new: berkas dari %s tidak akan dapat dibangun: %v\n"), origin, err)
		return ExitContent
	}
	if err := create(dst, out); err != nil {
		if errors.Is(err, os.ErrExist) {
			fmt.Fprintf(stderr, existsMsg, dst)
		} else {
			fmt.Fprintf(stderr, "warta new: %v\n", err)
		}
		return ExitContent
	}
	fmt.Fprintln(stdout, dst)
	return ExitOK
}

// maxSlug is the longest file name new makes, in bytes (before .md):
// long enough for any sensible title, well short of the 255 bytes file
// systems allow.
const maxSlug = 80

// fileSlug is the slug of title cut to maxSlug bytes after a whole word;
// only a single longer word is cut inside. Slugs are ASCII, so any byte
// is a character boundary.
func fileSlug(title string) string {
	s := slug.Make(title)
	if len(s) <= maxSlug {
		return s
	}
	if s[maxSlug] == '-' {
		return s[:maxSlug]
	}
	if i := strings.LastIndexByte(s[:maxSlug], '-'); i > 0 {
		return s[:i]
	}
	return s[:maxSlug]
}

// create writes a new file, failing if it exists (O_EXCL: no window
// between the check and the write), and its parent folders.
func create(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(name)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}

func exists(name string) bool {
	_, err := os.Lstat(name)
	return err == nil
}

package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/warta-portal/warta/internal/scaffold"
)

const newSiteSynopsis = `new site DIR [--title "Nama Portal"] [--baseURL URL] [--timezone WIB|WITA|WIT] [--force]`

// runNewSite writes a new portal folder. It never overwrites: a folder
// with files is refused unless --force, which then only adds what is
// missing.
func runNewSite(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new site", newSiteSynopsis, stderr)
	var title, baseURL, tz string
	var force bool
	fs.StringVar(&title, "title", "Portal Berita", "the portal's name")
	fs.StringVar(&baseURL, "baseURL", "", "where the portal will be published, e.g. https://portal.example.go.id/")
	fs.StringVar(&tz, "timezone", "WIB", "time zone: WIB, WITA, WIT or a name such as Asia/Makassar")
	fs.BoolVar(&force, "force", false, "write into a folder that has files, adding only missing files")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "warta new site: sebutkan nama folder baru, misalnya warta new site portal-kabupaten\nUsage: warta %s\n", newSiteSynopsis)
		return ExitUsage
	}
	dir := fs.Arg(0)
	if _, _, err := scaffold.Zone(tz); err != nil {
		fmt.Fprintf(stderr, "warta new site: --timezone: %v\n", err)
		return ExitUsage
	}
	res, err := scaffold.Write(scaffold.Options{Dir: dir, Title: title, BaseURL: baseURL, TimeZone: tz, Version: Version, Now: time.Now(), Force: force})
	if errors.Is(err, scaffold.ErrNotEmpty) {
		fmt.Fprintf(stderr, "warta new site: %s sudah berisi berkas; pilih folder baru, atau tambahkan --force untuk menambah berkas yang belum ada saja (tidak ada yang ditimpa)\n", dir)
		return ExitContent
	}
	if err != nil {
		fmt.Fprintf(stderr, "warta new site: %v\n", err)
		return ExitContent
	}
	for _, f := range res.Written {
		fmt.Fprintf(stdout, "  %s\n", filepath.Join(dir, filepath.FromSlash(f)))
	}
	if len(res.Kept) > 0 {
		fmt.Fprintf(stderr, "%d berkas sudah ada dan dibiarkan seperti semula.\n", len(res.Kept))
	}
	fmt.Fprintf(stderr, "Portal baru di %s (%d berkas). Langkah berikutnya:\n  cd %s\n  warta serve                      pratinjau di http://127.0.0.1:1313/\n  warta new berita \"Judul Berita\"\nBerkas CI menerbitkan portal di GitHub Pages (.github/workflows/pages.yml) atau GitLab Pages (.gitlab-ci.yml) setiap push dan setiap jam.\n", dir, len(res.Written), dir)
	return ExitOK
}

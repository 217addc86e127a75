package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/build"
	"github.com/warta-portal/warta/internal/serve"
)

// ServeSource returns the site folder of a `warta serve` command line
// (args without the program name), so main can set the preview's memory
// limit for the site's size; ok is false for other commands. Flags other
// than --source are left to runServe.
func ServeSource(args []string) (source string, ok bool) {
	if len(args) == 0 || args[0] != "serve" {
		return "", false
	}
	fs := newFlags("serve", "serve [flags]", io.Discard)
	fs.ParseErrorsAllowlist.UnknownFlags = true
	fs.StringVarP(&source, "source", "s", ".", "")
	if fs.Parse(args[1:]) != nil {
		return "", false
	}
	return source, true
}

func runServe(ctx context.Context, args []string, _, stderr io.Writer) int {
	var (
		source, bind, baseURL, lang string
		port                        int
	)
	fs := newFlags("serve", "serve [flags]", stderr)
	fs.StringVarP(&source, "source", "s", ".", "site folder (holds content/, layouts/, static/, warta.yaml)")
	fs.IntVarP(&port, "port", "p", 1313, "port to listen on (0 picks a free one)")
	fs.StringVar(&bind, "bind", "127.0.0.1", "address to listen on; anything but 127.0.0.1 or localhost shows the preview, drafts included, to the network")
	fs.StringVar(&baseURL, "baseURL", "", "URL the preview pages link to (default http://<bind>:<port>/)")
	var linked bool
	fs.BoolVar(&linked, "linked-folders", false, linkedFoldersUsage)
	fs.StringVar(&lang, "lang", "", "language of messages: id (Indonesian) or en (default: $WARTA_LANG, else the site's language, id)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return ExitOK
		}
		fmt.Fprintf(stderr, "warta serve: %v\n", err)
		return ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "warta serve: unexpected argument %q\n", fs.Arg(0))
		return ExitUsage
	}
	if port < 0 || port > 65535 {
		fmt.Fprintf(stderr, "warta serve: --port %d: use a port from 1 to 65535\n", port)
		return ExitUsage
	}

	if !checkLang("serve", lang, stderr) {
		return ExitUsage
	}
	lang = messageLang(lang, source)
	if fi, err := os.Stat(source); err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, tr(lang, "warta serve: --source %s is not a site folder\n", "warta serve: --source %s bukan folder situs\n"), source)
		return ExitUsage
	}

	bind = strings.Trim(bind, "[]")
	if bind == "" || net.ParseIP(bind) == nil && bind != "localhost" {
		fmt.Fprintf(stderr, "warta serve: --bind %q: write an IP address such as 127.0.0.1 (this computer only) or 0.0.0.0 (the network)\n", bind)
		return ExitUsage
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
	if err != nil {
		fmt.Fprintf(stderr, "warta serve: %v\n", err)
		if port != 0 {
			fmt.Fprintln(stderr, tr(lang, "Is another warta serve running? Stop it, or choose another port with --port.", "Apakah warta serve lain sedang berjalan? Hentikan, atau pilih port lain dengan --port."))
		}
		return ExitContent
	}
	if port == 0 {
		port = ln.Addr().(*net.TCPAddr).Port
	}
	host := bind
	if ip := net.ParseIP(bind); ip != nil && ip.IsUnspecified() {
		host = "localhost" // 0.0.0.0 is not an address to link to; pages link by path anyway
	}
	url := "http://" + net.JoinHostPort(host, strconv.Itoa(port)) + "/"
	if baseURL == "" {
		baseURL = url
	}
	if !loopback(bind) {
		fmt.Fprintf(stderr, tr(lang, "\n"+
			"  !!! WARNING: listening on %s, beyond this computer.\n"+
			"  !!! Anyone who can reach it on the network can read this preview, drafts and future news included.\n"+
			"  !!! Use --bind 127.0.0.1 unless you mean to share it.\n\n", "\n"+
			"  !!! PERHATIAN: mendengarkan di %s, di luar komputer ini.\n"+
			"  !!! Siapa pun yang menjangkaunya di jaringan dapat membaca pratinjau ini, termasuk draf dan berita terjadwal.\n"+
			"  !!! Pakai --bind 127.0.0.1 kecuali memang hendak dibagikan.\n\n"), bind)
	}
	fmt.Fprintf(stderr, tr(lang, "Serving at %s (Ctrl-C to stop)\n", "Pratinjau di %s (Ctrl-C untuk berhenti)\n"), url)

	srv := serve.New(serve.Options{
		Build: build.Options{
			Source: siteFS(source, linked), SourceDir: source, Theme: warta.Theme(), BaseURL: baseURL,
		},
		Log:          stderr,
		Lang:         lang,
		LoopbackOnly: loopback(bind),
	})
	if err := srv.Run(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "warta serve: %v\n", err)
		return ExitContent
	}
	fmt.Fprintln(stderr, tr(lang, "Stopped.", "Berhenti."))
	return ExitOK
}

// loopback reports whether host reaches this computer only.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

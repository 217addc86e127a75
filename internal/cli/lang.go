package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/warta-portal/warta/internal/build"
	"github.com/warta-portal/warta/internal/config"
)

// messageLang is the language warta speaks to the editor of the site at
// source: --lang when given, else $WARTA_LANG (for a CI log or a team that
// reads English), else the site's own language (warta.yaml's language, id
// when absent or unreadable). It is "id" for Indonesian and "en" for any
// other language.
func messageLang(flag, source string) string {
	l := flag
	if l == "" {
		l = os.Getenv("WARTA_LANG")
	}
	if l == "" {
		l = "id"
		if cfg, err := config.Load(build.DirFS(source)); err == nil && cfg.Language != "" {
			l = cfg.Language
		}
	}
	if l = strings.ToLower(l); l == "id" || strings.HasPrefix(l, "id-") || strings.HasPrefix(l, "id_") {
		return "id"
	}
	return "en"
}

// knownLang reports whether l names a language warta speaks: id or en,
// with or without a region (id-ID, en_US), in any case.
func knownLang(l string) bool {
	l = strings.ToLower(l)
	for _, k := range []string{"id", "en"} {
		if l == k || strings.HasPrefix(l, k+"-") || strings.HasPrefix(l, k+"_") {
			return true
		}
	}
	return false
}

// checkLang reports a --lang (or, without one, a $WARTA_LANG) that names
// no language warta speaks, in both, to stderr as the usage error of cmd,
// and whether the choice is good. A typo would otherwise give English
// messages to an editor who asked for Indonesian, without a word.
func checkLang(cmd, flag string, stderr io.Writer) bool {
	what, l := "--lang", flag
	if l == "" {
		what, l = "WARTA_LANG", os.Getenv("WARTA_LANG")
	}
	if l == "" || knownLang(l) {
		return true
	}
	fmt.Fprintf(stderr, "warta %s: %s %q: write id (Indonesian) or en (English) / tulis id (bahasa Indonesia) atau en (bahasa Inggris)\n", cmd, what, l)
	return false
}

// tr picks the message of lang.
func tr(lang, en, id string) string {
	if lang == "id" {
		return id
	}
	return en
}

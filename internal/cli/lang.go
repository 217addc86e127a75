package cli

import (
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

// tr picks the message of lang.
func tr(lang, en, id string) string {
	if lang == "id" {
		return id
	}
	return en
}

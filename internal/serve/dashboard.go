package serve

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/indodate"
	newsroom "github.com/warta-portal/warta/internal/status"
)

// dashboardPath is the editor's dashboard: drafts, scheduled items, pins,
// expiring and expired announcements, and the current warnings and
// errors. It lives under the reserved prefix, so it never reaches public/.
const dashboardPath = reservedPrefix

// desk is what the dashboard shows of one good build.
type desk struct {
	report   newsroom.Report
	warnings diag.List
	words    map[string]int    // content file → words in its body
	edit     map[string]string // output file name → the page's edit URL
	editFile map[string]string // content file → its edit URL
}

// newDesk gathers the dashboard's lists from a built site.
func newDesk(site *content.Site, warnings diag.List) *desk {
	d := &desk{report: newsroom.Of(site), warnings: warnings, words: map[string]int{}, edit: map[string]string{}, editFile: map[string]string{}}
	pattern := ""
	if site.Config != nil {
		pattern = site.Config.EditURL
	}
	for _, p := range site.All {
		if p.Doc != nil {
			d.words[p.File] = p.Doc.Words
		}
		if u := editURL(pattern, p.File); u != "" {
			d.edit[strings.TrimPrefix(p.Path, "/")+"index.html"] = u
			d.editFile[p.File] = u
		}
	}
	return d
}

// editURL fills the editURL pattern's {file} with the content file's path,
// each segment escaped; "" when there is no pattern or it is not an
// http(s) address.
func editURL(pattern, file string) string {
	if pattern == "" || !strings.Contains(pattern, "{file}") {
		return ""
	}
	if u, err := url.Parse(strings.ReplaceAll(pattern, "{file}", "x")); err != nil || u.Scheme != "https" && u.Scheme != "http" {
		return ""
	}
	segs := strings.Split(file, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.ReplaceAll(pattern, "{file}", strings.Join(segs, "/"))
}

// row is one line of a dashboard table.
type row struct {
	File, Title, Preview, Edit string
	Words                      int
	Date, When                 string
	Draft                      bool
}

type problem struct {
	File, Message, Edit string
	Line                int
}

type dashData struct {
	Title, Built, NextChange                     string
	Drafts, Scheduled, Pinned, Expiring, Archive []row
	Errors, Warnings                             []problem
	Failed                                       bool
}

func (s *Server) serveDashboard(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	st := s.site.Load()
	state := s.state.Load()
	data := dashData{Title: "Meja redaksi"}
	var dk *desk
	base := "/"
	if st != nil {
		dk, base = st.desk, st.base
		data.Built = st.built.Format("15:04:05")
	}
	when := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return indodate.Date(t) + ", " + indodate.Clock(t)
	}
	if dk != nil {
		rows := func(items []newsroom.Item) []row {
			out := make([]row, 0, len(items))
			for _, it := range items {
				out = append(out, row{File: it.File, Title: it.Title, Preview: base + strings.TrimPrefix(it.Path, "/"), Edit: dk.editFile[it.File],
					Words: it.Words, Date: when(it.Date), When: when(it.When), Draft: it.Draft})
			}
			return out
		}
		rep := dk.report
		data.Drafts, data.Scheduled, data.Pinned = rows(rep.Drafts), rows(rep.Scheduled), rows(rep.Pinned)
		data.Expiring, data.Archive = rows(rep.Expiring), rows(rep.Archived)
		data.NextChange = when(rep.NextChange)
		for _, d := range dk.warnings {
			data.Warnings = append(data.Warnings, problem{File: d.File, Line: d.Line, Message: fieldMessage(d), Edit: dk.editFile[d.File]})
		}
	}
	if f := state.failure; f != nil {
		data.Failed = true
		for _, e := range f.Errors {
			p := problem{File: e.File, Line: e.Line, Message: e.Message}
			if e.Field != "" {
				p.Message = e.Field + ": " + e.Message
			}
			if dk != nil {
				p.Edit = dk.editFile[e.File]
			}
			data.Errors = append(data.Errors, p)
		}
	}
	var b bytes.Buffer
	if err := dashboardTmpl.Execute(&b, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	gen := ""
	if st != nil {
		gen = st.gen
	}
	s.serveFile(w, r, &site{gen: gen}, "index.html", b.Bytes(), http.StatusOK)
}

func fieldMessage(d *diag.Diagnostic) string {
	m := d.Message("id")
	if d.Field != "" {
		m = d.Field + ": " + m
	}
	return m
}

// injectEdit adds a "Sunting halaman ini" link to a preview page that has
// an edit URL, before its last </body>.
func injectEdit(page []byte, edit string) []byte {
	if edit == "" {
		return page
	}
	tag := `<a href="` + template.HTMLEscapeString(edit) + `" rel="noopener" style="position:fixed;left:.5rem;bottom:.5rem;z-index:2147483647;background:#fff;color:#0b4f6c;border:2px solid #0b4f6c;border-radius:.4rem;padding:.35rem .6rem;font:600 14px/1.2 system-ui,sans-serif">Sunting halaman ini</a>`
	i := lastIndexFold(page, "</body>")
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

var dashboardTmpl = template.Must(template.New("dashboard").Funcs(template.FuncMap{"dict": func(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}}).Parse(`<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{ .Title }} · pratinjau warta</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b2630}
header{background:#0b4f6c;color:#fff;padding:.75rem 1rem}
header a{color:#fff}
main{max-width:72rem;margin:auto;padding:0 1rem 2rem}
h1{font-size:1.4rem;margin:0}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.table{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #d5dde3;vertical-align:top;overflow-wrap:anywhere}
th{background:#f3f6f8}
.file{font-family:ui-monospace,monospace;font-size:.85rem}
.err{color:#b42318}
.badge{background:#b42318;color:#fff;border-radius:.25rem;padding:0 .3rem;font-size:.75rem;font-weight:700}
.empty{color:#4a5866}
</style>
</head>
<body>
<header><h1>{{ .Title }}</h1><p>Pratinjau saja: halaman ini tidak ikut terbit.{{ with .Built }} Dibangun pukul {{ . }}.{{ end }} <a href="/">Ke beranda pratinjau</a></p></header>
<main>
{{- define "rows" }}
{{- if .Rows }}
<div class="table"><table>
<thead><tr><th scope="col">Judul</th><th scope="col">Berkas</th><th scope="col">Tanggal</th>{{ if .WhenLabel }}<th scope="col">{{ .WhenLabel }}</th>{{ end }}<th scope="col">Kata</th><th scope="col">Tautan</th></tr></thead>
<tbody>
{{- range .Rows }}
<tr><td>{{ .Title }}{{ if .Draft }} <span class="badge">DRAF</span>{{ end }}</td><td class="file">{{ .File }}</td><td>{{ .Date }}</td>{{ if $.WhenLabel }}<td>{{ .When }}</td>{{ end }}<td>{{ .Words }}</td><td><a href="{{ .Preview }}">Pratinjau</a>{{ with .Edit }} · <a href="{{ . }}" rel="noopener">Sunting halaman ini</a>{{ end }}</td></tr>
{{- end }}
</tbody></table></div>
{{- else }}
<p class="empty">Tidak ada.</p>
{{- end }}
{{- end }}
{{- define "problems" }}
{{- if .Rows }}
<ul>
{{- range .Rows }}
<li class="{{ $.Class }}"><span class="file">{{ .File }}{{ if .Line }}:{{ .Line }}{{ end }}</span>: {{ .Message }}{{ with .Edit }} · <a href="{{ . }}" rel="noopener">Sunting halaman ini</a>{{ end }}</li>
{{- end }}
</ul>
{{- else }}
<p class="empty">Tidak ada.</p>
{{- end }}
{{- end }}
<section aria-labelledby="galat"><h2 id="galat">Galat ({{ len .Errors }})</h2>
{{- if .Failed }}<p class="err">Pembangunan terakhir gagal; pratinjau masih menampilkan hasil terakhir yang berhasil.</p>{{ end }}
{{ template "problems" (dict "Rows" .Errors "Class" "err") }}</section>
<section aria-labelledby="peringatan"><h2 id="peringatan">Peringatan ({{ len .Warnings }})</h2>
{{ template "problems" (dict "Rows" .Warnings "Class" "") }}</section>
<section aria-labelledby="draf"><h2 id="draf">Draf menunggu tinjauan ({{ len .Drafts }})</h2>
{{ template "rows" (dict "Rows" .Drafts "WhenLabel" "") }}</section>
<section aria-labelledby="terjadwal"><h2 id="terjadwal">Terjadwal ({{ len .Scheduled }})</h2>
{{- with .NextChange }}<p>Perubahan terjadwal berikutnya: {{ . }}.</p>{{ end }}
{{ template "rows" (dict "Rows" .Scheduled "WhenLabel" "Tayang") }}</section>
<section aria-labelledby="disematkan"><h2 id="disematkan">Disematkan ({{ len .Pinned }})</h2>
{{ template "rows" (dict "Rows" .Pinned "WhenLabel" "Sampai") }}</section>
<section aria-labelledby="berakhir"><h2 id="berakhir">Akan berakhir ({{ len .Expiring }})</h2>
{{ template "rows" (dict "Rows" .Expiring "WhenLabel" "Berakhir") }}</section>
<section aria-labelledby="arsip"><h2 id="arsip">Sudah berakhir, di arsip ({{ len .Archive }})</h2>
{{ template "rows" (dict "Rows" .Archive "WhenLabel" "Berakhir") }}</section>
</main>
</body>
</html>
`))

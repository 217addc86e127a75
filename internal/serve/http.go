package serve

import (
	"bytes"
	"html"
	"html/template"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

// Reserved paths: the live-reload stream and its script. They shadow a
// static/__warta/ folder, a name no portal has reason to use.
const (
	reservedPrefix = "/__warta/"
	eventsPath     = reservedPrefix + "events"
	scriptPath     = reservedPrefix + "livereload.js"
)

// ServeHTTP answers from the last complete build: pretty URLs
// (/x/ → x/index.html, /x → /x/), the site's own 404 page, and the
// live-reload script added to HTML.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if s.opts.LoopbackOnly && !localHost(r.Host) {
		http.Error(w, "this preview answers to localhost only", http.StatusMisdirectedRequest)
		return
	}
	switch r.URL.Path {
	case dashboardPath:
		s.serveDashboard(w, r)
		return
	case eventsPath:
		s.serveEvents(w, r)
		return
	case scriptPath:
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		http.ServeContent(w, r, "livereload.js", time.Time{}, strings.NewReader(liveReloadJS))
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !safePath(r.URL.Path) {
		http.Error(w, "bad request: the path leaves the site", http.StatusBadRequest)
		return
	}
	st := s.site.Load()
	if st == nil {
		s.serveNotYet(w, r)
		return
	}
	rel, ok := strings.CutPrefix(r.URL.Path, st.base)
	if !ok {
		if r.URL.Path+"/" == st.base || r.URL.Path == "/" {
			redirect(w, r, st.base)
			return
		}
		s.serveNotFound(w, r, st)
		return
	}
	name := rel
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if data, ok := st.file(name); ok {
		s.serveFile(w, r, st, name, data, http.StatusOK)
		return
	}
	if _, ok := st.files[path.Join(rel, "index.html")]; ok && rel != "" && !strings.HasSuffix(rel, "/") {
		redirect(w, r, r.URL.EscapedPath()+"/") // escaped: a "#" or "?" in a folder name stays part of the path
		return
	}
	s.serveNotFound(w, r, st)
}

// localHost reports whether a request's Host names this computer.
func localHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// safePath refuses paths that could escape the site root: ".." or "."
// segments (also when they were percent-encoded), backslashes and NULs.
func safePath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == ".." || seg == "." {
			return false
		}
	}
	return true
}

// redirect sends a temporary redirect, keeping the query: a permanent one
// would be cached by the browser past the preview's changes.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, to, http.StatusFound)
}

func (s *Server) serveNotFound(w http.ResponseWriter, r *http.Request, st *site) {
	data, ok := st.file("404.html")
	if !ok {
		data = []byte("<!doctype html><html lang=\"id\"><meta charset=\"utf-8\"><title>Halaman tidak ditemukan</title><body><h1>Halaman tidak ditemukan</h1></body></html>")
	}
	s.serveFile(w, r, st, "404.html", data, http.StatusNotFound)
}

// serveNotYet answers before the first good build: a page that waits for
// it and then reloads. When the build failed, the page already holds the
// overlay the browser script would draw (files, lines, the lines around
// them), so the errors show in the first response, without JavaScript.
func (s *Server) serveNotYet(w http.ResponseWriter, r *http.Request) {
	var b bytes.Buffer
	if err := notYetPage.Execute(&b, s.state.Load().failure); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.serveFile(w, r, &site{}, "index.html", b.Bytes(), http.StatusServiceUnavailable)
}

// notYetPage is the start page before the first good build; given the
// failure, or nil while the first build runs. Its overlay has the ids and
// classes of the one liveReloadJS draws, which replaces it on news.
var notYetPage = template.Must(template.New("start").Parse(`<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if . }}warta: gagal membangun situs{{ else }}warta: menunggu situs{{ end }}</title>
<style>
body{margin:0;font:16px/1.5 system-ui,sans-serif;background:#181818;color:#f4f4f4;overflow-wrap:anywhere}
#warta-error-overlay{box-sizing:border-box;padding:1rem;max-width:60rem}
h1{margin:0 0 .5rem;font-size:1.6rem;color:#ff9e80}
.warta-error{margin:0 0 1.25rem;padding:.75rem 1rem;border-left:4px solid #ff9e80;background:#303030}
.warta-error-file{margin:0;font:600 15px/1.4 ui-monospace,monospace;color:#ffd180}
.warta-error p{margin:.25rem 0 .5rem}
pre{margin:0;padding:.5rem 0;background:#161616;overflow:auto;font:14px/1.5 ui-monospace,monospace}
pre div{padding:0 .75rem;white-space:pre;color:#c8c8c8}
pre div[aria-current]{background:#6b2020;color:#fff}
</style>
</head>
<body>
{{- if . }}
<main id="warta-error-overlay" role="alert" aria-labelledby="warta-error-title">
<h1 id="warta-error-title">{{ .Title }}</h1>
<p>Situs belum berhasil dibangun. Perbaiki berkas di bawah lalu simpan; halaman ini dimuat ulang dengan sendirinya.</p>
{{- range .Errors }}
<section class="warta-error">
{{- if .File }}<p class="warta-error-file">{{ .File }}{{ if .Line }}, baris {{ .Line }}{{ end }}</p>{{ end }}
<p>{{ if .Field }}{{ .Field }}: {{ end }}{{ .Message }}</p>
{{- with .Excerpt }}
<pre>{{ range . }}<div{{ if .Mark }} aria-current="true"{{ end }}>{{ if .Mark }}&gt; {{ else }}  {{ end }}{{ printf "%4d" .N }} | {{ .Text }}</div>{{ end }}</pre>
{{- end }}
</section>
{{- end }}
{{- if .More }}<p>… dan {{ .More }} kesalahan lain; lihat terminal.</p>{{ end }}
</main>
{{- else }}
<main><p>Situs sedang dibangun. Halaman ini dimuat ulang dengan sendirinya setelah selesai.</p></main>
{{- end }}
</body>
</html>
`))

// serveFile writes one file of st; HTML gets the live-reload script.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, st *site, name string, data []byte, code int) {
	h := w.Header()
	ct := contentType(name, data)
	h.Set("Content-Type", ct)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if strings.HasPrefix(ct, "text/html") {
		page := name
		if code != http.StatusOK {
			page = "" // a missing page reloads on every build: it may be made
		}
		data = injectScript(data, st, page)
		if st.desk != nil {
			data = injectEdit(data, st.desk.edit[name])
		}
	}
	if code == http.StatusOK {
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		_, _ = w.Write(data)
	}
}

// injectScript returns a copy of page with the live-reload script before
// its last </body>, or at its end when it has none. The build's bytes are
// shared by every request and never modified.
//
// A page of the site is told its own version (pageVersion) and names
// itself to the event stream, so it reloads only when a build changed it;
// other pages (the dashboard, error pages) reload on every new build.
func injectScript(page []byte, st *site, name string) []byte {
	gen, events := st.gen, eventsPath
	if _, ok := st.files[name]; ok {
		gen, events = pageVersion(st, name), eventsPath+"?page="+url.QueryEscape(name)
	}
	tag := `<script src="` + scriptPath + `" data-events="` + html.EscapeString(events) + `" data-gen="` + html.EscapeString(gen) + `"></script>`
	i := lastIndexFold(page, "</body>")
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// lastIndexFold is bytes.LastIndex ignoring ASCII case, for a lower-case sep.
func lastIndexFold(s []byte, sep string) int {
	for i := len(s) - len(sep); i >= 0; i-- {
		if s[i] == '<' && bytes.EqualFold(s[i:i+len(sep)], []byte(sep)) {
			return i
		}
	}
	return -1
}

// contentType names the media type by extension: the types a portal
// serves are listed so that the preview does not depend on the machine's
// MIME tables; anything else is looked up, then sniffed.
func contentType(name string, data []byte) string {
	switch ext := strings.ToLower(path.Ext(name)); ext {
	case ".html", ".htm":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".json":
		return "application/json"
	case ".webmanifest":
		return "application/manifest+json"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".txt":
		return "text/plain; charset=utf-8"
	case ".csv":
		return "text/csv; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png", ".gif", ".webp", ".avif":
		return "image/" + ext[1:]
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".ico":
		return "image/x-icon"
	case ".pdf":
		return "application/pdf"
	case ".woff", ".woff2":
		return "font/" + ext[1:]
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
		return http.DetectContentType(data)
	}
}

package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	warta "github.com/warta-portal/warta"
	"github.com/warta-portal/warta/internal/build"
	"github.com/warta-portal/warta/internal/publish"
)

// patience bounds every wait for something that must happen (a rebuild, an
// event, a stop). It only ends a test that is failing anyway, so it is
// long: a loaded CI machine may take seconds for what takes milliseconds
// here, and no test may fail for being slow.
const patience = 2 * time.Minute

// testDebounce keeps the watcher quick in tests, yet long enough that a
// loaded machine pausing between the truncate and the write of one save
// does not make two rebuilds of it.
const testDebounce = 150 * time.Millisecond

// fixedNow keeps every build of a test on the same clock.
func fixedNow() time.Time { return time.Date(2024, 6, 1, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600)) }

// sampleSite is a small portal: news (one a draft, one a bundle with an
// image), an agency, a plain page and a static file.
func sampleSite() map[string]string {
	return map[string]string{
		"warta.yaml":               "title: Portal Uji\nbaseURL: https://portal.example/\n",
		"content/_index.md":        "---\ntitle: Portal Uji\n---\n",
		"content/berita/_index.md": "---\ntitle: Berita\n---\n",
		"content/berita/pertama.md": "---\ntitle: \"Berita Pertama\"\ndate: 2024-05-01 09:00\nagency: diskominfo\ntags: [\"inovasi\"]\n---\n\n" +
			"Isi berita pertama yang asli.\n",
		"content/berita/kedua.md": "---\ntitle: \"Berita Kedua\"\ndate: 2024-05-02 09:00\ntags: [\"pelayanan\"]\n---\n\nIsi berita kedua.\n",
		"content/berita/draf.md":  "---\ntitle: \"Berita Draf\"\ndate: 2024-05-03 09:00\ndraft: true\n---\n\nIsi draf.\n",
		"content/berita/bundel/index.md": "---\ntitle: \"Berita Bundel\"\ndate: 2024-05-04 09:00\nimage:\n  src: foto.jpg\n  alt: \"Foto kegiatan\"\n---\n\n" +
			"Isi berita bundel.\n",
		"content/berita/bundel/foto.jpg": "\xff\xd8\xff\xe0 not really a jpeg",
		"content/opd/diskominfo.md":      "---\ntitle: \"Dinas Komunikasi dan Informatika\"\n---\n\nDiskominfo.\n",
		"content/tentang.md":             "---\ntitle: \"Tentang\"\n---\n\nTentang portal.\n",
		"static/css/tambahan.css":        "body { color: black; }\n",
	}
}

func writeSite(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		writeFile(t, dir, name, data)
	}
}

func writeFile(t testing.TB, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// buildOptions are the options the server and the reference builds share.
func buildOptions(dir, baseURL string) build.Options {
	return build.Options{Source: os.DirFS(dir), SourceDir: dir, Theme: warta.Theme(), BaseURL: baseURL, Now: fixedNow()}
}

// newServer builds the sample site and serves it through httptest.
func newServer(t *testing.T) (dir string, s *Server, ts *httptest.Server) {
	t.Helper()
	dir = t.TempDir()
	writeSite(t, dir, sampleSite())
	ts = httptest.NewUnstartedServer(nil)
	ts.Start()
	t.Cleanup(ts.Close)
	s = New(Options{Build: buildOptions(dir, ts.URL+"/"), Debounce: testDebounce})
	ts.Config.Handler = s
	if err := s.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	return dir, s, ts
}

func get(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

func TestServesPrettyURLsWithTheLiveReloadScript(t *testing.T) {
	_, s, _ := newServer(t)
	for _, tc := range []struct {
		target, contentType, contains string
		code                          int
		location                      string
	}{
		{"/", "text/html; charset=utf-8", "Berita Pertama", 200, ""},
		{"/berita/pertama/", "text/html; charset=utf-8", "Isi berita pertama yang asli.", 200, ""},
		{"/berita/pertama/index.html", "text/html; charset=utf-8", "Isi berita pertama yang asli.", 200, ""},
		{"/berita/pertama", "", "", http.StatusFound, "/berita/pertama/"},
		{"/berita/pertama?x=1", "", "", http.StatusFound, "/berita/pertama/?x=1"},
		{"/berita/draf/", "text/html; charset=utf-8", "DRAF", 200, ""},
		{"/berita/bundel/foto.jpg", "image/jpeg", "not really a jpeg", 200, ""},
		{"/css/tambahan.css", "text/css; charset=utf-8", "color:", 200, ""},
		{"/feed.xml", "application/xml; charset=utf-8", "Berita Pertama", 200, ""},
		{"/sitemap.xml", "application/xml; charset=utf-8", "/berita/pertama/", 200, ""},
		{"/__warta/livereload.js", "text/javascript; charset=utf-8", "EventSource", 200, ""},
	} {
		t.Run(tc.target, func(t *testing.T) {
			rec := get(t, s, tc.target)
			if rec.Code != tc.code {
				t.Fatalf("status %d, want %d", rec.Code, tc.code)
			}
			if tc.location != "" {
				if got := rec.Header().Get("Location"); got != tc.location {
					t.Fatalf("Location %q, want %q", got, tc.location)
				}
				return
			}
			if got := rec.Header().Get("Content-Type"); got != tc.contentType {
				t.Errorf("Content-Type %q, want %q", got, tc.contentType)
			}
			body := rec.Body.String()
			if !strings.Contains(body, tc.contains) {
				t.Errorf("body lacks %q", tc.contains)
			}
			html := strings.HasPrefix(tc.contentType, "text/html")
			if got := strings.Count(body, scriptPath); html && got != 1 || !html && got != 0 && tc.target != scriptPath {
				t.Errorf("live-reload script appears %d times in %s", got, tc.contentType)
			}
			if html && !strings.HasSuffix(strings.TrimSpace(body), "</script></body></html>") {
				t.Errorf("script is not just before </body>: ...%s", body[max(0, len(body)-120):])
			}
		})
	}
}

func TestNotFoundIsTheSitesOwn404Page(t *testing.T) {
	_, s, _ := newServer(t)
	want, _ := s.site.Load().file("404.html")
	if len(want) == 0 {
		t.Fatal("the build made no 404.html")
	}
	for _, target := range []string{"/tidak-ada/", "/berita/tidak-ada", "/x.png"} {
		rec := get(t, s, target)
		if rec.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", target, rec.Code)
		}
		if got := rec.Body.Bytes(); !bytes.Equal(got, injectScript(want, s.site.Load(), "")) {
			t.Errorf("%s: body is not the site's 404.html", target)
		}
	}
}

func TestPathsThatLeaveTheSiteAreRefused(t *testing.T) {
	_, s, _ := newServer(t)
	for _, target := range []string{
		"/../warta.yaml", "/berita/../../warta.yaml", "/%2e%2e/warta.yaml", "/berita/%2E%2E/%2e%2e/etc/passwd",
		"/..%2fwarta.yaml", "/berita/./pertama/", "/a%5c..%5cb", "/a%00b",
	} {
		rec := get(t, s, target)
		if rec.Code != http.StatusBadRequest && rec.Code != http.StatusNotFound {
			t.Errorf("%s: status %d, want 400 or 404", target, rec.Code)
		}
		if strings.Contains(rec.Body.String(), "Portal Uji") && rec.Code != http.StatusNotFound {
			t.Errorf("%s: served site content", target)
		}
	}
	// Through a real connection too: the request line is passed as sent.
	_, _, ts := newServer(t)
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("raw /../: status %d, want 400", resp.StatusCode)
	}
}

func TestOnlyGetAndHead(t *testing.T) {
	_, s, _ := newServer(t)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/berita/pertama/", nil))
	if rec.Code != 200 || rec.Body.Len() != 0 || rec.Header().Get("Content-Length") == "" {
		t.Errorf("HEAD: %d, %d bytes, Content-Length %q", rec.Code, rec.Body.Len(), rec.Header().Get("Content-Length"))
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/berita/pertama/", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d, want 405", rec.Code)
	}
}

func TestSubPathBaseURL(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, sampleSite())
	s := New(Options{Build: buildOptions(dir, "http://127.0.0.1:1313/portal/")})
	if err := s.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	if rec := get(t, s, "/portal/berita/pertama/"); rec.Code != 200 || !strings.Contains(rec.Body.String(), `href="/portal/`) {
		t.Errorf("/portal/berita/pertama/: %d", rec.Code)
	}
	for _, target := range []string{"/", "/portal"} {
		if rec := get(t, s, target); rec.Code != http.StatusFound || rec.Header().Get("Location") != "/portal/" {
			t.Errorf("%s: %d → %q, want a redirect to /portal/", target, rec.Code, rec.Header().Get("Location"))
		}
	}
	if rec := get(t, s, "/berita/pertama/"); rec.Code != http.StatusNotFound {
		t.Errorf("outside the base path: %d, want 404", rec.Code)
	}
}

func TestBeforeTheFirstBuildAPageWaits(t *testing.T) {
	s := New(Options{Build: buildOptions(t.TempDir(), "")})
	rec := get(t, s, "/berita/pertama/")
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), scriptPath) {
		t.Fatalf("status %d, body %q", rec.Code, rec.Body.String())
	}
}

func TestLiveReloadScriptNeverReachesTheBuiltFiles(t *testing.T) {
	dir, s, _ := newServer(t)
	for name, data := range unpacked(t, s.site.Load()) {
		if bytes.Contains(data, []byte("__warta")) {
			t.Errorf("%s holds the live-reload script", name)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("serve wrote public/: %v", err)
	}
}

// TestRequestsDuringRebuildGetACompleteSite reads pages while the site is
// rebuilt between two versions: every answer is byte for byte a page of
// one complete build, never a missing or half-written one.
func TestRequestsDuringRebuildGetACompleteSite(t *testing.T) {
	dir, s, _ := newServer(t)
	v1 := unpacked(t, s.site.Load())
	writeFile(t, dir, "warta.yaml", "title: Portal Uji Versi Dua\nbaseURL: https://portal.example/\n")
	writeFile(t, dir, "content/berita/ketiga.md", "---\ntitle: \"Berita Ketiga\"\ndate: 2024-05-05 09:00\n---\n\nBaru.\n")
	v2 := reference(t, s.opts.Build)
	pages := []string{"index.html", "berita/pertama/index.html", "berita/index.html", "tag/inovasi/index.html", "sitemap.xml"}

	var (
		stop   atomic.Bool
		wg     sync.WaitGroup
		served atomic.Int64
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				name := pages[i%len(pages)]
				rec := get(t, s, "/"+strings.TrimSuffix(name, "index.html"))
				if rec.Code != 200 {
					t.Errorf("%s: status %d during rebuild", name, rec.Code)
					return
				}
				got := rec.Body.Bytes()
				if !matchesBuild(got, v1[name]) && !matchesBuild(got, v2[name]) {
					t.Errorf("%s: bytes belong to neither build", name)
					return
				}
				served.Add(1)
			}
		}()
	}
	waitFor(t, "the readers to start", func() bool { return served.Load() > 0 })
	// Rebuild until plenty of requests overlapped the rebuilds.
	before := served.Load()
	for i := 0; i < 3 || served.Load()-before < 50 && i < 100; i++ {
		if err := s.Rebuild(context.Background()); err != nil {
			t.Error(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	if served.Load()-before < 50 {
		t.Fatalf("only %d requests were served during the rebuilds", served.Load()-before)
	}
	if !maps.EqualFunc(unpacked(t, s.site.Load()), v2, bytes.Equal) {
		t.Error("after the rebuilds the site is not the second version")
	}
}

// matchesBuild reports whether a served body is want, whatever build
// generation its injected script names.
func matchesBuild(got, want []byte) bool {
	if want == nil {
		return false
	}
	if bytes.Equal(got, want) {
		return true
	}
	i := bytes.Index(got, []byte(`<script src="`+scriptPath))
	if i < 0 {
		return false
	}
	j := bytes.Index(got[i:], []byte("</script>"))
	if j < 0 {
		return false
	}
	stripped := slices.Concat(got[:i], got[i+j+len("</script>"):])
	return bytes.Equal(stripped, want)
}

// reference builds like the server does, into a fresh Memory.
func reference(t testing.TB, o build.Options) map[string][]byte {
	t.Helper()
	mem := publish.NewMemory()
	o.Target, o.Drafts, o.Future = mem, true, true
	if _, err := build.Run(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	return mem.Files
}

// referenceDir builds like the server does, onto disk, and reads it back.
func referenceDir(t testing.TB, o build.Options) map[string][]byte {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	o.Destination, o.Drafts, o.Future = dest, true, true
	if _, err := build.Run(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		if rel == publish.Marker || rel == publish.LockFile {
			return nil // marks the folder as warta's; not part of the site
		}
		files[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// run starts s.Run on a loopback port and stops it when the test ends.
func run(t *testing.T, s *Server, ln net.Listener) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(patience):
			t.Errorf("Run did not stop within %s", patience)
		}
	})
}

// startServing makes the sample site and runs a watching server on it.
func startServing(t *testing.T, files map[string]string) (dir string, s *Server, base string) {
	t.Helper()
	return startServingLog(t, files, nil)
}

// startServingLog is startServing with the server's log going to log.
func startServingLog(t *testing.T, files map[string]string, log io.Writer) (dir string, s *Server, base string) {
	t.Helper()
	dir = t.TempDir()
	writeSite(t, dir, files)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base = "http://" + ln.Addr().String() + "/"
	s = New(Options{Build: buildOptions(dir, base), Debounce: testDebounce, Log: log})
	run(t, s, ln)
	waitFor(t, "the first build", func() bool { return s.state.Load().seq > 0 })
	return dir, s, base
}

func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	waitWithin(t, patience, what, cond)
}

func waitWithin(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// events reads Server-Sent Events from a live server.
type events struct {
	resp    *http.Response
	c       chan event
	timeout time.Duration // for one event
}

type event struct{ name, data string }

func subscribe(t testing.TB, base string) *events {
	t.Helper()
	return subscribeTo(t, base+"__warta/events")
}

// subscribeTo opens the event stream at url (with ?page= as a page of the
// site opens it).
func subscribeTo(t testing.TB, url string) *events {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("event stream Content-Type %q", ct)
	}
	e := &events{resp: resp, c: make(chan event, 16), timeout: patience}
	go func() {
		defer close(e.c)
		sc := bufio.NewScanner(resp.Body)
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" {
					e.c <- ev
				}
				ev = event{}
			case strings.HasPrefix(line, "event: "):
				ev.name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				ev.data = line[len("data: "):]
			}
		}
	}()
	t.Cleanup(func() { cancel(); resp.Body.Close() })
	return e
}

func (e *events) next(t testing.TB) event {
	t.Helper()
	select {
	case ev, ok := <-e.c:
		if !ok {
			t.Fatal("event stream closed")
		}
		return ev
	case <-time.After(e.timeout):
		t.Fatalf("no event within %s", e.timeout)
		return event{}
	}
}

func (e *events) expect(t testing.TB, name string) event {
	t.Helper()
	ev := e.next(t)
	if ev.name != name {
		t.Fatalf("event %q (%s), want %q", ev.name, ev.data, name)
	}
	return ev
}

func fetch(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestFileChangePushesReload(t *testing.T) {
	dir, s, base := startServing(t, sampleSite())
	ev := subscribe(t, base)
	hello := ev.expect(t, "hello")
	first := s.site.Load().gen
	if !strings.Contains(hello.data, first) {
		t.Fatalf("hello %s does not name the build %s", hello.data, first)
	}
	writeFile(t, dir, "content/berita/pertama.md", strings.Replace(sampleSite()["content/berita/pertama.md"], "yang asli", "yang sudah diubah", 1))
	reload := ev.expect(t, "reload")
	if strings.Contains(reload.data, first) {
		t.Fatalf("reload names the old build: %s", reload.data)
	}
	if _, body := fetch(t, base+"berita/pertama/"); !strings.Contains(body, "yang sudah diubah") {
		t.Fatal("the page does not show the change after the reload event")
	}
}

func TestFailedRebuildShowsErrorsAndKeepsTheLastGoodSite(t *testing.T) {
	dir, s, base := startServing(t, sampleSite())
	ev := subscribe(t, base)
	ev.expect(t, "hello")
	good := s.site.Load()

	broken := "---\ntitle: \"Berita Pertama\"\ndate: 11/11/2020\n---\n\nIsi berita pertama yang rusak.\n"
	writeFile(t, dir, "content/berita/pertama.md", broken)
	e := ev.expect(t, "errors")
	var f struct {
		Title  string `json:"title"`
		Errors []struct {
			File, Field, Message string
			Line                 int
			Excerpt              []struct {
				N    int
				Text string
				Mark bool
			}
		}
	}
	if err := json.Unmarshal([]byte(e.data), &f); err != nil {
		t.Fatalf("errors payload %s: %v", e.data, err)
	}
	if f.Title != "Gagal membangun situs" || len(f.Errors) != 1 {
		t.Fatalf("payload %s", e.data)
	}
	got := f.Errors[0]
	if got.File != "content/berita/pertama.md" || got.Line != 3 || got.Field != "date" || !strings.Contains(got.Message, "11/11/2020") {
		t.Errorf("error %+v, want content/berita/pertama.md:3 date", got)
	}
	var marked []string
	for _, l := range got.Excerpt {
		if l.Mark {
			marked = append(marked, l.Text)
		}
	}
	if len(got.Excerpt) != 5 || !slices.Equal(marked, []string{"date: 11/11/2020"}) {
		t.Errorf("excerpt %+v, want lines 1-5 with line 3 marked", got.Excerpt)
	}

	// The last good site is still served, and a new tab learns of the failure.
	if s.site.Load() != good {
		t.Error("the failed build replaced the site")
	}
	if code, body := fetch(t, base+"berita/pertama/"); code != 200 || !strings.Contains(body, "yang asli") {
		t.Errorf("after the failure: %d, page without the last good text", code)
	}
	late := subscribe(t, base)
	late.expect(t, "hello")
	late.expect(t, "errors")

	// Fixing the file reloads every tab and clears the failure.
	writeFile(t, dir, "content/berita/pertama.md", strings.Replace(broken, "11/11/2020", "2020-11-11", 1))
	ev.expect(t, "reload")
	late.expect(t, "reload")
	if s.state.Load().failure != nil {
		t.Error("failure still set after a good build")
	}
	fresh := subscribe(t, base)
	fresh.expect(t, "hello")
	select {
	case e := <-fresh.c:
		t.Errorf("unexpected %q event after the fix", e.name)
	case <-time.After(100 * time.Millisecond):
	}
}

func TestFailurePayloadNamesTemplateLines(t *testing.T) {
	files := sampleSite()
	files["layouts/404.html"] = "{{ define \"main\" }}\n<h1>Tidak ada</h1>\n{{ .Nope.Nada }\n{{ end }}\n"
	dir := t.TempDir()
	writeSite(t, dir, files)
	s := New(Options{Build: buildOptions(dir, "")})
	if err := s.Rebuild(context.Background()); err == nil {
		t.Fatal("a broken layout built")
	}
	f := s.state.Load().failure
	if f == nil || len(f.Errors) == 0 {
		t.Fatal("no failure recorded")
	}
	e := f.Errors[0]
	if e.File != "layouts/404.html" || e.Line != 3 || len(e.Excerpt) == 0 {
		t.Fatalf("error %+v, want layouts/404.html:3 with an excerpt", e)
	}
	// Before any good build, pages wait and say why.
	if rec := get(t, s, "/"); rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "belum berhasil") {
		t.Errorf("before a good build: %d %q", rec.Code, rec.Body.String())
	}
}

// TestEditsInServeEndIdenticalToAFreshBuild makes an editor's session of
// edits, renames, deletes and new files, waiting for each rebuild, and
// then compares what the server holds with a fresh build into memory and
// with a build onto disk.
func TestEditsInServeEndIdenticalToAFreshBuild(t *testing.T) {
	dir, s, base := startServing(t, sampleSite())
	p := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	steps := []struct {
		name string
		do   func()
	}{
		{"edit a body", func() {
			writeFile(t, dir, "content/berita/kedua.md", "---\ntitle: \"Berita Kedua\"\ndate: 2024-05-02 09:00\ntags: [\"pelayanan\"]\n---\n\nIsi kedua, diperbarui.\n")
		}},
		{"new article", func() {
			writeFile(t, dir, "content/berita/ketiga.md", "---\ntitle: \"Berita Ketiga\"\ndate: 2024-05-06 09:00\ntags: [\"inovasi\", \"baru\"]\n---\n\nIsi ketiga.\n")
		}},
		{"rename a file", func() {
			if err := os.Rename(p("content/berita/pertama.md"), p("content/berita/pertama-diganti.md")); err != nil {
				t.Fatal(err)
			}
		}},
		{"rename a bundle folder", func() {
			if err := os.Rename(p("content/berita/bundel"), p("content/berita/bundel-baru")); err != nil {
				t.Fatal(err)
			}
		}},
		{"edit inside the renamed folder", func() {
			writeFile(t, dir, "content/berita/bundel-baru/index.md", "---\ntitle: \"Berita Bundel Baru\"\ndate: 2024-05-04 09:00\nimage:\n  src: foto.jpg\n  alt: \"Foto kegiatan\"\n---\n\nIsi bundel diubah.\n")
		}},
		{"break front matter", func() {
			writeFile(t, dir, "content/berita/ketiga.md", "---\ntitle: [\n---\n\nrusak\n")
		}},
		{"fix it", func() {
			writeFile(t, dir, "content/berita/ketiga.md", "---\ntitle: \"Berita Ketiga Diperbaiki\"\ndate: 2024-05-06 09:00\n---\n\nIsi ketiga.\n")
		}},
		{"delete an article", func() {
			if err := os.Remove(p("content/berita/kedua.md")); err != nil {
				t.Fatal(err)
			}
		}},
		{"new folder with a page", func() {
			writeFile(t, dir, "content/layanan/index.md", "---\ntitle: \"Layanan\"\n---\n\nDaftar layanan.\n")
		}},
		{"new static file", func() { writeFile(t, dir, "static/unduhan/formulir.txt", "formulir") }},
		{"delete a static file", func() {
			if err := os.Remove(p("static/css/tambahan.css")); err != nil {
				t.Fatal(err)
			}
		}},
		{"override a layout", func() {
			writeFile(t, dir, "layouts/404.html", "{{ define \"main\" }}<h1>Halaman hilang</h1>{{ end }}\n")
		}},
		{"change the configuration", func() {
			writeFile(t, dir, "warta.yaml", "title: Portal Uji Berganti\nbaseURL: https://portal.example/\npaginate: 2\n")
		}},
		{"save through a temporary file", func() {
			writeFile(t, dir, "content/tentang.md.tmp", "---\ntitle: \"Tentang Kami\"\n---\n\nTentang portal, baru.\n")
			if err := os.Rename(p("content/tentang.md.tmp"), p("content/tentang.md")); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, step := range steps {
		seq := s.state.Load().seq
		step.do()
		waitFor(t, "the rebuild after: "+step.name, func() bool { return s.state.Load().seq > seq })
	}
	// Trailing events may still be waiting out the debounce or rebuilding
	// (for long on a loaded machine): wait until what is served is a fresh
	// build's bytes, rather than for a quiet time. A server that never gets
	// there fails after patience, with the differences below.
	fresh := reference(t, s.opts.Build)
	for deadline := time.Now().Add(patience); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if st := s.site.Load(); st != nil && maps.EqualFunc(unpacked(t, st), fresh, bytes.Equal) {
			break
		}
	}
	if f := s.state.Load().failure; f != nil {
		t.Fatalf("the last rebuild failed: %s", f.payload)
	}
	got := unpacked(t, s.site.Load())
	for name, want := range map[string]map[string][]byte{
		"a fresh build into memory": fresh,
		"a build onto disk":         referenceDir(t, s.opts.Build),
	} {
		t.Run(name, func(t *testing.T) { diffFiles(t, got, want) })
	}
	// And what is served is that site.
	if _, body := fetch(t, base+"berita/bundel-baru/"); !strings.Contains(body, "Isi bundel diubah.") {
		t.Error("the renamed bundle's page does not show its last edit")
	}
	if code, _ := fetch(t, base+"berita/kedua/"); code != http.StatusNotFound {
		t.Errorf("the deleted article answers %d, want 404", code)
	}
}

func diffFiles(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	for _, name := range slices.Sorted(maps.Keys(want)) {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("missing %s", name)
		case !bytes.Equal(g, want[name]):
			t.Errorf("%s differs", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(got)) {
		if _, ok := want[name]; !ok {
			t.Errorf("stale %s: a fresh build does not make it", name)
		}
	}
}

func TestRunStopsCleanlyWithOpenTabs(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, sampleSite())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/"
	s := New(Options{Build: buildOptions(dir, base), Debounce: testDebounce})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln) }()
	waitFor(t, "the first build", func() bool { return s.state.Load().seq > 0 })
	ev := subscribe(t, base)
	ev.expect(t, "hello")
	waitFor(t, "the tab to register", func() bool { return s.OpenTabs() == 1 })

	// The tab stays open until the test ends: Run returning at all shows
	// that it does not wait for tabs (no timed assertion: a loaded machine
	// may take seconds).
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(patience):
		t.Fatal("Run did not stop with a tab open")
	}
	t.Logf("stopped in %s with a tab open", time.Since(start))
	if _, err := http.Get(base); err == nil {
		t.Error("still answering after Run returned")
	}
}

func TestContentTypes(t *testing.T) {
	for name, want := range map[string]string{
		"a/index.html": "text/html; charset=utf-8", "site.webmanifest": "application/manifest+json",
		"x.svg": "image/svg+xml", "x.JPG": "image/jpeg", "x.webp": "image/webp", "x.js": "text/javascript; charset=utf-8",
		"katalog.json": "application/json", "katalog.csv": "text/csv; charset=utf-8", "robots.txt": "text/plain; charset=utf-8",
		"f.woff2": "font/woff2", "favicon.ico": "image/x-icon", "noext": "text/plain; charset=utf-8",
	} {
		if got := contentType(name, []byte("plain words")); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}

func TestInjectScript(t *testing.T) {
	for _, tc := range []struct{ page, want string }{
		{"<html><body><p>x</p></body></html>", `<html><body><p>x</p><S></body></html>`},
		{"<HTML><BODY>x</BODY></HTML>", `<HTML><BODY>x<S></BODY></HTML>`},
		{"<p>a</body> in text</p></body>", `<p>a</body> in text</p><S></body>`},
		{"<p>no body end", `<p>no body end<S>`},
	} {
		page := []byte(tc.page)
		got := string(injectScript(page, &site{gen: "g1"}, ""))
		want := strings.Replace(tc.want, "<S>", `<script src="/__warta/livereload.js" data-events="/__warta/events" data-gen="g1"></script>`, 1)
		if got != want {
			t.Errorf("inject(%q) = %q, want %q", tc.page, got, want)
		}
		if string(page) != tc.page {
			t.Errorf("inject modified its input")
		}
	}
}

// TestBodyEditIsShownBeforeTheRebuild: a save that changes an article's
// body is served at once (build.Quick) and its tab reloads once; the full
// rebuild that follows gives the page the same bytes, so neither that tab
// nor one on a page the edit does not change is told to reload again.
// Each tab's next event is the one for the next edit (a title change,
// which changes both pages), which proves no stray reload came between.
func TestBodyEditIsShownBeforeTheRebuild(t *testing.T) {
	log := &lockedLog{}
	dir, s, base := startServingLog(t, sampleSite(), log)
	page := "berita/pertama/index.html"
	onPage := subscribeTo(t, base+"__warta/events?page="+url.QueryEscape(page))
	onPage.expect(t, "hello")
	// The About page shows the article only by its title, in the ticker
	// (the home page shows its body's first words as its summary).
	onHome := subscribeTo(t, base+"__warta/events?page=tentang/index.html")
	onHome.expect(t, "hello")
	gen := func(ev event) string {
		var v struct{ Gen string }
		if err := json.Unmarshal([]byte(ev.data), &v); err != nil || v.Gen == "" {
			t.Fatalf("event data %q: %v", ev.data, err)
		}
		return v.Gen
	}
	served := func(p string) string {
		_, body := fetch(t, base+p)
		i := strings.Index(body, `data-gen="`)
		if i < 0 {
			t.Fatalf("%s has no live-reload version", p)
		}
		v, _, _ := strings.Cut(body[i+len(`data-gen="`):], `"`)
		return v
	}
	seq := s.state.Load().seq
	orig := sampleSite()["content/berita/pertama.md"]
	writeFile(t, dir, "content/berita/pertama.md", strings.Replace(orig, "yang asli", "yang disunting", 1))
	quick := gen(onPage.expect(t, "reload"))
	if _, body := fetch(t, base+"berita/pertama/"); !strings.Contains(body, "yang disunting") {
		t.Fatal("the page does not show the edit after its reload")
	}
	waitFor(t, "the full rebuild", func() bool { return s.state.Load().seq > seq })
	if !strings.Contains(log.String(), "Showed content/berita/pertama.md in ") {
		t.Errorf("the edit was not shown before the rebuild; log:\n%s", log.String())
	}
	if v := served("berita/pertama/"); v != quick {
		t.Errorf("after the full rebuild the page is at %s, the quick render at %s: their bytes differ", v, quick)
	}

	writeFile(t, dir, "content/berita/pertama.md", strings.Replace(orig, "Berita Pertama", "Berita Pertama Diubah", 1))
	if v, want := gen(onPage.expect(t, "reload")), served("berita/pertama/"); v != want {
		t.Errorf("the page's tab was told %s, then the page is at %s: a stray reload came first", v, want)
	}
	if v, want := gen(onHome.expect(t, "reload")), served("tentang/"); v != want {
		t.Errorf("the About page's tab was told %s, then the page is at %s: a stray reload came first", v, want)
	}
}

// lockedLog is a log the server writes while the test reads it.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// unpacked returns the files of st as built.
func unpacked(t testing.TB, st *site) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for name := range st.files {
		data, ok := st.file(name)
		if !ok {
			t.Fatalf("%s cannot be unpacked", name)
		}
		files[name] = data
	}
	return files
}

// TestLogSpeaksTheEditorsLanguage: the preview's log (builds, failures and
// each error) is all in the language chosen, never a mix.
func TestLogSpeaksTheEditorsLanguage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang string
		want []string
		not  []string
	}{
		{"en", []string{"Built in ", "Rebuild failed in ", ": 1 error; still serving the last good site", `content/berita/pertama.md:3: date: cannot read "11/11/2020"`}, []string{"galat", "dalam"}},
		{"id", []string{"Dibangun dalam ", "Pembangunan ulang gagal dalam ", ": 1 galat; pratinjau tetap menampilkan hasil terakhir yang berhasil", `content/berita/pertama.md:3: date: tanggal "11/11/2020" tidak terbaca`}, []string{"Built", "failed", "error", "cannot"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeSite(t, dir, sampleSite())
			var log strings.Builder
			s := New(Options{Build: buildOptions(dir, "http://localhost/"), Log: &log, Lang: tc.lang})
			if err := s.Rebuild(context.Background()); err != nil {
				t.Fatal(err)
			}
			writeFile(t, dir, "content/berita/pertama.md", "---\ntitle: \"Berita Pertama\"\ndate: 11/11/2020\n---\n\nIsi.\n")
			if err := s.Rebuild(context.Background()); err == nil {
				t.Fatal("the broken file built")
			}
			for _, w := range tc.want {
				if !strings.Contains(log.String(), w) {
					t.Errorf("log lacks %q:\n%s", w, log.String())
				}
			}
			for _, w := range tc.not {
				if strings.Contains(log.String(), w) {
					t.Errorf("log has %q, of the other language:\n%s", w, log.String())
				}
			}
		})
	}
}

// TestNewWarningsArePrinted guards that a rebuild prints the warnings it
// brought, not only their count, and not again those already printed.
func TestNewWarningsArePrinted(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeSite(t, dir, sampleSite())
	var log strings.Builder
	s := New(Options{Build: buildOptions(dir, "http://localhost/"), Log: &log, Lang: "id"})
	if err := s.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	// An unknown key (penulis for author) is a warning.
	writeFile(t, dir, "content/berita/pertama.md", "---\ntitle: \"Berita Pertama\"\ndate: 2020-11-11\npenulis: Humas\n---\n\nIsi.\n")
	before := log.Len()
	if err := s.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := log.String()[before:]
	if !strings.Contains(got, "peringatan: content/berita/pertama.md:4: penulis:") || !strings.Contains(got, "semua peringatan: dasbor pratinjau, /__warta/") {
		t.Errorf("the new warning was not printed:\n%s", got)
	}
	// The same warning is not printed again on the next rebuild.
	writeFile(t, dir, "content/berita/pertama.md", "---\ntitle: \"Berita Pertama\"\ndate: 2020-11-11\npenulis: Humas\n---\n\nIsi lain.\n")
	before = log.Len()
	if err := s.Rebuild(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := log.String()[before:]; strings.Contains(got, "peringatan: content/") {
		t.Errorf("an old warning was printed again:\n%s", got)
	}
}

package serve

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
)

// tabs are the open event streams. A stream is only told that something
// changed; it then reads the latest status itself, so a slow tab skips
// stale news instead of queueing it.
type tabs struct {
	mu   sync.Mutex
	subs map[chan struct{}]struct{}
}

func (t *tabs) subscribe() chan struct{} {
	c := make(chan struct{}, 1)
	t.mu.Lock()
	if t.subs == nil {
		t.subs = map[chan struct{}]struct{}{}
	}
	t.subs[c] = struct{}{}
	t.mu.Unlock()
	return c
}

func (t *tabs) unsubscribe(c chan struct{}) {
	t.mu.Lock()
	delete(t.subs, c)
	t.mu.Unlock()
}

func (t *tabs) notify() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for c := range t.subs {
		select {
		case c <- struct{}{}:
		default: // already told
		}
	}
}

// OpenTabs reports how many pages hold a live-reload stream open.
func (s *Server) OpenTabs() int {
	s.tabs.mu.Lock()
	defer s.tabs.mu.Unlock()
	return len(s.tabs.subs)
}

// serveEvents streams Server-Sent Events to one tab:
//
//	hello   {"gen": ...}   on connect: the version being served; a page of another version reloads
//	reload  {"gen": ...}   a new build changed the page (with ?page=NAME) or succeeded (without)
//	errors  {...failure}   the last build failed (also sent on connect while it stays failed)
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)

	changed := s.tabs.subscribe()
	defer s.tabs.unsubscribe(changed)

	send := func(event string, data []byte) bool {
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, data); err != nil {
			return false
		}
		return rc.Flush() == nil
	}
	genJSON := func(gen string) []byte {
		b, _ := json.Marshal(map[string]string{"gen": gen})
		return b
	}

	// A page of the site names itself: it is told to reload only when a
	// build changed it (or the files every page uses); others follow gen.
	page := r.URL.Query().Get("page")
	version := func(st *status) string {
		if page == "" {
			return st.gen
		}
		return pageVersion(s.site.Load(), page)
	}
	st := s.state.Load()
	gen, told := version(st), uint64(0)
	// retry: reconnect quickly after a restart of warta serve.
	if _, err := fmt.Fprint(w, "retry: 1000\n"); err != nil || !send("hello", genJSON(gen)) {
		return
	}
	if st.failure != nil {
		if !send("errors", st.failure.payload) {
			return
		}
		told = st.seq
	}
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case <-ping.C:
			// A comment line keeps proxies and idle timers from closing the stream.
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
				return
			}
		case <-changed:
			st := s.state.Load()
			switch v := version(st); {
			case v != gen:
				// A newer site: reload, even if the build after it failed;
				// the reloaded page is told about the failure on connect.
				if !send("reload", genJSON(v)) {
					return
				}
				gen = v
			case st.failure != nil && st.seq != told:
				if !send("errors", st.failure.payload) {
					return
				}
				told = st.seq
			}
		}
	}
}

// liveReloadJS connects a page to the event stream: it reloads on a new
// build and shows failed builds in an overlay. A hidden tab closes its
// stream (browsers allow only six connections per host over HTTP/1.1) and
// reconnects when shown, catching up through the hello event.
const liveReloadJS = `(function () {
  "use strict";
  var me = document.currentScript;
  var gen = me.getAttribute("data-gen") || "";
  var url = me.getAttribute("data-events");
  var es = null, overlay = null;

  function connect() {
    if (es) return;
    es = new EventSource(url);
    es.addEventListener("hello", function (e) {
      if (JSON.parse(e.data).gen !== gen) location.reload();
    });
    es.addEventListener("reload", function () { location.reload(); });
    es.addEventListener("errors", function (e) { show(JSON.parse(e.data)); });
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      if (es) { es.close(); es = null; }
    } else {
      connect();
    }
  });

  function el(tag, text, css) {
    var n = document.createElement(tag);
    if (text) n.textContent = text;
    if (css) n.style.cssText = css;
    return n;
  }
  function show(d) {
    if (overlay) overlay.remove();
    var first = document.getElementById("warta-error-overlay"); // drawn by the start page
    if (first) first.remove();
    overlay = el("div", "", "position:fixed;inset:0;z-index:2147483647;overflow:auto;box-sizing:border-box;" +
      "padding:2rem;background:rgba(24,24,24,.96);color:#f4f4f4;font:16px/1.5 system-ui,sans-serif;text-align:left");
    overlay.id = "warta-error-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "warta-error-title");
    var close = el("button", "Tutup", "float:right;font:inherit;padding:.25rem .75rem;cursor:pointer");
    close.type = "button";
    close.addEventListener("click", function () { overlay.remove(); overlay = null; });
    overlay.appendChild(close);
    var h = el("h1", d.title, "margin:0 0 .5rem;font-size:1.6rem;color:#ff9e80");
    h.id = "warta-error-title";
    overlay.appendChild(h);
    overlay.appendChild(el("p", d.hint, "margin:0 0 1.5rem;max-width:60rem"));
    d.errors.forEach(function (e) {
      var box = el("section", "", "margin:0 0 1.25rem;padding:.75rem 1rem;border-left:4px solid #ff9e80;background:#303030");
      box.className = "warta-error";
      if (e.file) {
        var where = el("p", "", "margin:0;font:600 15px/1.4 ui-monospace,monospace;color:#ffd180");
        where.className = "warta-error-file";
        where.textContent = e.file + (e.line ? ", baris " + e.line : "");
        box.appendChild(where);
      }
      box.appendChild(el("p", (e.field ? e.field + ": " : "") + e.message, "margin:.25rem 0 .5rem"));
      if (e.excerpt && e.excerpt.length) {
        var pre = el("pre", "", "margin:0;padding:.5rem 0;background:#161616;overflow:auto;font:14px/1.5 ui-monospace,monospace");
        var w = String(e.excerpt[e.excerpt.length - 1].n).length;
        e.excerpt.forEach(function (l) {
          var n = String(l.n);
          while (n.length < w) n = " " + n;
          var row = el("div", (l.mark ? "> " : "  ") + n + " | " + l.text,
            "padding:0 .75rem;white-space:pre;" + (l.mark ? "background:#6b2020;color:#fff" : "color:#c8c8c8"));
          if (l.mark) row.setAttribute("aria-current", "true");
          pre.appendChild(row);
        });
        box.appendChild(pre);
      }
      overlay.appendChild(box);
    });
    if (d.more) overlay.appendChild(el("p", "… dan " + d.more + " kesalahan lain; lihat terminal.", ""));
    document.body.appendChild(overlay);
    close.focus();
  }
  connect();
})();
`

// pageVersion is what a page of the site is at in st: its bytes and the
// files every page loads (style sheets, scripts, images), hashed. A build
// that changes neither leaves the page as it is; a page st does not have
// follows st's build.
func pageVersion(st *site, name string) string {
	if st == nil {
		return ""
	}
	data, ok := st.files[name]
	if !ok {
		return st.gen
	}
	h := sha256.Sum256(data)
	return st.assets + "." + hex.EncodeToString(h[:8])
}

// assetsVersion hashes the files of a site that pages load rather than
// link to: everything but pages, feeds, data files and the search index.
func assetsVersion(files map[string][]byte) string {
	var names []string
	for name := range files {
		switch path.Ext(name) {
		case ".html", ".xml", ".json", ".csv", ".txt":
			continue
		}
		if strings.HasPrefix(name, "cari/") {
			continue
		}
		names = append(names, name)
	}
	slices.Sort(names)
	h := sha256.New()
	for _, name := range names {
		d := sha256.Sum256(files[name])
		h.Write([]byte(name))
		h.Write(d[:])
	}
	return hex.EncodeToString(h.Sum(nil)[:6])
}

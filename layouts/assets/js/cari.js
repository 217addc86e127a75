// cari.js: the search page (/cari/). Reads the manifest inlined in the
// page, fetches only the index shards of the query's words and the record
// blocks of the results shown, ranks (BM25-style, see package search's
// documentation for the file format and the formula) and keeps the query
// in the URL (?q=…&bagian=…&tahun=…&opd=…&tag=…). Loaded on this page only.
(function () {
  "use strict";
  var el = function (id) { return document.getElementById(id); };
  var dataEl = el("cari-data"), form = el("cari-form"), input = el("cari-q"), status = el("cari-status"),
    alt = el("cari-lain"), list = el("cari-daftar"), more = el("cari-lagi"), box = el("cari-hasil");
  var S = window.wartaStem;
  if (!dataEl || !form || !input || !status || !list) return;
  var M;
  try { M = JSON.parse(dataEl.textContent); } catch (e) { return; }
  var filters = { bagian: el("cari-bagian"), tahun: el("cari-tahun"), opd: el("cari-opd"), tag: el("cari-tag") };
  var agencies = {}; // key → title, from the agency filter's options
  if (filters.opd) [].forEach.call(filters.opd.options, function (o) { if (o.value) agencies[o.value] = o.textContent; });
  var PAGE = 10, MAX_WORDS = 12, W = [1, 1.5, 2.5, 2.8];
  var MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];
  // Links: the page lives at <root>/cari/; a build with relative URLs
  // (opened as .../cari/index.html) spells index.html in its links.
  var spell = /\/index\.html$/.test(location.pathname);
  var link = function (u) { return "../" + u + (spell && /\/$/.test(u) ? "index.html" : ""); };

  function say(text, showAlt) {
    status.textContent = text;
    if (alt) alt.hidden = !showAlt;
  }
  if (!S || !window.fetch || !window.DecompressionStream || !window.URLSearchParams || !window.TextDecoder) {
    say("Peramban ini tidak dapat menjalankan pencarian di halaman ini.", true);
    return;
  }

  // ---- index files
  var dirs = {}, shards = {}, parts = {}, blocks = {};
  function get(url, kind) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return kind === "json" ? r.json() : new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
    });
  }
  function cached(store, key, load) {
    if (!store[key]) store[key] = load().catch(function (e) { delete store[key]; throw e; });
    return store[key];
  }
  function lastAtMost(keys, term) { // the last entry whose first term is <= term
    var lo = 0, hi = keys.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (keys[mid] <= term) lo = mid; else hi = mid - 1; }
    return lo;
  }
  // the shard that holds term: its directory first, named in the manifest.
  function loadShard(term) {
    var h = M.h[lastAtMost(M.k, term)];
    return cached(dirs, h, function () { return get("i/" + h + ".json", "json"); }).then(function (d) {
      var sh = d.h[lastAtMost(d.k, term)];
      return cached(shards, sh, function () { return get("i/" + sh + ".bin").then(parseShard); });
    });
  }
  function parseShard(buf) {
    var u = new Uint8Array(buf), pos = 0, dec = new TextDecoder();
    var rv = function () { var x = 0, s = 1, b; do { b = u[pos++]; x += (b & 127) * s; s *= 128; } while (b & 128 && pos < u.length); return x; };
    var n = rv(), terms = [], prev = new Uint8Array(0), df = [], len = [], kind = [], off = [];
    for (var i = 0; i < n; i++) {
      var shared = rv(), sl = rv(), t = new Uint8Array(shared + sl);
      t.set(prev.subarray(0, shared)); t.set(u.subarray(pos, pos + sl), shared); pos += sl;
      terms.push(dec.decode(t)); prev = t;
    }
    for (i = 0; i < n; i++) { df.push(rv()); var l = rv(); len.push(Math.floor(l / 4)); kind.push(l & 3); }
    for (i = 0; i < n; i++) { off.push(pos); pos += len[i]; }
    return { u: u, terms: terms, df: df, len: len, kind: kind, off: off };
  }
  function find(sh, term) {
    var lo = 0, hi = sh.terms.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (sh.terms[mid] < term) lo = mid + 1; else hi = mid; }
    return lo;
  }
  // decode reads postings (a list, or a bitmap and the list of its
  // weighted documents) from u[pos:end]: ids ascending and their weights.
  function decode(u, pos, end, bitmap) {
    var ids = [], ws = [];
    var rv = function () { var x = 0, s = 1, b; do { b = u[pos++]; x += (b & 127) * s; s *= 128; } while (b & 128 && pos < end); return x; };
    var readList = function (f) { var id = -1; while (pos < end) { var v = rv(); id += Math.floor(v / 4) + 1; f(id, v & 3); } };
    if (!bitmap) {
      readList(function (id, w) { ids.push(id); ws.push(w); });
      return { ids: ids, ws: ws };
    }
    var nb = rv(), start = pos;
    for (var b = 0; b < nb; b++) {
      var byte = u[start + b];
      for (var k = 0; byte; k++, byte >>= 1) if (byte & 1) { ids.push(b * 8 + k); ws.push(0); }
    }
    pos = start + nb;
    var j = 0;
    readList(function (id, w) { while (j < ids.length && ids[j] < id) j++; if (ids[j] === id) ws[j] = w; });
    return { ids: ids, ws: ws };
  }
  // postings of term i of a shard (a list or a bitmap, not parts).
  function postings(sh, i) { return decode(sh.u, sh.off[i], sh.off[i] + sh.len[i], sh.kind[i] === 1); }
  // partsOf reads the table of parts of term i: per part its number of
  // documents, highest weight and file (hash).
  function partsOf(sh, i) {
    var u = sh.u, pos = sh.off[i], out = [];
    var rv = function () { var x = 0, s = 1, b; do { b = u[pos++]; x += (b & 127) * s; s *= 128; } while (b & 128 && pos < u.length); return x; };
    for (var r = 0, cnt = rv(); r < cnt; r++) {
      var v = rv(), p = { df: Math.floor(v / 4), w: v & 3, h: "" };
      if (p.df) { for (var k = 0; k < 6; k++) p.h += (u[pos + k] < 16 ? "0" : "") + u[pos + k].toString(16); pos += 6; }
      out.push(p);
    }
    return out;
  }
  function loadPart(h) {
    return cached(parts, h, function () {
      return get("i/" + h + ".bin").then(function (buf) { var u = new Uint8Array(buf); return decode(u, 1, u.length, u[0] === 1); });
    });
  }
  function loadBlock(b) {
    var g = Math.floor(b / M.g);
    return cached(blocks, b, function () { return get("d/" + M.r[g] + "-" + b + ".json", "json"); });
  }
  function record(id) {
    return loadBlock(Math.floor(id / M.b)).then(function (bl) { return bl[id % M.b]; });
  }

  // ---- queries
  function analyse(q) {
    var toks = S.tokens(q), groups = [], seen = {}, stopped = 0;
    for (var i = 0; i < toks.length && groups.length < MAX_WORDS; i++) {
      var t = toks[i];
      if (S.stop(t)) { stopped++; continue; }
      var st = S.word(t);
      if (!st || seen[st]) continue;
      seen[st] = 1;
      groups.push({ tok: t, stem: st });
    }
    // The word being typed may be unfinished: also match terms it begins.
    if (groups.length && !/[\s.,;!?]$/.test(q) && groups[groups.length - 1].tok === toks[toks.length - 1]) groups[groups.length - 1].prefix = true;
    return { groups: groups, stopped: stopped, words: toks.length };
  }
  function state() {
    var s = { q: input.value };
    for (var k in filters) s[k] = filters[k] ? filters[k].value : "";
    return s;
  }
  function hasFilter(s) { return !!(s.bagian || s.tahun || s.opd || s.tag); }

  // candidate filter: null for every document, else a Uint8Array mask.
  function filterMask(s) {
    var n = M.n, terms = [];
    if (s.opd) terms.push("@" + s.opd);
    if (s.tag) terms.push("#" + s.tag);
    if (s.bagian) terms.push("!inovasi");
    return Promise.all(terms.map(function (t) { return loadShard(t).then(function (sh) { var i = find(sh, t); return sh.terms[i] === t ? postings(sh, i).ids : []; }); }))
      .then(function (sets) {
        if (!hasFilter(s)) return null;
        var mask = new Uint8Array(n).fill(1);
        var keep = function (ids, inside) {
          var m = new Uint8Array(n); ids.forEach(function (id) { m[id] = 1; });
          for (var i = 0; i < n; i++) if (m[i] !== inside) mask[i] = 0;
        };
        var k = 0;
        if (s.opd) keep(sets[k++], 1);
        if (s.tag) keep(sets[k++], 1);
        if (s.bagian) keep(sets[k++], s.bagian === "inovasi" ? 1 : 0);
        if (s.tahun) {
          var lo = n, hi = n;
          for (var i = 0; i < M.y.length; i++) if (String(M.y[i][0]) === s.tahun) { lo = M.y[i][1]; hi = i + 1 < M.y.length ? M.y[i + 1][1] : n; }
          for (i = 0; i < n; i++) if (i < lo || i >= hi) mask[i] = 0;
        }
        return mask;
      });
  }

  // rank returns the query's analysis and need(k), which gives the best k
  // results in order (ids), their count (total) and whether that count is
  // exact. Words cut into parts are fetched part by part, highest bound
  // first, until no part not fetched could hold a document that beats the
  // k-th best found (see package search's documentation).
  function rank(s) {
    var a = analyse(s.q), n = M.n;
    var shs = a.groups.map(function (g) { return loadShard(g.stem); });
    return Promise.all([filterMask(s)].concat(shs)).then(function (res) {
      var mask = res[0];
      if (!a.groups.length) {
        var ids = [];
        if (mask) for (var i = n - 1; i >= 0; i--) if (mask[i]) ids.push(i);
        return { a: a, need: function () { return Promise.resolve({ ids: ids, total: ids.length, exact: true }); } };
      }
      var idfOf = function (df) { return Math.log(1 + (n - df + 0.5) / (df + 0.5)); };
      var groups = a.groups.map(function (g, gi) {
        var sh = res[gi + 1], i = find(sh, g.stem), cand = [], exact = sh.terms[i] === g.stem;
        if (exact) cand.push(i);
        if (g.prefix && g.tok.length >= 3) {
          var pre = [];
          for (var j = find(sh, g.stem); j < sh.terms.length && sh.terms[j].indexOf(g.stem) === 0; j++) if (j !== i || !exact) pre.push(j);
          pre.sort(function (x, y) { return sh.df[y] - sh.df[x]; });
          cand = cand.concat(pre.slice(0, 8));
        }
        return cand.map(function (ti) {
          var idf = idfOf(sh.df[ti]), scale = 1;
          // A completion of the word being typed counts less than the
          // word itself, and never more: when the word is a term, its
          // completions ("mudah" for "muda") take its idf.
          if (sh.terms[ti] !== g.stem) { scale = exact ? 0.3 : 0.8; if (exact) idf = idfOf(sh.df[i]); }
          var c = { f: idf * scale, df: sh.df[ti], got: [] };
          if (sh.kind[ti] === 2) c.parts = partsOf(sh, ti);
          else { var p = postings(sh, ti); c.got[0] = { ids: p.ids, ws: p.ws, base: 0 }; }
          return c;
        });
      });
      return { a: a, need: ranker(groups, mask, n) };
    });
  }

  function ranker(groups, mask, n) {
    var span = M.p || n || 1, R = Math.max(1, Math.ceil(n / span)), ng = groups.length, round = 0;
    var pending = function (c, r) { return c.parts && r < c.parts.length && c.parts[r].df > 0 && !c.got[r]; };
    return function need(k) {
      // each group's best value per document, from what is fetched
      var vals = groups.map(function (cands) {
        var v = new Float64Array(n);
        cands.forEach(function (c) {
          c.got.forEach(function (p) {
            for (var j = 0; j < p.ids.length; j++) {
              var id = p.base + p.ids[j];
              if (id >= n || (mask && !mask[id])) continue;
              var x = c.f * W[p.ws[j]];
              if (x > v[id]) v[id] = x;
            }
          });
        });
        return v;
      });
      // each group's bound in each range from the parts not fetched
      var bound = groups.map(function (cands) {
        var b = new Float64Array(R);
        cands.forEach(function (c) { for (var r = 0; r < R; r++) if (pending(c, r)) b[r] = Math.max(b[r], c.f * W[c.parts[r].w]); });
        return b;
      });
      var scored = [], ub = new Float64Array(R).fill(-1), total = 0, exact = true;
      for (var r = 0; r < R; r++) {
        var complete = true, cnt = 0, most = 0;
        for (var g = 0; g < ng; g++) if (bound[g][r] > 0) complete = false;
        for (var id = r * span, hi = Math.min(n, id + span); id < hi; id++) {
          if (mask && !mask[id]) continue;
          var t = 0, m = 0, u = 0, mu = 0;
          for (g = 0; g < ng; g++) {
            var x = vals[g][id], y = Math.max(x, bound[g][r]);
            if (x > 0) { t += x; m++; }
            if (y > 0) { u += y; mu++; }
          }
          if (m) cnt++;
          var rec = 1 + 0.15 * id / n, c;
          if (complete) { if (m) { c = m / ng; scored.push([t * c * c * rec, id]); } }
          else if (mu) { c = mu / ng; ub[r] = Math.max(ub[r], u * c * c * rec); }
        }
        if (ub[r] >= 0) {
          exact = false;
          if (!mask) groups.forEach(function (cands) { cands.forEach(function (c) { if (pending(c, r)) most = Math.max(most, c.parts[r].df); }); });
        }
        total += Math.max(cnt, most);
      }
      // Without filters, a word's documents all match: one word's count
      // is exact, and the largest is a lower bound.
      var single = false;
      if (!mask && !exact) {
        groups.forEach(function (cands) { cands.forEach(function (c) { total = Math.max(total, c.df); }); });
        single = ng === 1 && groups[0].length === 1;
      }
      scored.sort(function (x, y) { return y[0] - x[0] || y[1] - x[1]; });
      var theta = scored.length >= k ? scored[k - 1][0] : -Infinity, want = [];
      for (r = 0; r < R; r++) if (ub[r] >= 0 && !(ub[r] < theta)) want.push(r);
      if (!want.length) return Promise.resolve({ ids: scored.slice(0, k).map(function (x) { return x[1]; }), total: exact ? scored.length : total, exact: exact || single });
      // The first round fetches the part with the highest bound (and the
      // next while they hold few documents); later rounds every part
      // whose bound still reaches the k-th score, so a need takes at most
      // two rounds more than the one before it.
      want.sort(function (x, y) { return ub[y] - ub[x] || y - x; });
      var take = [], docs = 0;
      for (var i = 0; i < want.length && (round > 0 || docs < span / 4); i++) {
        take.push(want[i]);
        docs += Math.min(n, (want[i] + 1) * span) - want[i] * span;
      }
      round++;
      var loads = [];
      take.forEach(function (r) {
        groups.forEach(function (cands) {
          cands.forEach(function (c) {
            if (pending(c, r)) loads.push(loadPart(c.parts[r].h).then(function (p) { c.got[r] = { ids: p.ids, ws: p.ws, base: r * span }; }));
          });
        });
      });
      return Promise.all(loads).then(function () { return need(k); });
    };
  }

  // ---- showing results
  function mark(parent, text, a) {
    var re = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu, last = 0, m;
    var stems = {}, pre = [];
    a.groups.forEach(function (g) { stems[g.stem] = 1; if (g.prefix && g.tok.length >= 3) pre.push(g.stem); });
    while ((m = re.exec(text))) {
      var hit = S.terms(m[0]).some(function (st) { return stems[st] || pre.some(function (p) { return st.indexOf(p) === 0; }); });
      if (!hit) continue;
      parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mk = document.createElement("mark");
      mk.textContent = m[0];
      parent.appendChild(mk);
      last = m.index + m[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }
  function dateText(d) {
    var p = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d || "");
    return p ? +p[3] + " " + MONTHS[+p[2] - 1] + " " + p[1] : "";
  }
  function item(r, a) {
    var li = document.createElement("li");
    if (r[7]) {
      var img = document.createElement("img");
      img.src = "../" + r[7]; img.alt = ""; img.width = 96; img.height = 64; img.loading = "lazy"; img.decoding = "async";
      li.appendChild(img);
    }
    var div = document.createElement("div"), h = document.createElement("a");
    h.href = link(r[1]);
    h.textContent = r[0];
    div.appendChild(h);
    var meta = document.createElement("p");
    meta.className = "search-meta";
    meta.textContent = [r[3] === "inovasi" ? "Inovasi" : "Berita", dateText(r[2]), agencies[r[4]] || ""].filter(Boolean).join(" · ");
    div.appendChild(meta);
    if (r[6]) { var ex = document.createElement("p"); mark(ex, r[6], a); div.appendChild(ex); }
    li.appendChild(div);
    return li;
  }

  var seq = 0, current = null, shown = 0;
  function describe(s) {
    var parts = [];
    if (s.bagian) parts.push(s.bagian === "inovasi" ? "inovasi" : "berita");
    if (s.tahun) parts.push("tahun " + s.tahun);
    if (s.opd) parts.push(agencies[s.opd] || s.opd);
    if (s.tag) parts.push("tag " + (filters.tag && filters.tag.selectedOptions[0] && filters.tag.value === s.tag ? filters.tag.selectedOptions[0].textContent : s.tag));
    return parts.length ? " (" + parts.join(", ") + ")" : "";
  }
  // showMore shows the next page of results: from got, the first need's
  // answer, or from a need of one more than it shows (to know whether
  // there are more).
  function showMore(focus, got) {
    var my = seq;
    more.disabled = true;
    return (got ? Promise.resolve(got) : current.need(shown + PAGE + 1)).then(function (r) {
      if (my !== seq) return;
      var ids = r.ids.slice(shown, shown + PAGE);
      return Promise.all(ids.map(record)).then(function (recs) {
        if (my !== seq) return;
        var first = null, frag = document.createDocumentFragment(); // one layout for the whole page of results
        recs.forEach(function (r) { if (!r) return; var li = item(r, current.a); frag.appendChild(li); first = first || li; });
        list.appendChild(frag);
        shown += ids.length;
        more.hidden = shown >= r.ids.length;
        more.disabled = false;
        if (focus && first) first.querySelector("a").focus();
      });
    });
  }
  function sync(s) {
    var p = new URLSearchParams();
    if (s.q.trim()) p.set("q", s.q.trim());
    for (var k in filters) if (s[k]) p.set(k, s[k]);
    var qs = p.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
  }
  function search() {
    var s = state(), my = ++seq;
    sync(s);
    if (!s.q.trim() && !hasFilter(s)) {
      list.textContent = ""; more.hidden = true;
      say("Ketik kata kunci untuk mencari berita dan profil inovasi.", false);
      return;
    }
    box.setAttribute("aria-busy", "true");
    rank(s).then(function (res) {
      if (my !== seq) return;
      if (s.q.trim() && !res.a.groups.length) return { res: res };
      return res.need(PAGE + 1).then(function (r) { return { res: res, r: r }; });
    }).then(function (o) {
      if (!o || my !== seq) return;
      var res = o.res, r = o.r;
      current = res; shown = 0;
      list.textContent = "";
      var q = s.q.trim().slice(0, 80) + (s.q.trim().length > 80 ? "…" : "");
      if (!r) {
        say(res.a.words ? "Kata yang Anda ketik terlalu umum untuk dicari. Tambahkan kata yang lebih khas, misalnya nama program, tempat atau perangkat daerah." : "Kata kunci itu tidak berisi huruf atau angka yang bisa dicari.", false);
        more.hidden = true;
        return;
      }
      if (!r.ids.length) {
        say("Tidak ada hasil" + (q ? " untuk “" + q + "”" : "") + describe(s) + "." + (hasFilter(s) ? " Coba hapus saringan." : " Coba kata lain atau ejaan lain."), false);
        more.hidden = true;
        if (hasFilter(s)) offerReset();
        return;
      }
      say((r.exact ? r.total : "Sedikitnya " + r.total) + " hasil" + (q ? " untuk “" + q + "”" : "") + describe(s) + ".", false);
      return showMore(false, r);
    }).catch(function () {
      if (my !== seq) return;
      list.textContent = ""; more.hidden = true;
      say("Indeks pencarian tidak dapat dimuat" + (location.protocol === "file:" ? " dari berkas di disk; buka situs lewat server web" : "; coba lagi nanti") + ".", true);
    }).then(function () { if (my === seq) box.removeAttribute("aria-busy"); });
  }
  function offerReset() {
    var b = document.createElement("button");
    b.type = "button"; b.className = "search-more"; b.textContent = "Hapus saringan";
    b.addEventListener("click", function () {
      for (var k in filters) if (filters[k]) filters[k].value = "";
      search();
      input.focus();
    });
    var li = document.createElement("li");
    li.appendChild(b);
    list.appendChild(li);
  }

  // ---- wiring
  var params = new URLSearchParams(location.search);
  input.value = (params.get("q") || "").slice(0, 500);
  for (var k in filters) {
    var f = filters[k], v = params.get(k);
    if (!f || !v) continue;
    if (![].some.call(f.options, function (o) { return o.value === v; })) { // a tag beyond the list: keep it selectable
      var o = document.createElement("option"); o.value = v; o.textContent = v; f.appendChild(o);
    }
    f.value = v;
  }
  var timer = 0;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 250); });
  form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); search(); });
  for (k in filters) if (filters[k]) filters[k].addEventListener("change", search);
  more.addEventListener("click", function () {
    var my = seq;
    showMore(true).catch(function () {
      if (my !== seq) return;
      more.disabled = false;
      say("Hasil berikutnya tidak dapat dimuat; coba lagi nanti.", false);
    });
  });
  search();
})();

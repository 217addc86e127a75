// katalog.js: filters the innovation catalog in place by several facets at
// once and keeps the filter in the URL query (?tahapan=penerapan&jenis=digital)
// so it can be shared. Values of one facet widen (any of them), different
// facets narrow (all of them); each value's count says how many profiles
// ticking it would show. On a facet page (/inovasi/tahapan/penerapan/) the
// page's own value starts ticked. Without this script, every facet link
// opens a static page, and the filter panel is a plain disclosure.
(function () {
  "use strict";
  // Phones: the panel starts folded so the results come first; wide
  // screens, where it sits beside them, open it.
  var panel = document.querySelector(".facets-panel");
  var wide = window.matchMedia && window.matchMedia("(min-width: 64em)");
  if (panel && wide) {
    var unfold = function () { if (wide.matches) panel.open = true; };
    unfold();
    if (wide.addEventListener) wide.addEventListener("change", unfold);
  }

  var box = document.getElementById("katalog-hasil");
  var facets = document.querySelector(".facets");
  if (!box || !facets || !window.fetch || !window.URLSearchParams) return;
  var status = document.getElementById("katalog-status");
  var chosen = document.getElementById("saring-pilihan");
  var pager = document.querySelector(".catalog-main .pager");
  var base = box.getAttribute("data-catalog").replace(/katalog\.json$/, "");
  var links = Array.prototype.slice.call(facets.querySelectorAll("a[data-facet]"));
  var here = facets.querySelector('a[data-facet][aria-current="page"]');
  // What the server rendered, to put back when no filter is left.
  var original = { nodes: Array.prototype.slice.call(box.childNodes), status: status.textContent, chosen: chosen ? chosen.textContent : "" };
  var names = {};
  links.forEach(function (a) { names[a.dataset.facet] = true; });
  var data = null, sel = {};

  // slug is the site's slug of a vocabulary key: "uji_coba" → "uji-coba".
  var slug = function (s) { return String(s).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, ""); };
  var keysOf = function (r) {
    return {
      tahapan: [slug(r.stage)], jenis: [r.digital ? "digital" : "non-digital"], bentuk: [slug(r.form)],
      urusan: [slug(r.affairs_primary)].concat((r.affairs_related || []).map(slug)),
      tahun: r.year ? [String(r.year)] : [], opd: [r.agency_key]
    };
  };
  var num = function (n) { return n.toLocaleString("id-ID"); };

  function fromURL() {
    var q = new URLSearchParams(location.search), s = {}, any = false;
    q.forEach(function (v, k) {
      if (!names[k]) return;
      (s[k] = s[k] || []).push(v);
      any = true;
    });
    if (!any && here) s[here.dataset.facet] = [here.dataset.value];
    return s;
  }
  function toURL() {
    var q = new URLSearchParams(location.search);
    Object.keys(names).forEach(function (f) { q.delete(f); });
    Object.keys(sel).forEach(function (f) { sel[f].forEach(function (v) { q.append(f, v); }); });
    var s = q.toString();
    history.replaceState(null, "", base + (s ? "?" + s : ""));
  }
  // matches reports whether record keys k pass every selected facet but
  // skip (a value's count ignores its own facet: values in it widen).
  function matches(k, skip) {
    return Object.keys(sel).every(function (f) {
      return f === skip || (k[f] || []).some(function (v) { return sel[f].indexOf(v) >= 0; });
    });
  }
  function card(r) {
    var art = document.createElement("article");
    art.className = "card";
    var body = document.createElement("div");
    body.className = "card-body";
    var cat = document.createElement("p");
    cat.className = "card-cat";
    cat.textContent = "Inovasi";
    var h = document.createElement("h2");
    h.className = "card-title";
    var a = document.createElement("a");
    a.href = r.url.replace(/^https?:\/\/[^/]+/, "");
    a.textContent = r.title;
    h.appendChild(a);
    var meta = document.createElement("p");
    meta.className = "card-meta";
    meta.textContent = r.stage_label + " · " + (r.digital ? "Digital" : "Non Digital") + " · " + r.agency;
    var lead = document.createElement("p");
    lead.className = "card-lead";
    lead.textContent = r.summary;
    body.appendChild(cat); body.appendChild(h); body.appendChild(meta); body.appendChild(lead);
    art.appendChild(body);
    return art;
  }
  function apply() {
    var active = Object.keys(sel), labels = [];
    var keyed = data.items.map(function (r) { return { r: r, k: keysOf(r) }; });
    links.forEach(function (a) {
      var f = a.dataset.facet, v = a.dataset.value;
      var on = (sel[f] || []).indexOf(v) >= 0;
      a.setAttribute("aria-checked", on ? "true" : "false");
      if (on) labels.push(a.firstChild.textContent.trim());
      var n = 0;
      keyed.forEach(function (x) { if ((x.k[f] || []).indexOf(v) >= 0 && matches(x.k, f)) n++; });
      var c = a.querySelector(".count");
      if (c) c.textContent = "(" + num(n) + ")";
      a.classList.toggle("is-empty", n === 0 && !on);
    });
    if (chosen) chosen.textContent = labels.join(", ");
    if (!active.length && !here) {
      // Back to the page as the server made it.
      box.textContent = "";
      original.nodes.forEach(function (n) { box.appendChild(n); });
      status.textContent = original.status;
      if (pager) pager.hidden = false;
      return;
    }
    var hits = keyed.filter(function (x) { return matches(x.k, null); });
    box.textContent = "";
    hits.forEach(function (x) { box.appendChild(card(x.r)); });
    if (pager) pager.hidden = true;
    status.textContent = active.length ? num(hits.length) + " inovasi sesuai saringan" : num(hits.length) + " inovasi";
  }
  function toggle(a) {
    var f = a.dataset.facet, v = a.dataset.value, vals = (sel[f] || []).slice(), i = vals.indexOf(v);
    if (i >= 0) vals.splice(i, 1); else vals.push(v);
    if (vals.length) sel[f] = vals; else delete sel[f];
    toURL();
    apply();
  }
  // Once the data is here, facet links become checkboxes. Until then, or if
  // the data cannot load (a site opened from disk), they open the static
  // facet pages.
  function enhance() {
    sel = fromURL();
    links.forEach(function (a) {
      a.setAttribute("role", "checkbox");
      a.removeAttribute("aria-current"); // the ticked state says it now
      a.addEventListener("click", function (e) { e.preventDefault(); toggle(a); });
      a.addEventListener("keydown", function (e) {
        if (e.key === " " || e.key === "Spacebar") { e.preventDefault(); toggle(a); }
      });
    });
    var reset = facets.querySelector(".facet-reset a");
    if (reset) reset.addEventListener("click", function (e) {
      e.preventDefault();
      sel = {};
      here = null; // the facet page's own value is a choice like any other now
      toURL();
      apply();
    });
    apply();
  }
  fetch(box.getAttribute("data-catalog")).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (d) {
    data = d;
    enhance();
  }).catch(function () {});
})();

// katalog.js: filters the innovation catalog in place by several facets at
// once and keeps the filter in the URL query (?tahapan=penerapan&jenis=digital)
// so it can be shared. Without it, every facet link opens a static page.
(function () {
  "use strict";
  var box = document.getElementById("katalog-hasil");
  var facets = document.querySelector(".facets");
  if (!box || !facets || !window.fetch || !window.URLSearchParams) return;
  var status = document.getElementById("katalog-status");
  var pager = document.querySelector(".catalog-main .pager");
  var base = box.getAttribute("data-catalog").replace(/katalog\.json$/, "");
  var data = null;
  var slug = function (s) { return String(s).toLowerCase().replace(/_/g, "-"); };
  var keysOf = function (r) {
    return {
      tahapan: [slug(r.stage)], jenis: [r.digital ? "digital" : "non-digital"], bentuk: [slug(r.form)],
      urusan: [slug(r.affairs_primary)].concat(r.affairs_related.map(slug)), tahun: [String(r.year)], opd: [r.agency_key]
    };
  };
  var selected = function () {
    var q = new URLSearchParams(location.search), sel = {};
    q.forEach(function (v, k) { (sel[k] = sel[k] || []).push(v); });
    return sel;
  };
  // Turn facet links into toggles once the data is here: same values in
  // one facet widen (OR), different facets narrow (AND). Until then, or if
  // the data cannot load (a site opened from disk), the links open the
  // static facet pages.
  function enhance() { facets.querySelectorAll("a[data-facet]").forEach(function (a) {
    a.setAttribute("role", "checkbox");
    a.addEventListener("click", function (e) {
      e.preventDefault();
      var q = new URLSearchParams(location.search), f = a.dataset.facet, v = a.dataset.value;
      var vals = q.getAll(f), i = vals.indexOf(v);
      q.delete(f);
      if (i >= 0) vals.splice(i, 1); else vals.push(v);
      vals.forEach(function (x) { q.append(f, x); });
      var s = q.toString();
      history.replaceState(null, "", base + (s ? "?" + s : ""));
      apply();
    });
  }); }
  function card(r) {
    var art = document.createElement("article");
    art.className = "card";
    var body = document.createElement("div");
    body.className = "card-body";
    var h = document.createElement("h3");
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
    body.appendChild(h); body.appendChild(meta); body.appendChild(lead);
    art.appendChild(body);
    return art;
  }
  function apply() {
    var sel = selected(), names = Object.keys(sel);
    facets.querySelectorAll("a[data-facet]").forEach(function (a) {
      var on = (sel[a.dataset.facet] || []).indexOf(a.dataset.value) >= 0;
      a.setAttribute("aria-checked", on ? "true" : "false");
    });
    if (!names.length || !data) return;
    var hits = data.items.filter(function (r) {
      var k = keysOf(r);
      return names.every(function (f) {
        return (k[f] || []).some(function (v) { return sel[f].indexOf(v) >= 0; });
      });
    });
    box.textContent = "";
    hits.forEach(function (r) { box.appendChild(card(r)); });
    if (pager) pager.hidden = true;
    status.textContent = hits.length + " inovasi sesuai saringan";
  }
  fetch(box.getAttribute("data-catalog")).then(function (r) { return r.json(); }).then(function (d) {
    data = d;
    enhance();
    apply();
  }).catch(function () {});
})();

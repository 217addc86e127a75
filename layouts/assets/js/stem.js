// stem.js: Indonesian search terms, the same as warta's Go package
// internal/stem (a Go test runs both over every test word and compares).
// Published as /js/stem.js; a classic script that sets one global:
//
//   wartaStem.tokens(text) → ["anak-anak", "sekolah", ...]  lower-case, folded
//   wartaStem.word(token)  → "latih" for "pelatihan"        the stem
//   wartaStem.stop(token)  → true for "yang"                 a stopword
//   wartaStem.terms(text)  → tokens, stopwords dropped, stemmed: what the
//                            index holds; call this on the query.
//
// The stemmer is Tala's algorithm (the one Snowball's Indonesian stemmer
// implements); see internal/stem for the rules and the departures.
(function (root) {
  "use strict";
  function set(s) {
    var o = Object.create(null);
    s.split(" ").forEach(function (w) { o[w] = true; });
    return o;
  }
  var STOP = set("ada adalah agar akan aku anda antara apa apabila atau bagi bahwa beberapa belum bila " +
    "bisa dalam dan dapat dari demikian dengan di dia hanya harus hingga ia ini itu jadi jika juga kah " +
    "kalau kami kamu karena ke kepada ketika kita lagi lah maka masih mereka namun nya oleh pada para " +
    "pula pun saat saja sangat saya se sebagai sebelum sedang sehingga sejak selain seperti serta " +
    "setelah sudah tapi telah tentang tersebut tetapi untuk yaitu yakni yang yg dgn dll dsb");
  var KEEP = set("bapelitbangda bappeda bapenda bappenas bpbd bpkad disbudpar disdik disdikbud " +
    "disdukcapil dishub diskominfo diskominfotik diskop diskoperindag disnaker disnakertrans dispar " +
    "disparbud dispenda dispendukcapil disperindag disperkim dispertan dispora distan kejari kejati " +
    "kemenag kemendag kemendagri kemendikbud kemendikbudristek kemenhub kemenkes kemenkeu " +
    "kemenkominfo kemenkumham kemenlu kemenpan kemenparekraf kemenperin kemenpora kemensos kementan " +
    "kesbangpol pelindo pertamina perumda " +
    "asahan bukittinggi indragiri kalimantan kebumen kediri kendari kerinci kuningan meulaboh merangin " +
    "merauke mesuji pangandaran pariaman pasaman pekalongan pekanbaru pelalawan pemalang pesawaran " +
    "pesisir sukabumi ternate dumai");
  var DI = 1, PER = 2, KE = 3, BER = 4; // prefix kinds (Tala, table 2.7)
  var MARK = /\p{Mn}/u, WORDCHAR = /[\p{L}\p{N}]/u, LETTERS = /^[a-z]+$/;

  function vowel(w, i) { return "aeiou".indexOf(w.charAt(i)) >= 0 && i < w.length; }
  function ends(w, s) { return w.length > s.length && w.slice(-s.length) === s; }

  // [rest, kind] after a first-order prefix (Tala, table 2.5), or null.
  function first(w) {
    if (w.length < 3) return null;
    var two = w.slice(0, 2);
    if (two === "di") return [w.slice(2), DI];
    if (two === "ke") return [w.slice(2), KE];
    if (w.slice(0, 3) === "ter") return [w.slice(3), DI];
    if (two !== "me" && two !== "pe") return null;
    var kind = w.charAt(0) === "p" ? KE : DI, r = w.slice(2);
    if (r.length > 2 && r.slice(0, 2) === "ng") return [r.slice(2), kind];
    if (r.length > 2 && r.slice(0, 2) === "ny" && vowel(r, 2)) return ["s" + r.slice(2), kind];
    if (r.charAt(0) === "n") return [r.slice(1), kind];
    if (r.charAt(0) === "m" && vowel(r, 1)) return ["p" + r.slice(1), kind];
    if (r.charAt(0) === "m") return [r.slice(1), kind];
    if (w.charAt(0) === "m") return [r, kind];
    return null;
  }

  // [rest, kind] after a second-order prefix (Tala, table 2.6), or null.
  function second(w) {
    if (w.length < 3) return null;
    var two = w.slice(0, 2), kind = w.charAt(0) === "p" ? PER : BER, r = w.slice(2);
    if (two !== "be" && two !== "pe") return null;
    if (r.charAt(0) === "r") return [r.slice(1), kind];
    if (r.slice(0, 5) === "lajar") return [r.slice(1), kind];
    if (kind === PER) return [r, kind];
    if (r.length >= 3 && !vowel(r, 0) && r.slice(1, 3) === "er") return [r, kind];
    return null;
  }

  // w without its derivational suffix (Tala, table 2.7), or null.
  function suffix(w, kind) {
    var n = w.length;
    if (n > 3 && ends(w, "kan") && kind !== KE && kind !== PER) return w.slice(0, -3);
    if (n > 2 && ends(w, "an") && kind !== DI) return w.slice(0, -2);
    if (n > 1 && w.charAt(n - 1) === "i" && kind !== BER && kind !== KE && w.charAt(n - 2) !== "s") return w.slice(0, -1);
    return null;
  }

  function tala(w) {
    var m = 0, i, r, s;
    for (i = 0; i < w.length; i++) if (vowel(w, i)) m++;
    if (m <= 2) return w;
    for (i = 0, r = ["kah", "lah", "pun"]; i < 3; i++) if (ends(w, r[i])) { w = w.slice(0, -3); if (--m <= 2) return w; break; }
    for (i = 0, r = ["ku", "mu", "nya"]; i < 3; i++) if (ends(w, r[i])) { w = w.slice(0, -r[i].length); if (--m <= 2) return w; break; }
    if ((r = first(w))) {
      var restored = w.charAt(2) === "m" && vowel(w, 3);
      w = r[0];
      if (--m <= 2 || (s = suffix(w, r[1])) === null) return w;
      w = s;
      if (--m <= 2) return w;
      if ((r = second(w)) && !restored) w = r[0];
      return w;
    }
    var kind = 0;
    if ((r = second(w))) { w = r[0]; kind = r[1]; if (--m <= 2) return w; }
    s = suffix(w, kind);
    return s === null ? w : s;
  }

  function len(s) { return Array.from(s).length; }

  function word(t) {
    t = String(t);
    var i = t.indexOf("-");
    if (i >= 0) return redupStem(t.slice(0, i), t.slice(i + 1));
    if (!LETTERS.test(t) || KEEP[t]) return t;
    return tala(t);
  }

  // The stem of the reduplication a-b: see redupStem in internal/stem.
  function redupStem(a, b) {
    var sa = word(a), sb = word(b), na = len(sa), nb = len(sb);
    var ina = a.indexOf(sa) >= 0 && b.indexOf(sa) >= 0, inb = a.indexOf(sb) >= 0 && b.indexOf(sb) >= 0;
    if (ina && inb) return nb > na ? sb : sa;
    if (ina) return sa;
    if (inb) return sb;
    return nb < na ? sb : sa;
  }

  // Whether a-b is a reduplicated word: see reduplication in internal/stem.
  function redup(a, b) {
    if (!LETTERS.test(a) || !LETTERS.test(b)) return false;
    if (a === b || b.slice(0, a.length) === a || (b.length < a.length && a.slice(-b.length) === b)) return true;
    for (var i = 0; i + 4 <= a.length; i++) if (b.indexOf(a.slice(i, i + 4)) >= 0) return true;
    return word(a) === word(b);
  }

  function tokens(text) {
    var out = [], cur = "", pending = "";
    function flush(hyphen) {
      var tok = cur;
      cur = "";
      if (pending && tok && redup(pending, tok)) { out.push(pending + "-" + tok); pending = ""; return; }
      if (pending) { out.push(pending); pending = ""; }
      if (!tok) return;
      if (hyphen) pending = tok; else out.push(tok);
    }
    for (var ch of String(text).normalize("NFKD")) {
      if (MARK.test(ch) || "'\u2019\u2018\u02bc`".indexOf(ch) >= 0) continue;
      if (WORDCHAR.test(ch)) cur += ch.toLowerCase();
      else if ((ch === "-" || ch === "\u2010") && cur && !pending) flush(true);
      else flush(false);
    }
    flush(false);
    return out;
  }

  function stop(t) { return STOP[t] === true; }

  function terms(text) {
    return tokens(text).filter(function (t) { return !stop(t); }).map(word);
  }

  root.wartaStem = { tokens: tokens, word: word, stop: stop, terms: terms };
})(typeof globalThis !== "undefined" ? globalThis : this);

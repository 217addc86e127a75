package search

import (
	"encoding/json"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/stem"
)

// Weight bits of a posting.
const (
	weightStrong = 1 // summary, tags, agency key, or three uses in the body
	weightTitle  = 2
)

// strongCount is how many uses in the body make a term strong, at least;
// in a body of more than strongCount × strongPer terms it takes one use
// per strongPer terms (a rough stand-in for BM25's length normalisation:
// a long text repeats more words).
const (
	strongCount = 3
	strongPer   = 200
)

type termW struct {
	term string
	w    uint8
}

// docTerms are a document's distinct terms with their weights.
type docTerms []termW

// analyzer turns documents into terms; one per worker (its memos are not
// shared).
type analyzer struct {
	// memo maps a whitespace-separated chunk of text ("Dinas,", "anak-anak")
	// to its terms: stem.Tokens breaks at every space, so the terms of a
	// text are those of its chunks in order, and most chunks repeat.
	memo map[string][]string
	acc  map[string]acc
}

type acc struct {
	n int
	w uint8
}

func newAnalyzer() *analyzer {
	return &analyzer{memo: map[string][]string{}, acc: map[string]acc{}}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// terms calls f with the terms of text, as stem.Terms gives them.
func (a *analyzer) terms(text string, f func(string)) {
	for i := 0; i < len(text); {
		for i < len(text) && isSpace(text[i]) {
			i++
		}
		j := i
		for j < len(text) && !isSpace(text[j]) {
			j++
		}
		if i == j {
			break
		}
		chunk := text[i:j]
		i = j
		ts, ok := a.memo[chunk]
		if !ok {
			ts = stem.Terms(chunk)
			a.memo[strings.Clone(chunk)] = ts
		}
		for _, t := range ts {
			f(t)
		}
	}
}

// doc analyses one page.
func (a *analyzer) doc(p *content.Page) (docTerms, error) {
	m := a.acc
	clear(m)
	add := func(w uint8, count bool) func(string) {
		return func(t string) {
			e := m[t]
			e.w |= w
			if count {
				e.n++
			}
			m[t] = e
		}
	}
	a.terms(p.Title, add(weightTitle, false))
	a.terms(p.Summary, add(weightStrong, false))
	for _, t := range p.Tags {
		a.terms(t, add(weightStrong, false))
	}
	if p.Agency != "" {
		a.terms(p.Agency, add(weightStrong, false))
	}
	body, err := p.Content()
	if err != nil {
		return nil, err
	}
	a.terms(htmlText(string(body)), add(0, true))
	if p.Kind == content.KindInnovation {
		for _, s := range slices.Concat([]string{p.Goals, p.Benefits, p.Results, p.LegalBasis, p.Initiator.Name}, p.Awards) {
			a.terms(s, add(0, true))
		}
	}
	total := 0
	for _, e := range m {
		total += e.n
	}
	strong := max(strongCount, total/strongPer)
	out := make(docTerms, 0, len(m)+len(p.Tags)+2)
	for t, e := range m {
		w := e.w
		if e.n >= strong {
			w |= weightStrong
		}
		out = append(out, termW{t, w})
	}
	// Filter terms: they cannot come from the tokenizer.
	if terms := p.Terms["tags"]; terms != nil {
		for _, t := range terms {
			out = append(out, termW{"#" + t.Slug, 0})
		}
	}
	if p.Agency != "" {
		out = append(out, termW{"@" + p.Agency, 0})
	}
	if p.Kind == content.KindInnovation {
		out = append(out, termW{"!inovasi", 0})
	}
	return out, nil
}

// htmlText is the text of an HTML fragment as the Markdown renderer
// writes it (well-formed, attribute values escaped): tags become spaces,
// character references are decoded.
func htmlText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		s = s[i+j+1:]
	}
	t := b.String()
	if strings.IndexByte(t, '&') >= 0 {
		t = html.UnescapeString(t)
	}
	return t
}

// record is a document's entry in a record block, a JSON array.
type record struct {
	Title, URL, Date, Section, Agency string
	Tags                              []string
	Excerpt, Image                    string
}

func (r record) MarshalJSON() ([]byte, error) {
	tags := r.Tags
	if tags == nil {
		tags = []string{}
	}
	return json.Marshal([]any{r.Title, r.URL, r.Date, r.Section, r.Agency, tags, r.Excerpt, r.Image})
}

func makeRecord(p *content.Page, date time.Time, thumb func(*content.Page) string) record {
	r := record{Title: p.Title, URL: strings.TrimPrefix(p.Path, "/"), Section: string(p.Kind), Agency: p.Agency, Excerpt: excerpt(p.Lead(), ExcerptLen)}
	if !date.IsZero() {
		r.Date = date.Format(time.DateOnly)
	}
	for _, t := range p.Terms["tags"] {
		r.Tags = append(r.Tags, t.Name)
	}
	if thumb != nil {
		if u := thumb(p); strings.HasPrefix(u, "/") {
			r.Image = strings.TrimPrefix(u, "/")
		}
	}
	return r
}

// excerpt cuts s at a word boundary to at most n characters, adding "…".
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut, runes := 0, 0
	for i := range s {
		if runes > n {
			break
		}
		runes++
		if s[i] == ' ' {
			cut = i
		}
	}
	if cut == 0 {
		r := []rune(s)
		return string(r[:n]) + "…"
	}
	return strings.TrimRight(s[:cut], ",;:") + "…"
}

package render

import (
	"bytes"
	"html/template"
	"strings"
)

var aliasTmpl = template.Must(template.New("alias").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.URL}}</title>
<link rel="canonical" href="{{.Abs}}"><meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{.URL}}"></head>
<body><p>Halaman ini telah dipindahkan ke <a href="{{.URL}}">{{.URL}}</a>.</p></body></html>
`))

// alias plans a redirect page at from pointing to the page at to.
func (p *planner) alias(from, to, origin string, line int) {
	name := strings.TrimPrefix(from, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	cfg := p.site.Config
	in := func() Inputs { return Inputs{Values: []string{"alias", to}} }
	p.add(job{name: name, origin: origin, line: line, inputs: in, run: func(b *bytes.Buffer) error {
		return aliasTmpl.Execute(b, map[string]string{"Lang": cfg.Language, "URL": cfg.RelURL(to), "Abs": cfg.AbsURL(to)})
	}})
}

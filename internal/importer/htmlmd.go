package importer

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// embedHosts are the iframe sources warta's sanitizer lets through when
// markdown.rawHTML is on (internal/markdown); an iframe from elsewhere
// would be dropped by the build, so the importer makes it a link.
var embedHosts = regexp.MustCompile(`^https://(www\.)?(youtube\.com|youtube-nocookie\.com|player\.vimeo\.com|www\.google\.com/maps)/`)

// newConverter is the HTML-to-Markdown converter: CommonMark with GFM
// tables and strikethrough; iframes, video and audio stay HTML blocks.
func newConverter() *converter.Converter {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(commonmark.WithHeadingStyle(commonmark.HeadingStyleATX)),
		table.NewTablePlugin(),
		strikethrough.NewStrikethroughPlugin(),
	))
	for _, tag := range []string{"iframe", "video", "audio"} {
		conv.Register.RendererFor(tag, converter.TagTypeBlock, base.RenderAsHTML, converter.PriorityEarly)
	}
	return conv
}

// htmlBody converts an HTML body to Markdown. Before conversion it
// resolves images through img, makes embeds warta cannot show into links,
// drops scripts and makes links to the old blog's own host site paths.
func (w *writer) htmlBody(p *post, b *bundle, src string) (string, error) {
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(src), body)
	if err != nil {
		return "", err
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	var embeds, scripts, dropped int
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type != html.ElementNode {
				c = next
				continue
			}
			switch c.DataAtom {
			case atom.Script, atom.Noscript:
				n.RemoveChild(c)
				scripts++
				c = next
				continue
			case atom.Object, atom.Embed:
				src := attr(c, "data")
				if src == "" {
					src = attr(c, "src")
				}
				if src == "" {
					for p := c.FirstChild; p != nil; p = p.NextSibling {
						if p.DataAtom == atom.Param && strings.EqualFold(attr(p, "name"), "movie") {
							src = attr(p, "value")
						}
					}
				}
				n.InsertBefore(embedNode(src, &embeds, &dropped), c)
				n.RemoveChild(c)
				c = next
				continue
			case atom.Iframe:
				n.InsertBefore(embedNode(attr(c, "src"), &embeds, &dropped), c)
				n.RemoveChild(c)
				c = next
				continue
			case atom.A:
				if attr(c, "href") == "" {
					// A named anchor such as Blogger's jump break <a name="more">:
					// keep what it holds, drop the empty link.
					for k := c.FirstChild; k != nil; {
						nk := k.NextSibling
						n.InsertBefore(detach(k), c)
						k = nk
					}
					n.RemoveChild(c)
					c = next
					continue
				}
				if img := onlyImage(c); img != nil && looksLikeImage(attr(c, "href")) {
					// Blogger's <a href="original"><img src="thumbnail"></a>:
					// the page shows the image; the original is fetched.
					n.InsertBefore(detach(img), c)
					n.RemoveChild(c)
					walk1(w, p, b, img)
					c = next
					continue
				}
				setAttr(c, "href", w.localLink(p, attr(c, "href")))
			case atom.Img:
				walk1(w, p, b, c)
			}
			walk(c)
			c = next
		}
	}
	walk(body)
	if scripts > 0 {
		w.t.note(p.src, p.line, "", "%q: %d script(s) removed from the body (a static page cannot run them safely)", p.title, scripts)
	}
	if embeds > 0 {
		w.rawHTML = append(w.rawHTML, p.title)
	}
	if dropped > 0 {
		w.t.note(p.src, p.line, "", "%q: %d embed(s) from a site warta's sanitizer does not allow became links", p.title, dropped)
	}
	md, err := w.conv.ConvertNode(body)
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(md)) + "\n", nil
}

// walk1 resolves one <img>.
func walk1(w *writer, p *post, b *bundle, img *html.Node) {
	src := attr(img, "src")
	if src == "" {
		return
	}
	setAttr(img, "src", w.image(p, b, src))
}

// embedNode is an allowed iframe for src, or a paragraph with a link to it.
func embedNode(src string, embeds, dropped *int) *html.Node {
	src = strings.TrimSpace(src)
	if strings.HasPrefix(src, "//") {
		src = "https:" + src
	}
	src = strings.Replace(src, "http://www.youtube.com/", "https://www.youtube.com/", 1)
	src = strings.Replace(src, "http://youtube.com/", "https://www.youtube.com/", 1)
	if m := ytFlash.FindStringSubmatch(src); m != nil {
		src = "https://www.youtube.com/embed/" + m[1]
	}
	if embedHosts.MatchString(src) {
		*embeds++
		f := &html.Node{Type: html.ElementNode, Data: "iframe", DataAtom: atom.Iframe, Attr: []html.Attribute{
			{Key: "src", Val: src}, {Key: "width", Val: "560"}, {Key: "height", Val: "315"},
			{Key: "title", Val: "Video"}, {Key: "loading", Val: "lazy"}, {Key: "allowfullscreen", Val: ""},
		}}
		return f
	}
	*dropped++
	p := &html.Node{Type: html.ElementNode, Data: "p", DataAtom: atom.P}
	if src == "" {
		p.AppendChild(&html.Node{Type: html.TextNode, Data: "(embedded content without a source)"})
		return p
	}
	a := &html.Node{Type: html.ElementNode, Data: "a", DataAtom: atom.A, Attr: []html.Attribute{{Key: "href", Val: src}}}
	host := src
	if u, err := url.Parse(src); err == nil && u.Host != "" {
		host = u.Host
	}
	a.AppendChild(&html.Node{Type: html.TextNode, Data: fmt.Sprintf("Konten tersemat: %s", host)})
	p.AppendChild(a)
	return p
}

var ytFlash = regexp.MustCompile(`^https?://(?:www\.)?youtube\.com/v/([A-Za-z0-9_-]{6,})`)

// onlyImage is the single <img> inside a (ignoring white space), or nil.
func onlyImage(a *html.Node) *html.Node {
	var img *html.Node
	for c := a.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		case c.Type == html.ElementNode && c.DataAtom == atom.Img && img == nil:
			img = c
		default:
			return nil
		}
	}
	return img
}

func looksLikeImage(href string) bool {
	u, err := url.Parse(href)
	if err != nil {
		return false
	}
	if bloggerImageHost(u.Host) {
		return true
	}
	switch strings.ToLower(pathExt(u.Path)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".bmp", ".svg":
		return true
	}
	return false
}

func detach(n *html.Node) *html.Node {
	if n.Parent != nil {
		n.Parent.RemoveChild(n)
	}
	return n
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
}

// stripTags is the text of an HTML fragment.
func stripTags(s string) string {
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return s
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return strings.Join(strings.Fields(b.String()), " ")
}

func htmlEscape(s string) string { return html.EscapeString(s) }

// localLink makes an absolute link to the old blog's own host a site path,
// which the imported aliases redirect.
func (w *writer) localLink(p *post, href string) string {
	if p.host == "" {
		return href
	}
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil || !strings.EqualFold(u.Host, p.host) || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "") {
		return href
	}
	if u.Path == "" {
		u.Path = "/"
	}
	q := u.Query()
	q.Del("m") // Blogger's mobile switch
	u.RawQuery = q.Encode()
	u.Scheme, u.Host, u.User = "", "", nil
	return u.String()
}

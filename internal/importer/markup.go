package importer

import (
	"fmt"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"
)

// What Jekyll (Liquid, kramdown) and Hugo (shortcodes) write in Markdown
// that warta's Markdown does not read, and what it becomes.
var (
	fence        = regexp.MustCompile("(?m)^ {0,3}(```+|~~~+)")
	liquidRaw    = regexp.MustCompile(`\{%-?\s*(end)?raw\s*-?%\}`)
	highlight    = regexp.MustCompile(`(?s)\{%-?\s*highlight\s+([A-Za-z0-9_+#.-]+)[^%]*%\}\n?(.*?)\{%-?\s*endhighlight\s*-?%\}`)
	siteURLVar   = regexp.MustCompile(`\{\{-?\s*site\.(baseurl|url)\s*-?\}\}`)
	urlFilter    = regexp.MustCompile(`\{\{-?\s*['"]([^'"]*)['"]\s*\|\s*(relative_url|absolute_url|prepend:\s*site\.baseurl)\s*-?\}\}`)
	postURL      = regexp.MustCompile(`\{%-?\s*(post_url|link)\s+([^\s%]+)\s*-?%\}`)
	includeTag   = regexp.MustCompile(`\{%-?\s*include\s+([^\s%]+)([^%]*)-?%\}`)
	liquidTag    = regexp.MustCompile(`\{%-?\s*([a-z_]+)[^%]*-?%\}`)
	liquidOut    = regexp.MustCompile(`\{\{-?[^{}]*-?\}\}`)
	ialLine      = regexp.MustCompile(`(?m)^[ \t]*\{:[^}\n]*\}[ \t]*\n?`)
	ialInline    = regexp.MustCompile(`\{:[^}\n]*\}`)
	tocItem      = regexp.MustCompile(`(?m)^[*-] .*\n\{:toc\}[ \t]*\n?`)
	kramdownExt  = regexp.MustCompile(`(?s)\{::comment\}.*?\{:/comment\}|\{::(options|nomarkdown)[^}]*/?\}|\{:/(nomarkdown)?\}`)
	shortcode    = regexp.MustCompile(`\{\{([<%])\s*(/?)\s*([A-Za-z0-9_/-]+)((?:[^>%}]|[>%][^}])*?)\s*[>%]\}\}`)
	scArg        = regexp.MustCompile(`([A-Za-z_]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))|"([^"]*)"|(\S+)`)
	mdImage      = regexp.MustCompile(`!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(\s+"[^"]*")?\s*\)`)
	htmlImgSrc   = regexp.MustCompile(`(?i)(<img\b[^>]*?\bsrc\s*=\s*)(["'])([^"']+)(["'])`)
	htmlIframe   = regexp.MustCompile(`(?is)<iframe\b[^>]*?\bsrc\s*=\s*["']([^"']+)["'][^>]*>\s*(</iframe>)?`)
	htmlOther    = regexp.MustCompile(`(?i)<(div|span|table|center|font|p\s|video|audio|figure)\b`)
	youtubeIDArg = regexp.MustCompile(`(?:id|youtube_id|video)\s*=\s*["']?([A-Za-z0-9_-]{6,})`)
)

// markdownBody converts Jekyll's and Hugo's Markdown for warta: Liquid
// and kramdown syntax and Hugo shortcodes outside code become their warta
// equivalent or go (each noted once per post), images in the source
// folder move into the bundle.
func (w *writer) markdownBody(p *post, b *bundle, src string) string {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	done := map[string]int{}
	// Highlight blocks become fences first: they hold code.
	src = highlight.ReplaceAllStringFunc(src, func(m string) string {
		sm := highlight.FindStringSubmatch(m)
		done["{% highlight %} → code fence"]++
		return "```" + sm[1] + "\n" + strings.TrimRight(sm[2], "\n") + "\n```"
	})
	src = hugoHighlight(src, done)
	parts := splitFences(src)
	for i := range parts {
		if i%2 == 1 {
			continue // inside a code fence: as written
		}
		parts[i] = w.convertText(p, b, parts[i], done)
	}
	body := strings.Join(parts, "")
	if len(done) > 0 {
		keys := slices.Sorted(maps.Keys(done))
		var l []string
		for _, k := range keys {
			l = append(l, fmt.Sprintf("%s (%d)", k, done[k]))
		}
		w.t.note(p.src, p.line, "", "%q: converted: %s", p.title, strings.Join(l, "; "))
	}
	return strings.TrimSpace(body) + "\n"
}

// splitFences splits s into text and fenced code, alternately.
func splitFences(s string) []string {
	var parts []string
	for {
		loc := fence.FindStringSubmatchIndex(s)
		if loc == nil {
			return append(parts, s)
		}
		marker := s[loc[2]:loc[3]]
		start := loc[0]
		rest := s[loc[1]:]
		closeRe := regexp.MustCompile("(?m)^ {0,3}" + regexp.QuoteMeta(marker[:1]) + "{" + fmt.Sprint(len(marker)) + ",}[ \t]*$")
		nl := strings.IndexByte(rest, '\n')
		if nl < 0 {
			return append(parts, s)
		}
		c := closeRe.FindStringIndex(rest[nl:])
		end := len(s)
		if c != nil {
			end = loc[1] + nl + c[1]
		}
		parts = append(parts, s[:start], s[start:end])
		s = s[end:]
	}
}

func (w *writer) convertText(p *post, b *bundle, s string, done map[string]int) string {
	count := func(what string, n int) {
		if n > 0 {
			done[what] += n
		}
	}
	if w.o.Kind == "jekyll" {
		s = w.liquid(p, s, done)
	}
	if w.o.Kind == "hugo" {
		s = w.shortcodes(p, s, done)
	}
	count("kramdown table of contents removed", len(tocItem.FindAllString(s, -1)))
	s = tocItem.ReplaceAllString(s, "")
	count("kramdown extensions ({::options}, {::comment}, {::nomarkdown}) removed", len(kramdownExt.FindAllString(s, -1)))
	s = kramdownExt.ReplaceAllString(s, "")
	count("kramdown attribute lists ({: .class}) removed", len(ialLine.FindAllString(s, -1))+len(ialInline.FindAllString(ialLine.ReplaceAllString(s, ""), -1)))
	s = ialLine.ReplaceAllString(s, "")
	s = ialInline.ReplaceAllString(s, "")
	// Embeds: allowed iframes stay, others become links.
	s = htmlIframe.ReplaceAllStringFunc(s, func(m string) string {
		src := htmlIframe.FindStringSubmatch(m)[1]
		var embeds, dropped int
		n := embedNode(src, &embeds, &dropped)
		if embeds > 0 {
			w.rawHTML = append(w.rawHTML, p.title)
			return "\n" + `<iframe src="` + attr(n, "src") + `" width="560" height="315" title="Video" loading="lazy" allowfullscreen></iframe>` + "\n"
		}
		done["embed from "+hostOf(src)+" (not allowed by warta's sanitizer) → link"]++
		return fmt.Sprintf("[Konten tersemat: %s](%s)", hostOf(src), src)
	})
	if htmlOther.MatchString(s) {
		w.rawHTML = append(w.rawHTML, p.title)
	}
	// Images.
	s = mdImage.ReplaceAllStringFunc(s, func(m string) string {
		sm := mdImage.FindStringSubmatch(m)
		to := w.image(p, b, sm[2])
		return "![" + sm[1] + "](" + angle(to) + sm[3] + ")"
	})
	s = htmlImgSrc.ReplaceAllStringFunc(s, func(m string) string {
		sm := htmlImgSrc.FindStringSubmatch(m)
		return sm[1] + sm[2] + w.image(p, b, sm[3]) + sm[4]
	})
	return s
}

// angle wraps a link destination with spaces in <>, as CommonMark wants.
func angle(dest string) string {
	if strings.ContainsAny(dest, " ()") {
		return "<" + dest + ">"
	}
	return dest
}

func hostOf(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}

func youtubeEmbed(id string) string {
	return "\n" + `<iframe src="https://www.youtube-nocookie.com/embed/` + id + `" width="560" height="315" title="Video YouTube" loading="lazy" allowfullscreen></iframe>` + "\n"
}

var hugoHighlightRe = regexp.MustCompile(`(?s)\{\{[<%]\s*highlight\s+"?([A-Za-z0-9_+#.-]+)"?[^>%]*[>%]\}\}\n?(.*?)\{\{[<%]\s*/highlight\s*[>%]\}\}`)

func hugoHighlight(s string, done map[string]int) string {
	return hugoHighlightRe.ReplaceAllStringFunc(s, func(m string) string {
		sm := hugoHighlightRe.FindStringSubmatch(m)
		done["{{< highlight >}} → code fence"]++
		return "```" + sm[1] + "\n" + strings.TrimRight(sm[2], "\n") + "\n```"
	})
}

// shortcodes converts Hugo's built-in shortcodes and drops the tags of
// others, keeping what they enclose.
func (w *writer) shortcodes(p *post, s string, done map[string]int) string {
	return shortcode.ReplaceAllStringFunc(s, func(m string) string {
		sm := shortcode.FindStringSubmatch(m)
		closing, name, rawArgs := sm[2] == "/", sm[3], sm[4]
		if strings.HasPrefix(name, "/*") {
			return m // a commented-out shortcode {{</* x */>}} shows as written
		}
		named, pos := map[string]string{}, []string{}
		for _, a := range scArg.FindAllStringSubmatch(rawArgs, -1) {
			switch {
			case a[1] != "":
				named[strings.ToLower(a[1])] = a[2] + a[3] + a[4]
			default:
				pos = append(pos, a[5]+a[6])
			}
		}
		arg := func(key string, i int) string {
			if v := named[key]; v != "" {
				return v
			}
			if i < len(pos) {
				return pos[i]
			}
			return ""
		}
		if closing {
			done["{{< /"+name+" >}} closing tag removed"]++
			return ""
		}
		switch name {
		case "youtube":
			if id := arg("id", 0); id != "" {
				done["{{< youtube >}} → embedded video"]++
				return youtubeEmbed(id)
			}
		case "vimeo":
			if id := arg("id", 0); id != "" {
				done["{{< vimeo >}} → embedded video"]++
				w.rawHTML = append(w.rawHTML, p.title)
				return "\n" + `<iframe src="https://player.vimeo.com/video/` + id + `" width="560" height="315" title="Video Vimeo" loading="lazy" allowfullscreen></iframe>` + "\n"
			}
		case "figure":
			src := arg("src", 0)
			alt := named["alt"]
			if alt == "" {
				alt = named["title"]
			}
			out := "![" + alt + "](" + angle(src) + ")"
			if c := named["caption"]; c != "" {
				out += "\n*" + c + "*"
			} else if t := named["title"]; t != "" && t != alt {
				out += "\n*" + t + "*"
			}
			done["{{< figure >}} → image"]++
			return "\n" + out + "\n"
		case "ref", "relref":
			target := arg("path", 0)
			key := strings.TrimSuffix(path.Base(strings.SplitN(target, "#", 2)[0]), path.Ext(target))
			if key == "index" {
				key = path.Base(path.Dir(target))
			}
			if to, ok := w.newPath[key]; ok {
				done["{{< "+name+" >}} → the page's new URL"]++
				return to
			}
			done["{{< "+name+" >}} to a page not imported, kept as its path"]++
			return target
		case "gist":
			done["{{< gist >}} → link"]++
			return fmt.Sprintf("[Gist %s](https://gist.github.com/%s/%s)", arg("id", 1), arg("user", 0), arg("id", 1))
		case "tweet", "x", "twitter":
			user, id := named["user"], named["id"]
			if id == "" && len(pos) > 0 {
				id = pos[len(pos)-1]
			}
			done["{{< "+name+" >}} → link"]++
			if user == "" {
				user = "i/web"
			}
			return fmt.Sprintf("[Tweet](https://x.com/%s/status/%s)", user, id)
		case "instagram":
			done["{{< instagram >}} → link"]++
			return fmt.Sprintf("[Instagram](https://www.instagram.com/p/%s/)", arg("id", 0))
		}
		done["{{< "+name+" >}} removed (a theme shortcode; what it encloses is kept)"]++
		return ""
	})
}

// liquid converts Jekyll's Liquid tags and output.
func (w *writer) liquid(p *post, s string, done map[string]int) string {
	count := func(what string, n int) {
		if n > 0 {
			done[what] += n
		}
	}
	count("{% raw %} tags removed (their content kept)", len(liquidRaw.FindAllString(s, -1)))
	s = liquidRaw.ReplaceAllString(s, "")
	count("{{ site.baseurl }} removed", len(siteURLVar.FindAllString(s, -1)))
	s = siteURLVar.ReplaceAllString(s, "")
	s = urlFilter.ReplaceAllStringFunc(s, func(m string) string {
		done["{{ '…' | relative_url }} → the path"]++
		return urlFilter.FindStringSubmatch(m)[1]
	})
	s = postURL.ReplaceAllStringFunc(s, func(m string) string {
		sm := postURL.FindStringSubmatch(m)
		key := strings.TrimSuffix(path.Base(sm[2]), path.Ext(sm[2]))
		if to, ok := w.newPath[key]; ok {
			done["{% "+sm[1]+" %} → the post's new URL"]++
			return to
		}
		done["{% "+sm[1]+" %} to a post not imported, removed"]++
		return ""
	})
	s = includeTag.ReplaceAllStringFunc(s, func(m string) string {
		sm := includeTag.FindStringSubmatch(m)
		if strings.Contains(strings.ToLower(sm[1]), "youtube") {
			if id := youtubeIDArg.FindStringSubmatch(sm[2]); id != nil {
				done["{% include youtube %} → embedded video"]++
				return youtubeEmbed(id[1])
			}
		}
		done["{% include "+sm[1]+" %} removed (a theme include)"]++
		return ""
	})
	s = liquidTag.ReplaceAllStringFunc(s, func(m string) string {
		done["{% "+liquidTag.FindStringSubmatch(m)[1]+" %} removed"]++
		return ""
	})
	s = liquidOut.ReplaceAllStringFunc(s, func(m string) string {
		done["Liquid output "+m+" removed"]++
		return ""
	})
	return s
}

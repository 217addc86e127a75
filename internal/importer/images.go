package importer

import (
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
)

// maxImage is the largest image downloaded (bytes); a larger one stays
// remote and is listed.
const maxImage = 64 << 20

// bundle is the folder a post becomes, before it is written.
type bundle struct {
	dir      string              // the bundle folder on disk (known once the slug is chosen)
	existing bool                // imported by an earlier run: nothing is written or fetched again
	files    map[string]resource // file name in the bundle → what it holds
	byRef    map[string]string   // image reference → file name in the bundle
}

// resource is a file of a bundle: copied from disk or downloaded.
type resource struct {
	from string // file on disk to copy, or ""
	data []byte // downloaded bytes
}

// bloggerImageHost reports whether host serves Blogger's uploaded images.
func bloggerImageHost(host string) bool {
	return strings.HasSuffix(host, ".bp.blogspot.com") || host == "blogger.googleusercontent.com" ||
		strings.HasSuffix(host, ".googleusercontent.com") && strings.HasPrefix(host, "lh")
}

var (
	bloggerSizeSeg = regexp.MustCompile(`/(s\d+|w\d+-h\d+|h\d+|w\d+)(-[a-z0-9-]+)?/`)
	bloggerSizeEq  = regexp.MustCompile(`=(s\d+|w\d+-h\d+|h\d+|w\d+)(-[a-z0-9-]+)?$`)
)

// bloggerOriginal is the URL of the uploaded original of a Blogger image
// size variant: .../s72-c/x.jpg and .../s1600/x.jpg give .../s0/x.jpg
// (Google's image service serves the original at size 0), =s320 gives =s0.
func bloggerOriginal(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || !bloggerImageHost(u.Host) {
		return raw
	}
	if loc := bloggerSizeSeg.FindAllStringIndex(u.Path, -1); len(loc) > 0 {
		last := loc[len(loc)-1]
		u.Path = u.Path[:last[0]] + "/s0/" + u.Path[last[1]:]
		u.RawPath = ""
		return u.String()
	}
	if bloggerSizeEq.MatchString(u.Path) {
		u.Path = bloggerSizeEq.ReplaceAllString(u.Path, "=s0")
		u.RawPath = ""
	}
	return u.String()
}

// image resolves one image reference of p and returns the link to write:
// a file in the bundle (copied from the source folder, or downloaded with
// Options.DownloadImages), or the reference itself, listed.
func (w *writer) image(p *post, b *bundle, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || strings.HasPrefix(ref, "data:") {
		return ref
	}
	if name, ok := b.byRef[ref]; ok {
		return name
	}
	u, err := url.Parse(ref)
	if err != nil {
		w.t.note(p.src, p.line, "", "%q: image %q is not a URL; kept as written", p.title, ref)
		return ref
	}
	if u.Scheme == "" && u.Host != "" {
		u.Scheme = "https"
	}
	if u.Scheme == "http" || u.Scheme == "https" {
		return w.remoteImage(p, b, ref, u)
	}
	if u.Scheme != "" {
		return ref
	}
	// A file of the source site: site-absolute or relative to the post.
	rel, err := url.PathUnescape(u.Path)
	if err != nil {
		rel = u.Path
	}
	var file string
	switch {
	case strings.HasPrefix(rel, "/") && p.localRoot != "":
		rel = strings.TrimPrefix(rel, w.baseURLPath)
		file = filepath.Join(p.localRoot, filepath.FromSlash(path.Clean("/"+rel)))
	case !strings.HasPrefix(rel, "/") && p.fileDir != "":
		if _, ok := p.bundle[path.Clean(rel)]; ok {
			// A resource of a Hugo page bundle: copied with the bundle.
			return ref
		}
		file = filepath.Join(p.fileDir, filepath.FromSlash(path.Clean(rel)))
		if !within(p.localRoot, file) {
			file = ""
		}
	}
	if file == "" {
		return ref
	}
	if st, err := os.Stat(file); err != nil || !st.Mode().IsRegular() {
		w.missing = append(w.missing, missingImage{p.src, p.line, p.title, ref})
		return ref
	}
	name := b.add(ref, path.Base(filepath.ToSlash(file)), resource{from: file})
	return name
}

type missingImage struct {
	src   string
	line  int
	title string
	ref   string
}

type remoteImage struct {
	title, ref string
}

func (w *writer) remoteImage(p *post, b *bundle, ref string, u *url.URL) string {
	if !w.o.DownloadImages {
		w.remote = append(w.remote, remoteImage{p.title, ref})
		return ref
	}
	orig := bloggerOriginal(u.String())
	name := fileName(orig)
	if b.existing {
		// Imported by an earlier run: the file is there if the download
		// worked then and is not fetched again.
		for _, want := range b.byRefNames(name) {
			if _, err := os.Stat(filepath.Join(b.dir, want)); err == nil {
				b.byRef[ref] = want
				w.downloaded++
				return want
			}
		}
	}
	data, ctype, err := w.fetch(orig)
	if err != nil && orig != u.String() {
		data, ctype, err = w.fetch(u.String()) // the original may be gone; the variant shown will do
	}
	if err != nil {
		w.t.note(p.src, p.line, "", "%q: image %s could not be downloaded (%v); the link stays remote", p.title, ref, err)
		w.remote = append(w.remote, remoteImage{p.title, ref})
		return ref
	}
	if b.existing {
		// The page was imported before without this image; it stays as it is.
		w.t.note(p.src, p.line, "", "%q: image %s can be downloaded now, but the page was imported before without it; the link stays remote (delete the page's folder and import again to fetch it)", p.title, ref)
		w.remote = append(w.remote, remoteImage{p.title, ref})
		return ref
	}
	if path.Ext(name) == "" {
		if exts, _ := mime.ExtensionsByType(ctype); len(exts) > 0 {
			name += exts[0]
		}
	}
	w.downloaded++
	return b.add(ref, name, resource{data: data})
}

// byRefNames lists the names an earlier run may have given the image.
func (b *bundle) byRefNames(name string) []string {
	out := []string{name}
	base, ext := strings.TrimSuffix(name, path.Ext(name)), path.Ext(name)
	for i := 2; i < 10; i++ {
		out = append(out, fmt.Sprintf("%s-%d%s", base, i, ext))
	}
	if ext == "" {
		for _, e := range []string{".jpg", ".jpeg", ".png", ".gif", ".webp"} {
			out = append(out, name+e)
		}
	}
	return out
}

func (w *writer) fetch(raw string) ([]byte, string, error) {
	req, err := http.NewRequestWithContext(w.ctx, http.MethodGet, raw, nil)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("User-Agent", "warta-import")
	resp, err := w.o.Client.Do(req)
	if err != nil {
		if w.ctx.Err() != nil {
			return nil, "", context.Cause(w.ctx)
		}
		return nil, "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, "", fmt.Errorf("HTTP %s", resp.Status)
	}
	ctype, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if ctype != "" && !strings.HasPrefix(ctype, "image/") && ctype != "application/octet-stream" {
		return nil, "", fmt.Errorf("the server sent %s, not an image", ctype)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxImage+1))
	if err != nil {
		return nil, "", err
	}
	if len(data) > maxImage {
		return nil, "", fmt.Errorf("larger than %d MiB", maxImage>>20)
	}
	if ctype == "" || ctype == "application/octet-stream" {
		ctype = http.DetectContentType(data)
		if !strings.HasPrefix(ctype, "image/") {
			return nil, "", fmt.Errorf("the server sent %s, not an image", ctype)
		}
	}
	return data, ctype, nil
}

// add gives r a free file name in the bundle, based on want.
func (b *bundle) add(ref, want string, r resource) string {
	want = safeFileName(want)
	base, ext := strings.TrimSuffix(want, path.Ext(want)), path.Ext(want)
	name := want
	for i := 2; ; i++ {
		if _, taken := b.files[name]; !taken && name != "index.md" {
			break
		}
		name = fmt.Sprintf("%s-%d%s", base, i, ext)
	}
	b.files[name] = r
	b.byRef[ref] = name
	return name
}

// fileName is the last path segment of a URL, unescaped.
func fileName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "gambar"
	}
	s := path.Base(u.Path)
	if d, err := url.PathUnescape(s); err == nil {
		s = d
	}
	if i := strings.IndexByte(s, '='); i > 0 { // googleusercontent's name=s0
		s = s[:i]
	}
	return s
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// safeFileName is want with only portable characters, never hidden, never
// empty, at most 100 bytes: a name every host and archive tool keeps.
func safeFileName(want string) string {
	ext := strings.ToLower(path.Ext(want))
	if len(ext) > 6 || unsafeName.MatchString(ext) {
		ext = ""
	}
	base := strings.TrimSuffix(want, path.Ext(want))
	base = strings.Trim(unsafeName.ReplaceAllString(base, "-"), "-.")
	if base == "" || base == "s0" {
		base = "gambar"
	}
	if len(base) > 90 {
		base = base[:90]
	}
	return base + ext
}

func pathExt(p string) string { return path.Ext(p) }

// within reports whether file is inside root.
func within(root, file string) bool {
	if root == "" {
		return false
	}
	rel, err := filepath.Rel(root, file)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

package cache

import (
	"testing"
	"testing/fstest"

	"github.com/warta-portal/warta/internal/content"
	"github.com/warta-portal/warta/internal/publish"
	"github.com/warta-portal/warta/internal/render"
)

// model is a small assembled site: an article with a related article, an
// agency and a tag.
type model struct {
	article, related, agency *content.Page
	files                    fstest.MapFS
}

func newModel() *model {
	agency := &content.Page{File: "content/opd/bpsdm.md", Path: "/opd/bpsdm/", SourceHash: [32]byte{3}}
	related := &content.Page{File: "content/berita/b.md", Path: "/berita/b/", SourceHash: [32]byte{2}, AgencyPage: agency}
	tag := &content.Term{Name: "Pelayanan", Path: "/tag/pelayanan/"}
	article := &content.Page{File: "content/berita/a.md", Path: "/berita/a/", SourceHash: [32]byte{1},
		Terms: map[string][]*content.Term{"tags": {tag}}, AgencyPage: agency, RelatedNews: []*content.Page{related}}
	return &model{article, related, agency, fstest.MapFS{"static/logo.svg": {Data: []byte("<svg/>")}}}
}

func (m *model) inputs() map[string]render.Inputs {
	return map[string]render.Inputs{
		"berita/a/index.html": {Values: []string{"page", "/berita/a/"}, Pages: []*content.Page{m.article}},
		"berita/index.html":   {Values: []string{"list", "Berita", "1"}, Cards: []*content.Page{m.article, m.related}},
		"logo.svg":            {Values: []string{"copy"}, Files: []render.SourceFile{{FS: m.files, Name: "static/logo.svg"}}},
		"cari/i/0123abcd.bin": {Values: []string{"search file", "cari/i/0123abcd.bin"}, Hashed: true},
	}
}

// TestOutputsKeepOnlyWhatDidNotChange makes a first build into memory,
// changes one input, and asks the oracle of the second build which
// outputs it keeps.
func TestOutputsKeepOnlyWhatDidNotChange(t *testing.T) {
	t.Parallel()
	all := []string{"cari/i/0123abcd.bin", "berita/a/index.html", "berita/index.html", "logo.svg"}
	tests := []struct {
		name   string
		change func(m *model, key *Key, shared *render.Inputs)
		kept   []string
	}{
		{"nothing", func(*model, *Key, *render.Inputs) {}, all},
		{"the article's file", func(m *model, _ *Key, _ *render.Inputs) { m.article.SourceHash[0] = 9 }, []string{"cari/i/0123abcd.bin", "logo.svg"}},
		{"a related page's file (shown as a card)", func(m *model, _ *Key, _ *render.Inputs) { m.related.SourceHash[0] = 9 }, []string{"cari/i/0123abcd.bin", "logo.svg"}},
		{"the agency's file", func(m *model, _ *Key, _ *render.Inputs) { m.agency.SourceHash[0] = 9 }, []string{"cari/i/0123abcd.bin", "logo.svg"}},
		{"a term's path", func(m *model, _ *Key, _ *render.Inputs) { m.article.Terms["tags"][0].Path = "/tag/lain/" }, []string{"cari/i/0123abcd.bin", "logo.svg"}},
		{"a new related page", func(m *model, _ *Key, _ *render.Inputs) {
			m.article.RelatedNews = append(m.article.RelatedNews, m.agency)
		}, []string{"cari/i/0123abcd.bin", "berita/index.html", "logo.svg"}},
		{"a page moved", func(m *model, _ *Key, _ *render.Inputs) { m.related.Path = "/berita/b-baru/" }, []string{"cari/i/0123abcd.bin", "logo.svg"}},
		{"a copied file's bytes", func(m *model, _ *Key, _ *render.Inputs) {
			m.files["static/logo.svg"] = &fstest.MapFile{Data: []byte("<svg></svg>")}
		}, []string{"cari/i/0123abcd.bin", "berita/a/index.html", "berita/index.html"}},
		// A file named by a hash of its bytes does not depend on the shared inputs.
		{"the shared inputs", func(_ *model, _ *Key, s *render.Inputs) { s.Values = append(s.Values, "menu") }, []string{"cari/i/0123abcd.bin"}},
		{"the shared key (configuration, layouts)", func(_ *model, k *Key, _ *render.Inputs) { k[0] = 9 }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, key, shared := newModel(), Key{1}, render.Inputs{Values: []string{"shared"}}
			first := publish.NewMemory()
			o := NewOutputs(key, nil, first)
			o.Share(shared)
			for name, in := range m.inputs() {
				kept, made := o.Keep(name, in)
				if kept {
					t.Fatalf("%s kept without a previous build", name)
				}
				first.WriteFile(name, []byte(name))
				made()
			}

			tt.change(m, &key, &shared)
			second := publish.NewMemoryFrom(first)
			o2 := NewOutputs(key, o.Sigs(), second)
			// Digests made ahead (the first build made them as met): the
			// same signatures.
			o2.Prepare([]*content.Page{m.article, m.related, m.agency})
			o2.Share(shared)
			var kept []string
			for _, name := range all {
				if ok, made := o2.Keep(name, m.inputs()[name]); ok {
					kept = append(kept, name)
				} else {
					made()
				}
			}
			if len(kept) != len(tt.kept) {
				t.Fatalf("kept %q, want %q", kept, tt.kept)
			}
			for i := range kept {
				if kept[i] != tt.kept[i] {
					t.Fatalf("kept %q, want %q", kept, tt.kept)
				}
			}
			if got := len(o2.Sigs()); got != len(all) {
				t.Errorf("%d signatures recorded for the next build, want %d", got, len(all))
			}
		})
	}
}

// TestOutputsNeedTheFile guards that a matching signature is not enough:
// the target must still hold the previous file.
func TestOutputsNeedTheFile(t *testing.T) {
	t.Parallel()
	m := newModel()
	in := m.inputs()["berita/a/index.html"]
	o := NewOutputs(Key{}, nil, publish.NewMemory())
	_, made := o.Keep("berita/a/index.html", in)
	made()
	o2 := NewOutputs(Key{}, o.Sigs(), publish.NewMemoryFrom(publish.NewMemory()))
	if kept, _ := o2.Keep("berita/a/index.html", in); kept {
		t.Error("kept a file the previous build does not hold")
	}
}

package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"

	"github.com/warta-portal/warta/internal/opendata"
)

// Data files made from the model: the catalog's open data and the web app
// manifest.

// openData plans the catalog's JSON, CSV and JSON Schema, made from the
// same records (package opendata), never from a template.
func (p *planner) openData() {
	cfg := p.site.Config
	var recs []opendata.Record
	var once sync.Once
	records := func() []opendata.Record {
		once.Do(func() { recs = opendata.Records(p.site) })
		return recs
	}
	p.bytesJob("inovasi/katalog.json", "content/inovasi", func(b *bytes.Buffer) error {
		data, err := opendata.JSON(cfg, records())
		b.Write(data)
		return err
	})
	p.bytesJob("inovasi/katalog.csv", "content/inovasi", func(b *bytes.Buffer) error {
		data, err := opendata.CSV(records())
		b.Write(data)
		return err
	})
	p.bytesJob("inovasi/katalog.schema.json", "content/inovasi", func(b *bytes.Buffer) error {
		data, err := opendata.Schema(cfg)
		b.Write(data)
		return err
	})
}

// manifest plans the web app manifest from the configuration, with URLs
// relative to it so it works under a sub-path. A site's own
// static/site.webmanifest replaces it.
func (p *planner) manifest() {
	if _, own := p.owners["site.webmanifest"]; own {
		return
	}
	cfg := p.site.Config
	p.bytesJob("site.webmanifest", "the web app manifest", func(b *bytes.Buffer) error {
		short := cfg.Title
		if f := strings.Fields(short); len(f) > 2 {
			short = strings.Join(f[:2], " ")
		}
		m := map[string]any{
			"name": cfg.Title, "short_name": short, "lang": cfg.Language, "description": cfg.Description,
			"start_url": "./", "scope": "./", "display": "standalone",
			"background_color": "#ffffff", "theme_color": "#0b4f6c",
			"icons": []map[string]string{
				{"src": "favicon.svg", "sizes": "any", "type": "image/svg+xml"},
				{"src": "icon-192.png", "sizes": "192x192", "type": "image/png"},
				{"src": "icon-512.png", "sizes": "512x512", "type": "image/png"},
			},
		}
		enc := json.NewEncoder(b)
		enc.SetIndent("", " ")
		return enc.Encode(m)
	})
}

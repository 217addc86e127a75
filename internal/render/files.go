package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
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
	// The JSON and the CSV are kept from the last build when the records
	// are the same, as their compact JSON says: indenting the catalog
	// again was 0.2 s of CPU in a one-article rebuild at 2,000
	// innovations.
	var sig string
	var sigOnce sync.Once
	inputs := func(name string) func() Inputs {
		return func() Inputs {
			sigOnce.Do(func() {
				// The records' digest, not their JSON: the signature is
				// held to the end of the build (tens of megabytes at
				// 20,000 profiles). On an error the job fails too, and a
				// failed build records no signature.
				b, _ := json.Marshal(records())
				sum := sha256.Sum256(b)
				sig = hex.EncodeToString(sum[:])
			})
			return Inputs{Values: []string{name, cfg.Title, cfg.AbsURL("/inovasi/"), sig}}
		}
	}
	p.add(job{name: "inovasi/katalog.json", origin: "content/inovasi", inputs: inputs("katalog.json"), run: func(b *bytes.Buffer) error {
		return opendata.JSON(b, cfg, records())
	}})
	p.add(job{name: "inovasi/katalog.csv", origin: "content/inovasi", inputs: inputs("katalog.csv"), run: func(b *bytes.Buffer) error {
		return opendata.CSV(b, records())
	}})
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

package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// fields is a front matter read loosely, keys lower-cased (Hugo reads
// keys case-insensitively); YAML scalars stay strings, so a date without
// an offset is not moved to UTC on the way.
type fields map[string]any

// splitFrontMatter separates YAML (---), TOML (+++) or JSON ({…}) front
// matter from the body. ok is false when the file has none.
func splitFrontMatter(data []byte) (f fields, body string, ok bool, err error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	s := strings.ReplaceAll(string(data), "\r\n", "\n")
	switch {
	case strings.HasPrefix(s, "---\n") || s == "---":
		rest := strings.TrimPrefix(s, "---")
		rest = strings.TrimPrefix(rest, "\n")
		var head string
		if strings.HasPrefix(rest, "---") {
			body = rest[3:]
		} else {
			end := strings.Index(rest, "\n---")
			if end < 0 {
				return nil, "", true, fmt.Errorf("front matter opened with --- is not closed")
			}
			head, body = rest[:end+1], rest[end+4:]
		}
		if i := strings.IndexByte(body, '\n'); i >= 0 {
			body = body[i+1:]
		} else {
			body = ""
		}
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(head), &n); err != nil {
			return nil, "", true, err
		}
		f = fields{}
		if len(n.Content) > 0 {
			if m, ok := fromYAML(n.Content[0]).(map[string]any); ok {
				f = m
			}
		}
		return f, body, true, nil
	case strings.HasPrefix(s, "+++\n"):
		rest := s[4:]
		end := strings.Index(rest, "\n+++")
		if end < 0 {
			return nil, "", true, fmt.Errorf("front matter opened with +++ is not closed")
		}
		m := map[string]any{}
		if _, err := toml.Decode(rest[:end], &m); err != nil {
			return nil, "", true, err
		}
		body = rest[end+4:]
		if i := strings.IndexByte(body, '\n'); i >= 0 {
			body = body[i+1:]
		} else {
			body = ""
		}
		return lower(m), body, true, nil
	case strings.HasPrefix(s, "{"):
		dec := json.NewDecoder(strings.NewReader(s))
		m := map[string]any{}
		if err := dec.Decode(&m); err != nil {
			return nil, "", true, err
		}
		return lower(m), strings.TrimLeft(s[dec.InputOffset():], "\n"), true, nil
	}
	return nil, s, false, nil
}

func fromYAML(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return fromYAML(n.Content[0])
		}
	case yaml.AliasNode:
		return fromYAML(n.Alias)
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil
		}
		return n.Value
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			out = append(out, fromYAML(c))
		}
		return out
	case yaml.MappingNode:
		out := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := strings.ToLower(n.Content[i].Value)
			if _, dup := out[k]; !dup {
				out[k] = fromYAML(n.Content[i+1])
			}
		}
		return out
	}
	return nil
}

func lower(m map[string]any) fields {
	out := fields{}
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			v = map[string]any(lower(sub))
		}
		out[strings.ToLower(k)] = v
	}
	return out
}

// str is the value of key as text ("" when absent or not a scalar).
func (f fields) str(keys ...string) string {
	for _, k := range keys {
		switch v := f[k].(type) {
		case string:
			if strings.TrimSpace(v) != "" {
				return strings.TrimSpace(v)
			}
		case time.Time:
			return v.Format(time.RFC3339)
		case int64, float64, int, bool:
			return fmt.Sprint(v)
		}
	}
	return ""
}

// list is the value of key as a list: a list, or one string split by
// sep (Jekyll reads "tags: a b" as two tags) when sep is not "".
func (f fields) list(key, sep string) []string {
	switch v := f[key].(type) {
	case []any:
		var out []string
		for _, x := range v {
			if s := strings.TrimSpace(fmt.Sprint(x)); s != "" && x != nil {
				out = append(out, s)
			}
		}
		return out
	case string:
		if sep == " " {
			return strings.Fields(v)
		}
		if strings.TrimSpace(v) != "" {
			return []string{strings.TrimSpace(v)}
		}
	}
	return nil
}

// bool reads true/false, also as strings as Hugo does; def when absent.
func (f fields) bool(key string, def bool) bool {
	switch v := f[key].(type) {
	case bool:
		return v
	case string:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true", "yes":
			return true
		case "false", "no":
			return false
		}
	}
	return def
}

// image is a cover given as a string or a map with src, path, url, image
// or feature (themes spell it many ways).
func (f fields) image(keys ...string) string {
	for _, k := range keys {
		switch v := f[k].(type) {
		case string:
			if strings.TrimSpace(v) != "" {
				return strings.TrimSpace(v)
			}
		case []any:
			if len(v) > 0 {
				if s, ok := v[0].(string); ok && s != "" {
					return s
				}
			}
		case map[string]any:
			if s := fields(v).str("src", "path", "url", "image", "feature", "filename"); s != "" {
				return s
			}
		}
	}
	return ""
}

// author is a name given as a string, a list of names or a map with name.
func (f fields) author(keys ...string) string {
	for _, k := range keys {
		switch v := f[k].(type) {
		case string:
			if s := strings.TrimSpace(v); s != "" {
				return s
			}
		case []any:
			var names []string
			for _, x := range v {
				switch y := x.(type) {
				case string:
					names = append(names, y)
				case map[string]any:
					if s := fields(y).str("name", "display_name"); s != "" {
						names = append(names, s)
					}
				}
			}
			if len(names) > 0 {
				return strings.Join(names, ", ")
			}
		case map[string]any:
			if s := fields(v).str("name", "display_name"); s != "" {
				return s
			}
		}
	}
	return ""
}

// dateLayouts are the date forms Jekyll and Hugo document, most precise
// first; those without an offset are read in the site's time zone.
var dateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05-0700", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05-07:00", "2006-01-02 15:04:05-0700", "2006-01-02 15:04:05 MST", "2006-01-02 15:04 -0700",
	"2006-01-02 15:04 -07:00", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04",
	"2006-01-02", "2006-1-2 15:04:05", "2006-1-2 15:04", "2006-1-2",
}

// parseDate reads s in loc when it has no offset.
func parseDate(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, " UTC") {
		s = strings.TrimSuffix(s, " UTC") + " +0000"
	}
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t.Truncate(time.Second), true
		}
	}
	return time.Time{}, false
}

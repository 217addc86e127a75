package markdown

import (
	"errors"
	"strings"
	"testing"
)

func TestDepth(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line string
		want int
	}{
		{"Teks biasa", 0},
		{"> kutipan", 1},
		{">>> > x", 4},
		{"- a", 1},
		{"  - b", 2},
		{"1. satu", 1},
		{"- 2) > x", 3},
		{"-1 bukan daftar", 0},
		{"    kode", 2},
		{"\t\tkode", 4},
		{strings.Repeat("> ", 150), 150 + 0}, // stops counting past the limit
	}
	for _, tt := range tests {
		if got := depth([]byte(tt.line)); got != tt.want && !(tt.want > MaxNesting && got > MaxNesting) {
			t.Errorf("depth(%.20q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

// TestDeepNestingIsReported guards that pathological nesting is an error
// with its line, not seconds of parsing: 200,000 nested ">" took goldmark
// 15 s.
func TestDeepNestingIsReported(t *testing.T) {
	t.Parallel()
	r := New(Options{})
	for name, body := range map[string]string{
		"block quotes":  "Paragraf.\n\n" + strings.Repeat(">", 200000) + " x\n",
		"lists":         "Paragraf.\n\n" + strings.Repeat("- ", 200000) + "x\n",
		"ordered lists": "Paragraf.\n\n" + strings.Repeat("1. ", 200000) + "x\n",
		"indented list items": "Paragraf.\n\n" + func() string {
			var b strings.Builder
			for i := range 300 {
				b.WriteString(strings.Repeat(" ", 2*i) + "- x\n")
			}
			return b.String()
		}(),
	} {
		_, err := r.Render([]byte(body), 10)
		var le *LimitError
		if !errors.As(err, &le) || !strings.Contains(le.Error(), "levels deep") {
			t.Errorf("%s: got %v", name, err)
			continue
		}
		if name != "indented list items" && le.Line != 12 {
			t.Errorf("%s: line %d, want 12", name, le.Line)
		}
	}
	for name, body := range map[string]string{
		"emphasis": "Paragraf.\n\n" + strings.Repeat("*a_", 20000) + "\n",
		"links":    "Paragraf.\n\nbaris\n" + strings.Repeat("[a](", 20000) + "\n",
	} {
		_, err := r.Render([]byte(body), 1)
		var le *LimitError
		if !errors.As(err, &le) || le.Line != 3 || !strings.Contains(le.Error(), "a paragraph with more than") {
			t.Errorf("%s: got %v", name, err)
		}
	}
	// Code is not counted.
	if _, err := r.Render([]byte("```\n"+strings.Repeat("a_b ", 2*MaxDelimiters)+"\n```\n"), 1); err != nil {
		t.Errorf("code block: %v", err)
	}
	// Within the limits, nesting renders as usual.
	d, err := r.Render([]byte(strings.Repeat(">", MaxNesting)+" x\n\n"+strings.Repeat("*a* ", MaxDelimiters/2)+"\n"), 1)
	if err != nil || strings.Count(d.HTML, "<blockquote>") != MaxNesting {
		t.Errorf("%v", err)
	}
}

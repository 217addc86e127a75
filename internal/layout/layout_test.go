package layout

import "testing"

// A "{{" left without its "}}" is named at its own line: the parser
// stumbles only where the next action begins, lines later.
func TestUnclosedActionLine(t *testing.T) {
	for _, tt := range []struct {
		src  string
		want int
	}{
		{"a\n{{ .Title \n<p>\n{{ .Summary }}\n", 2},
		{"{{ .A }}\n{{ .B }}{{ if .C\n}}\n{{ .D", 4},
		{"{{ .A }}\n{{ .B }}\n", 0},
		{"{{ .A }}\n<p>{{ .B ", 2},
	} {
		if got := unclosedAction(tt.src); got != tt.want {
			t.Errorf("unclosedAction(%q) = %d, want %d", tt.src, got, tt.want)
		}
	}
}

package diag

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// TestEveryMessageHasAnIndonesianTranslation reads every diag.Errorf and
// diag.Warnf call in warta's packages and requires the catalog to translate
// its format: editors read messages under --lang id, and a message added
// in English only would reach them untranslated.
func TestEveryMessageHasAnIndonesianTranslation(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	seen := 0
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "Errorf" && sel.Sel.Name != "Warnf" || len(call.Args) < 4 {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "diag" {
				return true
			}
			lit, ok := call.Args[3].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true // a format passed on: its source is checked where it is written
			}
			format, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatal(err)
			}
			seen++
			if !strings.ContainsFunc(strings.NewReplacer("%v", "", "%s", "", "%q", "", "%d", "").Replace(format), unicode.IsLetter) {
				return true // only passes another message on
			}
			if _, ok := indonesian[format]; !ok {
				t.Errorf("%s: %q has no Indonesian translation in internal/diag/indonesian.go", fset.Position(call.Pos()), format)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 20 {
		t.Fatalf("found only %d messages: is the walk reading the packages?", seen)
	}
}

package warta_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// order is the pipeline: a package may import only packages before it.
var order = []string{
	"browsertest", "slug", "stem", "indodate", "diag", "ownfile", "config", "archetype", "source", "frontmatter", "markdown",
	"innovation", "content", "imaging", "status", "opendata", "search", "layout", "render", "publish", "cache", "build",
	"watch", "serve", "check", "importer", "scaffold", "cli",
}

// TestImportsPointOneWay keeps imports flowing one way along the pipeline
// and keeps grab-bag packages out.
func TestImportsPointOneWay(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	const prefix = "github.com/warta-portal/warta/internal/"
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, ok := strings.CutPrefix(fields[0], prefix)
		if !ok {
			continue
		}
		for _, bad := range []string{"util", "utils", "common", "helpers", "misc"} {
			if pkg == bad {
				t.Errorf("grab-bag package %s", pkg)
			}
		}
		rank := slices.Index(order, pkg)
		if rank < 0 {
			t.Errorf("package %s is not placed in the pipeline order of imports_test.go", pkg)
			continue
		}
		for _, imp := range fields[1:] {
			dep, ok := strings.CutPrefix(imp, prefix)
			if !ok {
				continue
			}
			if slices.Index(order, dep) >= rank {
				t.Errorf("%s imports %s: imports must point one way along the pipeline", pkg, dep)
			}
		}
	}
}

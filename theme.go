// Package warta holds the default theme: the repository's own layouts/
// folder, embedded so that a site with only content/ builds. A file in a
// site's layouts/ overrides the embedded file of the same name.
package warta

import (
	"embed"
	"io/fs"
)

//go:embed all:layouts
var embedded embed.FS

// Theme returns the default theme's layouts folder.
func Theme() fs.FS {
	sub, err := fs.Sub(embedded, "layouts")
	if err != nil {
		panic(err) // the folder is embedded at compile time
	}
	return sub
}

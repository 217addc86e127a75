package content

import (
	"reflect"
	"testing"
	"unsafe"
)

// TestCompactStrings: after compactStrings a front matter holds the same
// values, and its strings lie in one block of exactly their total size.
func TestCompactStrings(t *testing.T) {
	fm := FrontMatter{
		Title: "Dinkes Tertibkan Ruang Terbuka Hijau", Summary: "Ringkasan", Tags: []string{"kesehatan", "", "kota"},
		Image:       Image{Src: "foto.jpg", Alt: "Petugas", Width: 800},
		Corrections: []Correction{{Date: "2020-11-12", Text: "Nama dinas diperbaiki."}},
		Affairs:     Affairs{Primary: "kesehatan", Related: []string{"lingkungan-hidup"}},
		Links:       []Link{{Title: "Situs", URL: "https://jambiprov.go.id/"}},
		Params:      map[string]any{"kept": "as it is"},
	}
	want := fm
	want.Tags = append([]string(nil), fm.Tags...)
	compactStrings(reflect.ValueOf(&fm).Elem())
	if !reflect.DeepEqual(fm, want) {
		t.Fatalf("values changed:\n%+v\nwant\n%+v", fm, want)
	}
	var lo, hi uintptr
	total := 0
	eachString(reflect.ValueOf(&fm).Elem(), func(v reflect.Value) {
		s := v.String()
		if s == "" {
			return
		}
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		if lo == 0 || p < lo {
			lo = p
		}
		hi = max(hi, p+uintptr(len(s)))
		total += len(s)
	})
	if int(hi-lo) != total {
		t.Errorf("the strings span %d bytes, want one block of %d", hi-lo, total)
	}
}

package diag

import (
	"fmt"
	"strings"
)

// Message is the diagnostic's message in lang ("id" for Indonesian, else
// English). Messages without a translation stay in English.
func (d *Diagnostic) Message(lang string) string {
	if lang != "id" || d.format == "" {
		return d.Msg
	}
	f, ok := indonesian[d.format]
	if !ok {
		return d.Msg
	}
	args := make([]any, len(d.args))
	for i, a := range d.args {
		args[i] = translateArg(a)
	}
	return fmt.Sprintf(f, args...)
}

// Localized is Error() with the message in lang.
func (d *Diagnostic) Localized(lang string) string {
	s := Printable(d.File)
	if d.Line > 0 {
		s += fmt.Sprintf(":%d", d.Line)
	}
	if d.Field != "" {
		s += ": " + d.Field
	}
	return s + ": " + d.Message(lang)
}

// translateArg translates the fixed phrases some messages pass as
// arguments, and nested diagnostics.
func translateArg(a any) any {
	switch v := a.(type) {
	case string:
		if t, ok := phrases[v]; ok {
			return t
		}
		for en, id := range phrasePrefixes {
			if rest, ok := strings.CutPrefix(v, en); ok {
				return id + rest
			}
		}
	case *Diagnostic:
		return v.Message("id")
	}
	return a
}

// indonesian translates message formats, keyed by the English format.
var indonesian = map[string]string{
	// front matter
	"front matter opened with %q is not closed: add a line with %q after the last key": "front matter dibuka dengan %q tetapi tidak ditutup: tambahkan baris %q setelah kunci terakhir",
	"front matter (%s): %s":                     "front matter (%s): %s",
	"front matter: %v":                          "front matter: %v",
	"expected %s, got %s":                       "seharusnya %s, tertulis %s",
	"written twice (also at line %d): keep one": "tertulis dua kali (juga di baris %d): pakai salah satu saja",
	"cannot read %q (write %s)":                 "tanggal %q tidak terbaca (tulis %s)",
	// pages
	"missing: every page needs a title (title: \"Judul\")":                                 "belum diisi: setiap halaman perlu judul (title: \"Judul\")",
	"missing: write the publication date, e.g. %s: 2020-11-11 10:30":                       "belum diisi: tulis tanggal terbit, misalnya %s: 2020-11-11 10:30",
	"missing: describe the image for readers who cannot see it (alt: \"...\")":             "belum diisi: jelaskan gambar untuk pembaca yang tidak dapat melihatnya (alt: \"...\")",
	"%q leaves the site: write a path such as /2020/11/judul.html":                         "%q keluar dari situs: tulis alamat seperti /2020/11/judul.html",
	"%q leaves the site: a slug is one word or words joined by -, e.g. slug: judul-berita": "%q keluar dari situs: slug berupa kata-kata yang disambung tanda -, misalnya slug: judul-berita",
	"%q has no letters or digits: write e.g. slug: judul-berita":                           "%q tidak berisi huruf atau angka: tulis misalnya slug: judul-berita",
	"%q is not an agency page: add content/opd/%s.md or use one of: %s":                    "%q bukan halaman perangkat daerah: buat content/opd/%s.md atau pakai salah satu dari: %s",
	"%q is not an innovation profile (no content/inovasi/%s.md)":                           "%q bukan profil inovasi (tidak ada content/inovasi/%s.md)",
	"%q is not a news item (write its slug, e.g. %s)":                                      "%q bukan berita (tulis slug-nya, misalnya %s)",
	"two pages on one URL %s: this file and %s (change a slug or alias)":                   "dua halaman pada satu alamat %s: berkas ini dan %s (ubah slug atau alias)",
	"no Markdown files found: put pages in content/ (for example content/berita/judul.md)": "tidak ada berkas Markdown: taruh halaman di content/ (misalnya content/berita/judul.md)",
	"cannot read: %v": "tidak dapat dibaca: %v",
	"template: %s":    "templat: %s",
	"markdown: %v":    "markdown: %v",
	"no layout for %s: add one of layouts/%s": "tidak ada layout untuk %s: buat salah satu dari layouts/%s",
	// files of the site folder
	"a symbolic link to %s, outside the site folder: warta reads only files inside it (copy what it points to into the site instead of linking to it)": "tautan simbolik ke %s, di luar folder situs: warta hanya membaca berkas di dalamnya (salin yang ditunjuknya ke dalam situs, jangan ditautkan)",
	"a symbolic link to nothing: remove it, or point it at a file inside the site":                                                                     "tautan simbolik yang tidak menunjuk ke apa pun: hapus, atau arahkan ke berkas di dalam situs",
	"a symbolic link to a folder that holds it: it would be read for ever (remove the link)":                                                           "tautan simbolik ke folder yang memuatnya sendiri: akan dibaca tanpa akhir (hapus tautannya)",
	"%s, not a regular file: warta never opens it (remove it from the site folder)":                                                                    "%s, bukan berkas biasa: warta tidak pernah membukanya (hapus dari folder situs)",
	"not a folder: %s must be a folder": "bukan folder: %s harus berupa folder",
	// innovation profiles
	"missing: write %s":                                              "belum diisi: tulis %s",
	"%q is not allowed; use one of: %s":                              "%q tidak dikenal; pakai salah satu dari: %s",
	"%q is already the primary affair: list only other affairs here": "%q sudah menjadi urusan utama: di sini cantumkan urusan lainnya saja",
	"missing: write digital: true for a digital innovation or digital: false for a non-digital one": "belum diisi: tulis digital: true untuk inovasi digital atau digital: false untuk inovasi non digital",
	"%q is not an e-mail address":                                                                    "%q bukan alamat surel",
	"%d is not a Sustainable Development Goal: use numbers 1 to 17":                                  "%d bukan nomor Tujuan Pembangunan Berkelanjutan: pakai angka 1 sampai 17",
	"missing: stage %s needs the date the trial began (dates: {trial: 2020-06-01})":                  "belum diisi: tahapan %s perlu tanggal mulai uji coba (dates: {trial: 2020-06-01})",
	"missing: stage penerapan needs the date it was put into use (dates: {implemented: 2021-01-04})": "belum diisi: tahapan penerapan perlu tanggal mulai diterapkan (dates: {implemented: 2021-01-04})",
	"set, but stage is %s: change stage to penerapan or remove dates.implemented":                    "terisi, padahal tahapannya %s: ubah stage menjadi penerapan atau hapus dates.implemented",
	"set, but stage is inisiatif: change stage to uji_coba or remove dates.trial":                    "terisi, padahal tahapannya inisiatif: ubah stage menjadi uji_coba atau hapus dates.trial",
	"missing: an innovation at stage penerapan needs its results (results: \"...\")":                 "belum diisi: inovasi pada tahapan penerapan perlu hasilnya (results: \"...\")",
	"%s is before %s (%s): the %s date cannot come before the %s date":                               "%s lebih awal dari %s (%s): tanggal %s tidak boleh mendahului tanggal %s",
	"design description (the body) has %d words; the innovation index asks for at least %d":          "uraian rancang bangun (isi halaman) %d kata; indeks inovasi meminta paling sedikit %d",
	"%d words; keep it under %d":                                                                     "%d kata; usahakan kurang dari %d",
}

// phrases translates fixed arguments of the formats above.
var phrases = map[string]string{
	"text":           "teks",
	"true or false":  "true atau false",
	"a whole number": "bilangan bulat",
	"a number":       "angka",
	"a list (one item per line starting with \"- \", or [a, b])": "daftar (satu butir per baris diawali \"- \", atau [a, b])",
	"a group of keys (indented lines \"key: value\")":            "kelompok kunci (baris menjorok \"kunci: nilai\")",
	"a list":          "daftar",
	"a group of keys": "kelompok kunci",
	"a short description of the innovation (summary: \"...\")":                         "deskripsi singkat inovasi (summary: \"...\")",
	"the key of the implementing agency, a file name in content/opd/ (agency: dinkes)": "kunci perangkat daerah pelaksana, nama berkas di content/opd/ (agency: dinkes)",
	"the main government affair (urusan), e.g. affairs: {primary: kesehatan}":          "urusan pemerintahan utama, misalnya affairs: {primary: kesehatan}",
	"the goals of the innovation (goals: \"...\")":                                     "tujuan inovasi (goals: \"...\")",
	"the benefits for citizens (benefits: \"...\")":                                    "manfaat bagi warga (benefits: \"...\")",
	"the office to contact (contact: {office: ..., email: ..., phone: ...})":           "kantor yang dapat dihubungi (contact: {office: ..., email: ..., phone: ...})",
	"YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2020-11-11 10:30":                            "YYYY-MM-DD atau YYYY-MM-DD HH:MM, misalnya 2020-11-11 10:30",
	"initiated":                     "digagas",
	"trial":                         "uji coba",
	"implemented":                   "diterapkan",
	"(no agency pages yet)":         "(belum ada halaman perangkat daerah)",
	"a named pipe (FIFO)":           "pipa bernama (FIFO)",
	"a socket":                      "soket",
	"a device":                      "perangkat (device)",
	"a file of /proc, /sys or /dev": "berkas /proc, /sys atau /dev",
	"a special file":                "berkas khusus",
}

// phrasePrefixes translates arguments that start with a fixed phrase.
var phrasePrefixes = map[string]string{
	"the stage, one of: ":        "tahapan, salah satu dari: ",
	"the form, one of: ":         "bentuk, salah satu dari: ",
	"who initiated it, one of: ": "penggagasnya, salah satu dari: ",
	"the number ":                "angka ",
}

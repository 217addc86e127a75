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
func (d *Diagnostic) Localized(lang string) string { return d.with(d.Message(lang)) }

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
	// build, render and the site model
	"build cache not usable, building without it: %v":                       "cache build tidak dapat dipakai, membangun tanpanya: %v",
	"has no effect without pin: true":                                       "tidak berpengaruh tanpa pin: true",
	`missing: say what was corrected (text: "...")`:                         `belum diisi: tulis apa yang diralat (text: "...")`,
	"%s is before the page's date %s: a correction comes after publication": "%s sebelum tanggal halaman %s: ralat datang setelah terbit",
	"%q links to %s, which is not a page of the site":                       "%q menautkan ke %s, yang bukan halaman situs ini",
	"layout not found":                      "tata letak tidak ditemukan",
	"copying: %v":                           "gagal menyalin: %v",
	"writing %s: %v":                        "gagal menulis %s: %v",
	"output %q would leave the destination": "keluaran %q akan keluar dari folder tujuan",
	"no layout for /cari/: add layouts/_default/search.html": "tidak ada tata letak untuk /cari/: tambahkan layouts/_default/search.html",
	// configuration (warta.yaml)
	"unknown key; check its spelling (the keys are listed in README.md, Configuration)": "kunci tidak dikenal; periksa ejaannya (daftar kunci ada di README.md, Configuration)",
	"cannot read: %s": "tidak dapat dibaca: %s",
	"unknown time zone %q (write e.g. Asia/Jakarta)":                "zona waktu %q tidak dikenal (tulis mis. Asia/Jakarta)",
	"cannot read %q (write e.g. https://example.go.id/)":            "%q tidak terbaca (tulis mis. https://example.go.id/)",
	"%q has no scheme and host: write the full address, https://%s": "%q tanpa skema dan host: tulis alamat lengkap, https://%s",
	"must be 1 or more, got %d":                                     "harus 1 atau lebih, tertulis %d",
	"must be 0 or more, got %d":                                     "harus 0 atau lebih, tertulis %d",
	"%q is not allowed; use one of: %s, %s":                         "%q tidak diizinkan; pakai salah satu: %s, %s",
	// front matter
	"front matter opened with %q is not closed: add a line with %q after the last key": "front matter dibuka dengan %q tetapi tidak ditutup: tambahkan baris %q setelah kunci terakhir",
	"front matter (%s): %s":                     "front matter (%s): %s",
	"front matter: %v":                          "front matter: %v",
	"expected %s, got %s":                       "seharusnya %s, tertulis %s",
	"written twice (also at line %d): keep one": "tertulis dua kali (juga di baris %d): pakai salah satu saja",
	"cannot read %q (write %s)":                 "tanggal %q tidak terbaca (tulis %s)",
	"JSON front matter: unexpected %s here: write every key and text in double quotes, a comma between two items and none after the last": "front matter JSON: %s tidak semestinya di sini: tulis setiap kunci dan teks di antara tanda kutip ganda, koma di antara dua butir dan tanpa koma setelah butir terakhir",
	"JSON front matter opened with \"{\" is not closed: add a line with \"}\" after the last key":                                         "front matter JSON dibuka dengan \"{\" tetapi tidak ditutup: tambahkan baris \"}\" setelah kunci terakhir",
	"no alt text: write image: {src: %q, alt: \"what the image shows\"}":                                                                  "tanpa teks alternatif: tulis image: {src: %q, alt: \"apa yang tampak di gambar\"}",
	"%q is a pattern, not a URL: write the old address in aliases, e.g. aliases: [/2020/11/judul.html]":                                   "%q adalah pola, bukan alamat: tulis alamat lamanya di aliases, misalnya aliases: [/2020/11/judul.html]",
	// files
	"not published: a Markdown file inside the folder of the page bundle %s is not a page (move it out of the folder to make it one)": "tidak diterbitkan: berkas Markdown di dalam folder bundel halaman %s bukan halaman (pindahkan ke luar folder itu agar menjadi halaman)",
	"not published: only page bundles (a folder with index.md) carry files under content/; move it into one, or to static/":           "tidak diterbitkan: di bawah content/ hanya bundel halaman (folder berisi index.md) yang membawa berkas; pindahkan ke dalam bundel atau ke static/",
	"no Markdown files found (.md, .markdown, .mdown, .mkd, .mkdn); skipped %d other files: %s":                                       "tidak ada berkas Markdown (.md, .markdown, .mdown, .mkd, .mkdn); %d berkas lain dilewati: %s",
	// front-matter syntax, in words
	"a colon and a space inside the value of %s: put the whole value in quotes, e.g. %s: %s":                                                                                "titik dua dan spasi di dalam nilai %s: apit seluruh nilainya dengan tanda kutip, misalnya %s: %s",
	"this line is indented further than the key above it, which already has a value: remove the spaces at its start":                                                        "baris ini menjorok lebih dalam daripada kunci di atasnya, yang sudah bernilai: hapus spasi di awal baris",
	"a comma is missing between two items of the list of %s: separate them with commas, e.g. %s: [\"a\", \"b\"]":                                                            "koma kurang di antara dua butir daftar %s: pisahkan dengan koma, misalnya %s: [\"a\", \"b\"]",
	"a comma is missing between two keys of the group of %s: separate them with commas, e.g. %s: {src: a.jpg, alt: \"...\"}":                                                "koma kurang di antara dua kunci kelompok %s: pisahkan dengan koma, misalnya %s: {src: a.jpg, alt: \"...\"}",
	"the list opened with [ on this line is not closed: end it with ] on the same line":                                                                                     "daftar yang dibuka dengan [ di baris ini tidak ditutup: akhiri dengan ] di baris yang sama",
	"the group opened with { on this line is not closed: end it with } on the same line":                                                                                    "kelompok yang dibuka dengan { di baris ini tidak ditutup: akhiri dengan } di baris yang sama",
	"indented with a tab: indent with spaces only":                                                                                                                          "menjorok dengan tab: pakai spasi saja untuk menjorokkan",
	"the quote %s that opens the value of %s is not closed: end the value with %s on the same line":                                                                         "tanda kutip %s yang membuka nilai %s tidak ditutup: akhiri nilainya dengan %s di baris yang sama",
	"a value cannot start with %s: put the whole value in quotes, e.g. %s: %s":                                                                                              "nilai tidak boleh diawali %s: apit seluruh nilainya dengan tanda kutip, misalnya %s: %s",
	"a backslash inside double quotes starts an escape: write \\\\ for a backslash, or use single quotes ('...')":                                                           "garis miring terbalik di dalam tanda kutip ganda memulai kode khusus: tulis \\\\ untuk garis miring terbalik, atau pakai tanda kutip tunggal ('...')",
	"%s is not \"key: value\": write a key, a colon and a space, then the value (or join this line to the one above)":                                                       "%s bukan \"kunci: nilai\": tulis kunci, titik dua dan spasi, lalu nilainya (atau gabungkan baris ini dengan baris di atasnya)",
	"a line is not \"key: value\": write a key, a colon and a space, then the value":                                                                                        "ada baris yang bukan \"kunci: nilai\": tulis kunci, titik dua dan spasi, lalu nilainya",
	"a list item cannot follow its key on the same line: write %s: alone, then each item on its own line starting with \"- \" (or write %s: [a, b])":                        "butir daftar tidak boleh sebaris dengan kuncinya: tulis %s: sendirian, lalu setiap butir di barisnya sendiri diawali \"- \" (atau tulis %s: [a, b])",
	"a ' inside a value in single quotes ends it early: write it twice (''), or quote the value with double quotes, e.g. %s: %s":                                            "tanda ' di dalam nilai bertanda kutip tunggal mengakhirinya terlalu awal: tulis dua kali (''), atau apit nilainya dengan tanda kutip ganda, misalnya %s: %s",
	"text after the closing quote of %s: put the whole value in quotes, e.g. %s: %s":                                                                                        "ada teks setelah tanda kutip penutup %s: apit seluruh nilainya dengan tanda kutip, misalnya %s: %s",
	"a list item under a key that already has a value: write the key alone on its line, then its items":                                                                     "butir daftar di bawah kunci yang sudah bernilai: tulis kuncinya sendirian di barisnya, lalu butir-butirnya",
	"this line does not fit the keys above it: check its indentation, and put values that hold : # ' \" in quotes":                                                          "baris ini tidak cocok dengan kunci di atasnya: periksa jorokannya, dan apit dengan tanda kutip nilai yang memuat : # ' \"",
	"an invisible control character on this line: delete it (retype the line)":                                                                                              "ada karakter kendali tak terlihat di baris ini: hapus (ketik ulang barisnya)",
	"YAML cannot be read here (%s): check the indentation, and put values that hold : # ' \" in quotes":                                                                     "YAML tidak terbaca di sini (%s): periksa jorokannya, dan apit dengan tanda kutip nilai yang memuat : # ' \"",
	"front matter: expected keys such as \"title: ...\", got %s":                                                                                                            "front matter: seharusnya berisi kunci seperti \"title: ...\", tertulis %s",
	"this file is not saved as UTF-8 (%s is probably Windows-1252): save it again with the encoding UTF-8":                                                                  "berkas ini tidak disimpan sebagai UTF-8 (%s kemungkinan Windows-1252): simpan ulang dengan pengodean UTF-8",
	"not a key warta knows: did you mean %s? As written it reaches layouts only, as .Params.%s":                                                                             "bukan kunci yang dikenal warta: maksudnya %s? Seperti tertulis, nilainya hanya sampai ke layout, sebagai .Params.%s",
	"%q is not a key warta knows, so no page shows it (layouts may, as .Params.%s): if this line is the article's text, the front matter's closing --- is missing above it": "%q bukan kunci yang dikenal warta, jadi tidak tampil di halaman mana pun (layout bisa membacanya, sebagai .Params.%s): jika baris ini teks berita, baris penutup --- front matter hilang di atasnya",
	"the front matter is not closed before the article's text (line %d): add a line with --- here, after the last key":                                                      "front matter belum ditutup sebelum teks berita (baris %d): tambahkan baris --- di sini, setelah kunci terakhir",
	"a comma is missing between two items of the list of %s: separate them with commas, e.g. %s = [\"a\", \"b\"]":                                                           "koma hilang di antara dua butir daftar %s: pisahkan dengan koma, mis. %s = [\"a\", \"b\"]",
	"%q is one item: if it was meant as %d, start each on its own line with - at the same indentation (a line indented further continues the item above it)":                "%q satu butir: jika maksudnya %d butir, tulis masing-masing di barisnya sendiri, diawali - dengan indentasi yang sama (baris yang menjorok lebih dalam menyambung butir di atasnya)",
	"the first line %q does not open the front matter: write exactly %s on a line of its own, with nothing after it":                                                        "baris pertama %q tidak membuka front matter: tulis persis %s pada barisnya sendiri, tanpa apa pun sesudahnya",
	"the file is empty: start it with the front matter, a line ---, then title: and date: on lines of their own, then a line ---, and the text after it":                    "berkas ini kosong: awali dengan front matter, yaitu baris ---, lalu title: dan date: pada barisnya masing-masing, lalu baris ---, dan teks sesudahnya",
	"the file has no front matter: start it with a line ---, then title: and date: on lines of their own, then a line ---, before the text":                                 "berkas ini tidak punya front matter: awali dengan baris ---, lalu title: dan date: pada barisnya masing-masing, lalu baris ---, sebelum teks",
	"not a key of %s, so it is left out: use one of %s":                                                                                                                     "bukan kunci %s, jadi diabaikan: pakai salah satu dari %s",
	"%s has no value: write it after the =, e.g. %s = \"...\"":                                                                                                              "%s tidak bernilai: tulis nilainya setelah =, misalnya %s = \"...\"",
	"text must be in quotes in TOML: write %s = %s":                                                                                                                         "dalam TOML teks harus di antara tanda kutip: tulis %s = %s",
	"TOML writes key = value (key: value is YAML, between --- lines): write %s = %s":                                                                                        "TOML ditulis kunci = nilai (kunci: nilai adalah YAML, di antara baris ---): tulis %s = %s",
	"a key is one word: join the words with _ (%s), or put the key in quotes":                                                                                               "kunci berupa satu kata: sambung kata-katanya dengan _ (%s), atau apit kuncinya dengan tanda kutip",
	"text after the value of %s: put the whole value in double quotes, e.g. %s = %s":                                                                                        "ada teks setelah nilai %s: apit seluruh nilainya dengan tanda kutip ganda, misalnya %s = %s",
	"%s is not a date: write dates as text in quotes (%s = \"2020-11-11 10:30\") or as TOML dates (%s = 2020-11-11T10:30:00+07:00)":                                         "%s bukan tanggal: tulis tanggal sebagai teks bertanda kutip (%s = \"2020-11-11 10:30\") atau sebagai tanggal TOML (%s = 2020-11-11T10:30:00+07:00)",
	"TOML cannot be read here (%s): write key = value, with text in double quotes":                                                                                          "TOML tidak terbaca di sini (%s): tulis kunci = nilai, dengan teks di antara tanda kutip ganda",
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
	"template: {{ %s }}: %s has no field or method %s: check its spelling against the README's \"Layouts\"": "templat: {{ %s }}: %s tidak punya field atau method %s: periksa ejaannya dengan bagian \"Layouts\" di README",
	"template: {{ %s }}: nothing there for this page (no %s to read %s from): guard it with {{ with ... }}": "templat: {{ %s }}: tidak ada isinya untuk halaman ini (tidak ada %s untuk dibaca %s-nya): lindungi dengan {{ with ... }}",
	"template: {{ range %s }}: not a list, so range cannot go through it":                                   "templat: {{ range %s }}: bukan daftar, jadi range tidak dapat menjalaninya",
	"template: {{ %s }}: %s takes %s arguments, given %s":                                                   "templat: {{ %s }}: %s butuh %s argumen, diberi %s",
	"template: no function %q: check its spelling against the README's \"Layouts\"":                         "templat: tidak ada fungsi %q: periksa ejaannya dengan bagian \"Layouts\" di README",
	"template: no layout or partial %q: its file would be layouts/%s":                                       "templat: tidak ada layout atau partial %q: berkasnya mestinya layouts/%s",
	"%q is one item, commas and all: for several, write %s: [%s]":                                           "%q terbaca sebagai satu butir, komanya ikut: untuk beberapa butir, tulis %s: [%s]",
	"template: the action opened with {{ on this line is not closed: end it with }}":                        "templat: aksi yang dibuka dengan {{ di baris ini tidak ditutup: akhiri dengan }}",
	"markdown: %v": "markdown: %v",
	"no layout for %s: add one of layouts/%s":                                             "tidak ada layout untuk %s: buat salah satu dari layouts/%s",
	"template: still running after %s: does a layout or partial call itself without end?": "templat: masih berjalan setelah %s: adakah layout atau partial yang memanggil dirinya sendiri tanpa akhir?",
	// Markdown bodies
	"block quotes or lists nested %d levels deep; at most %d are read (remove some of the leading \">\", \"-\" or spaces)":        "kutipan atau daftar bersarang %d tingkat; paling banyak %d tingkat yang dibaca (hapus sebagian \">\", \"-\" atau spasi di awal baris)",
	"a paragraph with more than %d \"*\", \"_\" or \"[\"; split it with blank lines, or write the characters as \\*, \\_ and \\[": "paragraf dengan lebih dari %d \"*\", \"_\" atau \"[\"; pecah dengan baris kosong, atau tulis tanda itu sebagai \\*, \\_ dan \\[",
	// files of the site folder
	"a symbolic link to %s, outside the site folder: warta reads only files inside it (copy what it points to into the site instead of linking to it)": "tautan simbolik ke %s, di luar folder situs: warta hanya membaca berkas di dalamnya (salin yang ditunjuknya ke dalam situs, jangan ditautkan)",
	"a symbolic link to %s, outside the site folder: if you linked this folder on purpose, build with --linked-folders":                                "tautan simbolik ke %s, di luar folder situs: bila folder ini memang sengaja ditautkan, bangun dengan --linked-folders",
	"a symbolic link to nothing: remove it, or point it at a file inside the site":                                                                     "tautan simbolik yang tidak menunjuk ke apa pun: hapus, atau arahkan ke berkas di dalam situs",
	"a symbolic link to a folder that holds it: it would be read for ever (remove the link)":                                                           "tautan simbolik ke folder yang memuatnya sendiri: akan dibaca tanpa akhir (hapus tautannya)",
	"%s, not a regular file: warta never opens it (remove it from the site folder)":                                                                    "%s, bukan berkas biasa: warta tidak pernah membukanya (hapus dari folder situs)",
	"not a folder: %s must be a folder": "bukan folder: %s harus berupa folder",
	// taxonomies and the published address
	"%q and %q (%s:%d) are different terms with one URL %s: write them alike, or make them differ in letters or digits":                                                                                                        "%q dan %q (%s:%d) adalah istilah berbeda dengan satu alamat %s: tulis keduanya sama, atau bedakan huruf atau angkanya",
	"%q: the host %q is not a valid domain name (write e.g. https://example.go.id/)":                                                                                                                                           "%q: host %q bukan nama domain yang sah (tulis misalnya https://example.go.id/)",
	"%q has no letters or digits for its URL and is left out: write it in Latin letters, e.g. %s: [%s]":                                                                                                                        "%q tidak berisi huruf Latin atau angka untuk alamatnya sehingga tidak dipakai: tulis dengan huruf Latin, misalnya %s: [%s]",
	"%q is not an absolute address, so the feeds, sitemap.xml and robots.txt get relative URLs that feed readers and search engines cannot follow: write baseURL: https://portal.example.go.id/ in %s or build with --baseURL": "%q bukan alamat lengkap, sehingga umpan berita, sitemap.xml dan robots.txt berisi alamat relatif yang tidak dapat diikuti aplikasi pembaca umpan dan mesin pencari: tulis baseURL: https://portal.example.go.id/ di %s atau bangun dengan --baseURL",
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
	// warta import
	"%d cover image(s) have no description in the source; their alt text is the page title (describe each image)":             "%d gambar sampul tidak berketerangan di sumber; teks alt-nya diisi judul halaman (jelaskan setiap gambar)",
	"%d page(s) keep embeds (iframes, video) as HTML, which the build drops unless warta.yaml says markdown: {rawHTML: true}": "%d halaman memuat sematan (iframe, video) sebagai HTML, yang dibuang saat membangun kecuali warta.yaml berisi markdown: {rawHTML: true}",
	"%q has no date at all: imported as a plain page, not news (add a date and move it to content/berita/ to make it news)":   "%q sama sekali tidak bertanggal: diimpor sebagai halaman biasa, bukan berita (tambahkan tanggal dan pindahkan ke content/berita/ agar menjadi berita)",
	"%q has no publication date: used its last update, %s":                                                                    "%q tidak bertanggal terbit: dipakai tanggal pembaruan terakhirnya, %s",
	"%q is an automatic draft (status %s) WordPress made, not written by anyone; skipped":                                     "%q adalah draf otomatis (status %s) buatan WordPress, tidak ditulis siapa pun; dilewati",
	"%q is deleted in Blogger (status %s); skipped":                                                                           "%q sudah dihapus di Blogger (status %s); dilewati",
	"%q is in the WordPress trash; skipped":                                                                                   "%q ada di tempat sampah WordPress; dilewati",
	"%q is password-protected in WordPress; imported as a draft (warta has no passwords)":                                     "%q dilindungi kata sandi di WordPress; diimpor sebagai draf (warta tidak mengenal kata sandi)",
	"%q is private in WordPress; imported as a draft so it stays off the public site":                                         "%q bersifat privat di WordPress; diimpor sebagai draf agar tidak tampil di situs publik",
	"%q: %d embed(s) from a site warta's sanitizer does not allow became links":                                               "%q: %d sematan dari situs yang tidak diizinkan penyaring warta dijadikan tautan",
	"%q: %d script(s) removed from the body (a static page cannot run them safely)":                                           "%q: %d skrip dibuang dari isi (halaman statis tidak dapat menjalankannya dengan aman)",
	"%q: WordPress's default category %q left out":                                                                            "%q: kategori bawaan WordPress %q tidak diikutkan",
	"%q: cannot read the HTML body: %v":                                                                                       "%q: isi HTML tidak dapat dibaca: %v",
	"%q: cover %s is not in the source folder; left out":                                                                      "%q: gambar sampul %s tidak ada di folder sumber; tidak diikutkan",
	"%q: front matter: %v":                       "%q: front matter: %v",
	"%q: image %q is not a URL; kept as written": "%q: gambar %q bukan alamat URL; dibiarkan seperti tertulis",
	"%q: image %s can be downloaded now, but the page was imported before without it; the link stays remote (delete the page's folder and import again to fetch it)": "%q: gambar %s kini dapat diunduh, tetapi halamannya sudah diimpor tanpa gambar itu; tautannya tetap ke situs lama (hapus folder halaman itu lalu impor lagi untuk mengunduhnya)",
	"%q: image %s could not be downloaded (%v); the link stays remote":                                                                                               "%q: gambar %s tidak dapat diunduh (%v); tautannya tetap ke situs lama",
	"%q: slug %q is taken; written as %q": "%q: slug %q sudah dipakai; ditulis sebagai %q",
	"%q: the old slug %q became %q":       "%q: slug lama %q menjadi %q",
	"%q: converted: %s":                   "%q: dikonversi: %s",
	"%s %q skipped: %s":                   "%s %q dilewati: %s",
	"%s content is not read by warta; convert it to Markdown and import again":                                  "konten %s tidak dibaca warta; ubah menjadi Markdown lalu impor lagi",
	"--into must be a folder, not a file":                                                                       "--into harus berupa folder, bukan berkas",
	"a list page's text; warta writes its own lists (put a description in content/<section>/_index.md by hand)": "teks halaman daftar; warta membuat daftarnya sendiri (tulis deskripsinya di content/<bagian>/_index.md secara manual)",
	"an HTML page of the theme (home, lists, feeds); warta's layouts make their own":                            "halaman HTML milik tema (beranda, daftar, umpan); layout warta membuat sendiri",
	"cannot create the folder: %v":                                                                              "folder tidak dapat dibuat: %v",
	"cannot read the configuration: %v":                                                                         "konfigurasi tidak dapat dibaca: %v",
	"cannot read the date %q":                                                                                   "tanggal %q tidak terbaca",
	"cannot read the date %q; the post gets the date of the import's other fields or none":                      "tanggal %q tidak terbaca; tulisan memakai tanggal dari kolom lain atau tanpa tanggal",
	"cannot read the date %q; used the date of the file name":                                                   "tanggal %q tidak terbaca; dipakai tanggal dari nama berkas",
	"cannot read the source: %v":                                                                                "sumber tidak dapat dibaca: %v",
	"cannot write: %v":                                                                                          "tidak dapat ditulis: %v",
	"entry of kind %q (%s) is not a post or page; skipped":                                                      "entri jenis %q (%s) bukan tulisan atau halaman; dilewati",
	"entry: %v": "entri: %v",
	"exists with other content; the import never replaces a file (move it away or import into another folder)": "sudah ada dengan isi lain; impor tidak pernah menimpa berkas (pindahkan berkas itu atau impor ke folder lain)",
	"front matter cannot be read (%v); skipped: fix it and import again":                                       "front matter tidak dapat dibaca (%v); dilewati: perbaiki lalu impor lagi",
	"item: %v": "item: %v",
	"no GMT date; read %q with the site's usual offset %s":                                    "tanpa tanggal GMT; %q dibaca dengan selisih waktu yang biasa dipakai situs, %s",
	"no front matter, so Jekyll does not publish it either; skipped":                          "tanpa front matter, sehingga Jekyll pun tidak menerbitkannya; dilewati",
	"no timezone: dates without an offset are read in Asia/Jakarta (WIB), warta's default":    "tanpa timezone: tanggal tanpa selisih waktu dibaca dalam Asia/Jakarta (WIB), bawaan warta",
	"no title: used %q (write the real title)":                                                "tanpa judul: dipakai %q (tulis judul yang sebenarnya)",
	"no title: used %q from the file name, as Jekyll does":                                    "tanpa judul: dipakai %q dari nama berkas, seperti Jekyll",
	"not a Blogger export: %v":                                                                "bukan ekspor Blogger: %v",
	"not a Blogger export: the file starts with <%s>, expected an Atom <feed>":                "bukan ekspor Blogger: berkas diawali <%s>, seharusnya <feed> Atom",
	"not a Hugo site: no content/ folder":                                                     "bukan situs Hugo: tidak ada folder content/",
	"not a WordPress export (WXR): %v":                                                        "bukan ekspor WordPress (WXR): %v",
	"not a WordPress export (WXR): no <rss> element":                                          "bukan ekspor WordPress (WXR): tidak ada elemen <rss>",
	"not named YYYY-MM-DD-title%s, so Jekyll does not publish it either; skipped":             "namanya bukan YYYY-MM-DD-judul%s, sehingga Jekyll pun tidak menerbitkannya; dilewati",
	"post type %q (%q) is not a post or page; skipped: import it by hand if it holds content": "jenis tulisan %q (%q) bukan tulisan atau halaman; dilewati: impor secara manual bila berisi konten",
	"the Blogger template %q is not imported: warta's theme replaces it (layouts/)":           "templat Blogger %q tidak diimpor: tema warta menggantikannya (layouts/)",
	"the Hugo site sets no timeZone: dates without an offset are read in UTC, as Hugo does":   "situs Hugo tidak menetapkan timeZone: tanggal tanpa selisih waktu dibaca dalam UTC, seperti Hugo",
	"the home or error page; warta's theme makes its own":                                     "halaman beranda atau galat; tema warta membuat sendiri",
	"timezone %q is not a time zone name such as Asia/Jakarta":                                "timezone %q bukan nama zona waktu seperti Asia/Jakarta",
	"a %s source is the site folder, not a file":                                              "sumber %s berupa folder situs, bukan berkas",
	"a %s source is the export file (.xml or .atom), not a folder":                            "sumber %s berupa berkas ekspor (.xml atau .atom), bukan folder",
	"the warta site must be outside the %s folder it is imported from":                        "situs warta harus berada di luar folder %s yang diimpor",
	// The build cache's notes (--timings): what it could not use and why.
	"build cache: %s was not used (%s); it is made again": "cache build: %s tidak dipakai (%s); dibuat lagi",
}

// phrases translates fixed arguments of the formats above.
var phrases = map[string]string{
	"text":                      "teks",
	"a different kind of value": "jenis nilai lain",
	"true or false":             "true atau false",
	"a whole number":            "bilangan bulat",
	"a number":                  "angka",
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
	// warta import: why a WordPress item is skipped
	"an uploaded file, not a page (used as a cover or image where a post names it)": "berkas unggahan, bukan halaman (dipakai sebagai sampul atau gambar bila disebut tulisan)",
	"a menu entry: set menus in warta.yaml (menu)":                                  "butir menu: atur menu di warta.yaml (menu)",
	"a block-editor menu: set menus in warta.yaml (menu)":                           "menu penyunting blok: atur menu di warta.yaml (menu)",
	"the block theme's global styles: warta's theme replaces them":                  "gaya global tema blok: tema warta menggantikannya",
	"a block theme template: warta's layouts replace it":                            "templat tema blok: layout warta menggantikannya",
	"a block theme template part: warta's layouts replace it":                       "bagian templat tema blok: layout warta menggantikannya",
	"a reusable block: its content is already inside the posts that use it":         "blok pakai ulang: isinya sudah ada di tulisan yang memakainya",
	"the theme's custom CSS: warta's theme replaces it":                             "CSS khusus tema: tema warta menggantikannya",
	"a Customizer draft of theme settings":                                          "draf pengaturan tema dari Customizer",
	"WordPress's cache of embed answers":                                            "tembolok jawaban sematan WordPress",
	"an older revision of a post":                                                   "revisi lama sebuah tulisan",
	"a theme font":                                                                  "fon tema",
	// the build cache: what it could not use, and why
	"a rendered body":                           "isi halaman yang sudah dirender",
	"an image rendition":                        "ukuran gambar yang sudah dibuat",
	"the search index's file of analysed pages": "berkas analisis halaman untuk indeks pencarian",
	"docs index":                                "indeks isi halaman",
	"values index":                              "indeks nilai",
	"files index":                               "indeks berkas sumber",
	"not a cache file or cut short":             "bukan berkas cache, atau terpotong",
	"written by another version of warta":       "ditulis oleh versi warta lain",
	"belongs to another entry, site or version": "milik entri, situs atau versi lain",
	"length differs: cut short or overwritten":  "panjangnya berbeda: terpotong atau tertimpa",
	"checksum mismatch: damaged":                "checksum tidak cocok: rusak",
	"not a body index of this format":           "bukan indeks isi halaman dalam format ini",
	"not a manifest of this format":             "bukan catatan hasil build dalam format ini",
	"an entry cut short":                        "sebuah entri terpotong",
	"an entry is not an analysed page":          "sebuah entri bukan analisis halaman",
}

// phrasePrefixes translates arguments that start with a fixed phrase.
var phrasePrefixes = map[string]string{
	"the stage, one of: ":        "tahapan, salah satu dari: ",
	"the form, one of: ":         "bentuk, salah satu dari: ",
	"who initiated it, one of: ": "penggagasnya, salah satu dari: ",
	"the number ":                "angka ",
	"the manifest of ":           "catatan hasil build untuk ",
	"cannot decode: ":            "tidak dapat dibaca: ",
}

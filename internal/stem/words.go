package stem

// Stop reports whether token (from [Tokens]) is a stopword: one of the
// commonest Indonesian function words (conjunctions, prepositions,
// pronouns, auxiliaries, particles), which the index leaves out. The list
// is kept short on purpose: a word that can carry a query (baru, tahun,
// kota) is not in it. layouts/assets/js/stem.js holds the same list.
func Stop(token string) bool {
	switch token {
	case "ada", "adalah", "agar", "akan", "aku", "anda", "antara", "apa",
		"apabila", "atau", "bagi", "bahwa", "beberapa", "belum", "bila",
		"bisa", "dalam", "dan", "dapat", "dari", "demikian", "dengan", "di",
		"dia", "hanya", "harus", "hingga", "ia", "ini", "itu", "jadi",
		"jika", "juga", "kah", "kalau", "kami", "kamu", "karena", "ke",
		"kepada", "ketika", "kita", "lagi", "lah", "maka", "masih", "mereka",
		"namun", "nya", "oleh", "pada", "para", "pula", "pun", "saat",
		"saja", "sangat", "saya", "se", "sebagai", "sebelum", "sedang",
		"sehingga", "sejak", "selain", "seperti", "serta", "setelah",
		"sudah", "tapi", "telah", "tentang", "tersebut", "tetapi", "untuk",
		"yaitu", "yakni", "yang", "yg", "dgn", "dll", "dsb":
		return true
	}
	return false
}

// protected reports whether word is a proper noun or an agency acronym
// that Tala's rules would wrongly take apart (ke|rinci, di|skominfo,
// me|rangin): agency names of Indonesian regional government and the
// provinces, regencies and cities whose names look inflected. The index
// and the query both keep these words whole. layouts/assets/js/stem.js
// holds the same list.
func protected(word string) bool {
	switch word {
	// agencies: Dinas (dis-, din-), Kementerian (kemen-), Badan, courts
	case "bapelitbangda", "bappeda", "bapenda", "bappenas", "bpbd", "bpkad",
		"disbudpar", "disdik", "disdikbud", "disdukcapil", "dishub",
		"diskominfo", "diskominfotik", "diskop", "diskoperindag", "disnaker",
		"disnakertrans", "dispar", "disparbud", "dispenda", "dispendukcapil",
		"disperindag", "disperkim", "dispertan", "dispora", "distan",
		"kejari", "kejati", "kemenag", "kemendag", "kemendagri",
		"kemendikbud", "kemendikbudristek", "kemenhub", "kemenkes",
		"kemenkeu", "kemenkominfo", "kemenkumham", "kemenlu", "kemenpan",
		"kemenparekraf", "kemenperin", "kemenpora", "kemensos", "kementan",
		"kesbangpol", "pelindo", "pertamina", "perumda":
		return true
	// places: provinces, regencies and cities
	case "asahan", "bukittinggi", "indragiri", "kalimantan", "kebumen",
		"kediri", "kendari", "kerinci", "kuningan", "meulaboh", "merangin",
		"merauke", "mesuji", "pangandaran", "pariaman", "pasaman",
		"pekalongan", "pekanbaru", "pelalawan", "pemalang", "pesawaran",
		"pesisir", "sukabumi", "ternate", "dumai":
		return true
	}
	return false
}

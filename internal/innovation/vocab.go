// Package innovation defines the fixed lists of the regional innovation
// profile (stage, form, initiator kind, status, government affairs of
// Law 23/2014) once, with their Indonesian labels, and the rules a profile
// must satisfy.
package innovation

import "strings"

// Term is one allowed value of a fixed list.
type Term struct {
	Key   string // as written in front matter: "uji_coba"
	Label string // as shown to readers: "Uji Coba"
	Group string // for affairs: the group key; empty elsewhere
}

// List is a fixed list of allowed values, in display order.
type List struct {
	Name  string // front-matter field
	Terms []Term
}

// Has reports whether key is allowed.
func (l List) Has(key string) bool {
	_, ok := l.Find(key)
	return ok
}

// Find returns the term of key.
func (l List) Find(key string) (Term, bool) {
	for _, t := range l.Terms {
		if t.Key == key {
			return t, true
		}
	}
	return Term{}, false
}

// Label is the Indonesian label of key, or key itself when unknown.
func (l List) Label(key string) string {
	if t, ok := l.Find(key); ok {
		return t.Label
	}
	return key
}

// Keys lists the allowed keys, for error messages.
func (l List) Keys() string {
	keys := make([]string, len(l.Terms))
	for i, t := range l.Terms {
		keys[i] = t.Key
	}
	return strings.Join(keys, ", ")
}

// Stage values, in the order a profile moves through them.
const (
	StageInitiative = "inisiatif"
	StageTrial      = "uji_coba"
	StageApplied    = "penerapan"
)

var (
	Stages = List{"stage", []Term{
		{Key: StageInitiative, Label: "Inisiatif"},
		{Key: StageTrial, Label: "Uji Coba"},
		{Key: StageApplied, Label: "Penerapan"},
	}}
	Forms = List{"form", []Term{
		{Key: "tata_kelola", Label: "Inovasi Tata Kelola Pemerintahan Daerah"},
		{Key: "pelayanan_publik", Label: "Inovasi Pelayanan Publik"},
		{Key: "urusan_lainnya", Label: "Inovasi Bentuk Lainnya"},
	}}
	InitiatorKinds = List{"initiator.kind", []Term{
		{Key: "kepala_daerah", Label: "Kepala Daerah"},
		{Key: "anggota_dprd", Label: "Anggota DPRD"},
		{Key: "opd", Label: "Perangkat Daerah (OPD)"},
		{Key: "asn", Label: "Aparatur Sipil Negara (ASN)"},
		{Key: "masyarakat", Label: "Masyarakat"},
	}}
	Statuses = List{"status", []Term{
		{Key: "aktif", Label: "Aktif"},
		{Key: "vakum", Label: "Vakum"},
		{Key: "berhenti", Label: "Berhenti"},
	}}
	// Digital is the index's "jenis": digital or not.
	Kinds = List{"digital", []Term{
		{Key: "digital", Label: "Digital"},
		{Key: "non-digital", Label: "Non Digital"},
	}}
	AffairGroups = List{"affairs group", []Term{
		{Key: "wajib_dasar", Label: "Urusan Wajib Pelayanan Dasar"},
		{Key: "wajib_non_dasar", Label: "Urusan Wajib Non Pelayanan Dasar"},
		{Key: "pilihan", Label: "Urusan Pilihan"},
		{Key: "penunjang", Label: "Urusan Penunjang"},
	}}
	Affairs = List{"affairs", affairs()}
)

func affairs() []Term {
	groups := []struct {
		group string
		terms [][2]string
	}{
		{"wajib_dasar", [][2]string{
			{"pendidikan", "Pendidikan"},
			{"kesehatan", "Kesehatan"},
			{"pekerjaan_umum_dan_penataan_ruang", "Pekerjaan Umum dan Penataan Ruang"},
			{"perumahan_rakyat_dan_kawasan_permukiman", "Perumahan Rakyat dan Kawasan Permukiman"},
			{"ketenteraman_ketertiban_umum_dan_perlindungan_masyarakat", "Ketenteraman, Ketertiban Umum, dan Perlindungan Masyarakat"},
			{"sosial", "Sosial"},
		}},
		{"wajib_non_dasar", [][2]string{
			{"tenaga_kerja", "Tenaga Kerja"},
			{"pemberdayaan_perempuan_dan_perlindungan_anak", "Pemberdayaan Perempuan dan Perlindungan Anak"},
			{"pangan", "Pangan"},
			{"pertanahan", "Pertanahan"},
			{"lingkungan_hidup", "Lingkungan Hidup"},
			{"administrasi_kependudukan_dan_pencatatan_sipil", "Administrasi Kependudukan dan Pencatatan Sipil"},
			{"pemberdayaan_masyarakat_dan_desa", "Pemberdayaan Masyarakat dan Desa"},
			{"pengendalian_penduduk_dan_keluarga_berencana", "Pengendalian Penduduk dan Keluarga Berencana"},
			{"perhubungan", "Perhubungan"},
			{"komunikasi_dan_informatika", "Komunikasi dan Informatika"},
			{"koperasi_usaha_kecil_dan_menengah", "Koperasi, Usaha Kecil, dan Menengah"},
			{"penanaman_modal", "Penanaman Modal"},
			{"kepemudaan_dan_olahraga", "Kepemudaan dan Olahraga"},
			{"statistik", "Statistik"},
			{"persandian", "Persandian"},
			{"kebudayaan", "Kebudayaan"},
			{"perpustakaan", "Perpustakaan"},
			{"kearsipan", "Kearsipan"},
		}},
		{"pilihan", [][2]string{
			{"kelautan_dan_perikanan", "Kelautan dan Perikanan"},
			{"pariwisata", "Pariwisata"},
			{"pertanian", "Pertanian"},
			{"kehutanan", "Kehutanan"},
			{"energi_dan_sumber_daya_mineral", "Energi dan Sumber Daya Mineral"},
			{"perdagangan", "Perdagangan"},
			{"perindustrian", "Perindustrian"},
			{"transmigrasi", "Transmigrasi"},
		}},
		{"penunjang", [][2]string{
			{"perencanaan", "Perencanaan"},
			{"keuangan", "Keuangan"},
			{"kepegawaian", "Kepegawaian"},
			{"pendidikan_dan_pelatihan", "Pendidikan dan Pelatihan"},
			{"penelitian_dan_pengembangan", "Penelitian dan Pengembangan"},
			{"pengawasan", "Pengawasan"},
		}},
	}
	var out []Term
	for _, g := range groups {
		for _, t := range g.terms {
			out = append(out, Term{Key: t[0], Label: t[1], Group: g.group})
		}
	}
	return out
}

// Lists returns every fixed list by its name, for templates.
func Lists() map[string]List {
	return map[string]List{
		"stage": Stages, "form": Forms, "initiator": InitiatorKinds, "status": Statuses,
		"digital": Kinds, "affairs": Affairs, "group": AffairGroups,
	}
}

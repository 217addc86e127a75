package innovation

import (
	"strings"
	"testing"
	"time"
)

func valid() Profile {
	yes := true
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	return Profile{
		File: "content/inovasi/x.md", Line: func(key string) int { return len(key) }, // a distinct line per key
		Title: "Antrean Daring", Summary: "Antre dari rumah.", Agency: "disdukcapil",
		Stage: StageApplied, Digital: &yes, Form: "pelayanan_publik",
		InitiatorKind: "opd", AffairsPrimary: "kesehatan", AffairsRelated: []string{"sosial"},
		Initiated: d("2020-01-01"), Trial: d("2020-06-01"), Implemented: d("2021-01-01"),
		Goals: "g", Benefits: "b", Results: "r", Status: "aktif", ContactOffice: "Kantor",
		DesignWords: 400,
	}
}

func TestValidateRules(t *testing.T) {
	tests := []struct {
		name string
		edit func(p *Profile)
		want string // the whole message, file and line included
	}{
		{"unknown stage", func(p *Profile) { p.Stage = "uji coba" },
			`content/inovasi/x.md:5: stage: "uji coba" is not allowed; use one of: inisiatif, uji_coba, penerapan`},
		{"unknown form", func(p *Profile) { p.Form = "layanan" },
			`content/inovasi/x.md:4: form: "layanan" is not allowed; use one of: tata_kelola, pelayanan_publik, urusan_lainnya`},
		{"unknown initiator", func(p *Profile) { p.InitiatorKind = "camat" },
			`content/inovasi/x.md:14: initiator.kind: "camat" is not allowed; use one of: kepala_daerah, anggota_dprd, opd, asn, masyarakat`},
		{"unknown status", func(p *Profile) { p.Status = "mati" },
			`content/inovasi/x.md:6: status: "mati" is not allowed; use one of: aktif, vakum, berhenti`},
		{"unknown affair", func(p *Profile) { p.AffairsPrimary = "olahraga" },
			`content/inovasi/x.md:15: affairs.primary: "olahraga" is not allowed; use one of: pendidikan, kesehatan,`},
		{"unknown related affair", func(p *Profile) { p.AffairsRelated = []string{"kesehatan_hewan"} },
			`affairs.related: "kesehatan_hewan" is not allowed`},
		{"related repeats primary", func(p *Profile) { p.AffairsRelated = []string{"kesehatan"} },
			`affairs.related: "kesehatan" is already the primary affair`},
		{"missing digital", func(p *Profile) { p.Digital = nil }, `content/inovasi/x.md:7: digital: missing: write digital: true`},
		{"missing summary", func(p *Profile) { p.Summary = "" }, `summary: missing`},
		{"missing agency", func(p *Profile) { p.Agency = "" }, `agency: missing`},
		{"missing stage", func(p *Profile) { p.Stage = "" }, `stage: missing: write the stage, one of: inisiatif, uji_coba, penerapan`},
		{"missing goals", func(p *Profile) { p.Goals = "" }, `goals: missing`},
		{"missing benefits", func(p *Profile) { p.Benefits = "" }, `benefits: missing`},
		{"missing contact", func(p *Profile) { p.ContactOffice = "" }, `contact.office: missing`},
		{"bad contact email", func(p *Profile) { p.ContactEmail = "kantor" }, `contact.email: "kantor" is not an e-mail address`},
		{"results at penerapan", func(p *Profile) { p.Results = "" }, `results: missing: an innovation at stage penerapan needs its results`},
		{"trial missing from uji_coba", func(p *Profile) {
			p.Stage, p.Implemented, p.Results, p.Trial = StageTrial, time.Time{}, "", time.Time{}
		},
			`dates.trial: missing: stage uji_coba needs the date the trial began`},
		{"implemented missing at penerapan", func(p *Profile) { p.Implemented = time.Time{} },
			`dates.implemented: missing: stage penerapan needs the date`},
		{"implemented before penerapan", func(p *Profile) { p.Stage = StageTrial },
			`dates.implemented: set, but stage is uji_coba: change stage to penerapan or remove dates.implemented`},
		{"trial at inisiatif", func(p *Profile) { p.Stage, p.Implemented = StageInitiative, time.Time{} },
			`dates.trial: set, but stage is inisiatif`},
		{"trial after implemented", func(p *Profile) { p.Trial = p.Implemented.AddDate(0, 1, 0) },
			`dates.implemented: 1 Januari 2021 is before trial (1 Februari 2021): the implemented date cannot come before the trial date`},
		{"initiated after trial", func(p *Profile) { p.Initiated = p.Trial.AddDate(0, 0, 1) },
			`dates.trial: 1 Juni 2020 is before initiated (2 Juni 2020)`},
		{"sdg out of range", func(p *Profile) { p.SDGs = []int{18} }, `sdgs: 18 is not a Sustainable Development Goal`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := valid()
			tt.edit(&p)
			l := Validate(p)
			if !l.Errors() {
				t.Fatalf("no error; want %q", tt.want)
			}
			if err := l.Err().Error(); !strings.Contains(err, tt.want) {
				t.Errorf("got\n%s\nwant %q", err, tt.want)
			}
		})
	}
}

func TestValidProfilePasses(t *testing.T) {
	if l := Validate(valid()); len(l) != 0 {
		t.Fatalf("valid profile: %v", l.Err())
	}
}

func TestWarnings(t *testing.T) {
	p := valid()
	p.DesignWords = 120
	p.Summary = strings.Repeat("kata ", 201)
	l := Validate(p)
	if l.Errors() {
		t.Fatalf("warnings became errors: %v", l.Err())
	}
	w := l.Warnings()
	if len(w) != 2 || !strings.Contains(w[0].Msg+w[1].Msg, "has 120 words; the innovation index asks for at least 300") || !strings.Contains(w[0].Msg+w[1].Msg, "201 words; keep it under 200") {
		t.Errorf("warnings: %v", w)
	}
}

func TestListsHaveLabelsAndGroups(t *testing.T) {
	if len(Affairs.Terms) != 38 {
		t.Errorf("%d affairs", len(Affairs.Terms))
	}
	for _, a := range Affairs.Terms {
		if a.Label == "" || !AffairGroups.Has(a.Group) {
			t.Errorf("affair %q: label %q group %q", a.Key, a.Label, a.Group)
		}
	}
}

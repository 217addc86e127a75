package innovation

import (
	"strings"
	"time"

	"github.com/warta-portal/warta/internal/diag"
	"github.com/warta-portal/warta/internal/indodate"
)

// Profile is what the rules need of an innovation profile.
type Profile struct {
	File           string
	Line           func(key string) int
	Title, Summary string
	Agency         string
	Stage          string
	Digital        *bool
	Form           string
	InitiatorKind  string
	InitiatorName  string
	AffairsPrimary string
	AffairsRelated []string
	Initiated      time.Time
	Trial          time.Time
	Implemented    time.Time
	Goals          string
	Benefits       string
	Results        string
	Status         string
	ContactOffice  string
	ContactEmail   string
	ContactPhone   string
	SDGs           []int
	DesignWords    int // words of the body (the design description)
}

// Thresholds of the editorial warnings.
const (
	MinDesignWords  = 300
	MaxSummaryWords = 200
)

// Validate checks p against the profile rules (DESIGN.md): required keys,
// fixed lists, stage and dates agreeing. Errors list the allowed values;
// a thin design description or a long summary are warnings.
func Validate(p Profile) diag.List {
	var out diag.List
	errf := func(key, format string, args ...any) {
		line := p.Line(key)
		if line <= 1 && strings.HasPrefix(key, "dates.") {
			line = p.Line("stage") // no dates yet: the stage asks for them
		}
		out.Add(diag.Errorf(p.File, line, key, format, args...))
	}
	required := func(key, val, what string) {
		if strings.TrimSpace(val) == "" {
			errf(key, "missing: write %s", what)
		}
	}
	oneOf := func(key, val string, l List) {
		if val != "" && !l.Has(val) {
			errf(key, "%q is not allowed; use one of: %s", val, l.Keys())
		}
	}
	required("summary", p.Summary, "a short description of the innovation (summary: \"...\")")
	required("agency", p.Agency, "the key of the implementing agency, a file name in content/opd/ (agency: dinkes)")
	required("stage", p.Stage, "the stage, one of: "+Stages.Keys())
	oneOf("stage", p.Stage, Stages)
	if p.Digital == nil {
		errf("digital", "missing: write digital: true for a digital innovation or digital: false for a non-digital one")
	}
	required("form", p.Form, "the form, one of: "+Forms.Keys())
	oneOf("form", p.Form, Forms)
	required("initiator.kind", p.InitiatorKind, "who initiated it, one of: "+InitiatorKinds.Keys())
	oneOf("initiator.kind", p.InitiatorKind, InitiatorKinds)
	required("affairs.primary", p.AffairsPrimary, "the main government affair (urusan), e.g. affairs: {primary: kesehatan}")
	oneOf("affairs.primary", p.AffairsPrimary, Affairs)
	for _, r := range p.AffairsRelated {
		oneOf("affairs.related", r, Affairs)
		if r == p.AffairsPrimary && r != "" {
			errf("affairs.related", "%q is already the primary affair: list only other affairs here", r)
		}
	}
	oneOf("status", p.Status, Statuses)
	required("goals", p.Goals, "the goals of the innovation (goals: \"...\")")
	required("benefits", p.Benefits, "the benefits for citizens (benefits: \"...\")")
	required("contact.office", p.ContactOffice, "the office to contact (contact: {office: ..., email: ..., phone: ...})")
	if p.ContactEmail != "" && !strings.Contains(p.ContactEmail, "@") {
		errf("contact.email", "%q is not an e-mail address", p.ContactEmail)
	}
	for _, g := range p.SDGs {
		if g < 1 || g > 17 {
			errf("sdgs", "%d is not a Sustainable Development Goal: use numbers 1 to 17", g)
		}
	}

	// Stage and dates must agree.
	stageRank := map[string]int{StageInitiative: 0, StageTrial: 1, StageApplied: 2}
	rank, known := stageRank[p.Stage]
	if known {
		if rank >= 1 && p.Trial.IsZero() {
			errf("dates.trial", "missing: stage %s needs the date the trial began (dates: {trial: 2020-06-01})", p.Stage)
		}
		if rank >= 2 && p.Implemented.IsZero() {
			errf("dates.implemented", "missing: stage penerapan needs the date it was put into use (dates: {implemented: 2021-01-04})")
		}
		if rank < 2 && !p.Implemented.IsZero() {
			errf("dates.implemented", "set, but stage is %s: change stage to penerapan or remove dates.implemented", p.Stage)
		}
		if rank < 1 && !p.Trial.IsZero() {
			errf("dates.trial", "set, but stage is inisiatif: change stage to uji_coba or remove dates.trial")
		}
		if rank >= 2 && strings.TrimSpace(p.Results) == "" {
			errf("results", "missing: an innovation at stage penerapan needs its results (results: \"...\")")
		}
	}
	order := func(aKey string, a time.Time, bKey string, b time.Time) {
		if !a.IsZero() && !b.IsZero() && a.After(b) {
			errf("dates."+bKey, "%s is before %s (%s): the %s date cannot come before the %s date",
				indodate.Date(b), aKey, indodate.Date(a), bKey, aKey)
		}
	}
	order("initiated", p.Initiated, "trial", p.Trial)
	order("trial", p.Trial, "implemented", p.Implemented)
	order("initiated", p.Initiated, "implemented", p.Implemented)

	if p.DesignWords < MinDesignWords {
		out.Add(diag.Warnf(p.File, p.Line("title"), "", "design description (the body) has %d words; the innovation index asks for at least %d", p.DesignWords, MinDesignWords))
	}
	if n := len(strings.Fields(p.Summary)); n > MaxSummaryWords {
		out.Add(diag.Warnf(p.File, p.Line("summary"), "summary", "%d words; keep it under %d", n, MaxSummaryWords))
	}
	return out
}

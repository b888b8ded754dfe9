package gen

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/migrations"
	"github.com/genmigrate/gen/model"
)

// Kinds of check findings.
const (
	FindingDrift      = "drift"         // the models and the database differ
	FindingPending    = "pending"       // a revision is not applied
	FindingHeads      = "heads"         // the graph has several heads
	FindingSum        = "sum"           // gen.sum does not match the files
	FindingEdited     = "edited"        // an applied file was edited since
	FindingMissing    = "missing"       // an applied revision has no file
	FindingUnackedErr = "unacked-flag"  // an error-level flag without an ack
	FindingInvalid    = "invalid-index" // an INVALID index (a failed concurrent build)
)

// A Finding is one thing gen check reports.
type Finding struct {
	Kind    string `json:"kind"`
	Message string `json:"message"`
	// File and Line point at what to look at: a migration file, or the Go
	// file of the model field behind a drift; empty when there is none.
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
	// Fix says what to do.
	Fix string `json:"fix,omitempty"`
}

// Check is the CI gate. It never changes the database: it reports drift
// between the models and the database as it is, revisions not applied,
// several heads, a gen.sum that does not match, applied files edited
// since, applied revisions whose file is gone, and error-level flags that
// are not resolved (File.Unacked) in any migration file of the directory.
// The last is a property of the directory, not of what the database has
// applied, so it holds in CI, where `gen upgrade` runs on a fresh database
// before `gen check`. No findings means clean.
func (p *Project) Check(ctx context.Context, opts DraftOptions) ([]Finding, error) {
	r, err := p.CheckReport(ctx, opts)
	if err != nil {
		return nil, err
	}
	return r.Findings, nil
}

// A CheckReport is what CheckReport found: the findings, which fail the
// check, and what of the database gen leaves alone, which does not.
type CheckReport struct {
	Findings  []Finding
	Unmanaged []Unmanaged
	// ConfigWarnings are gen.yaml entries that name nothing in this
	// database (see Draft.ConfigWarnings).
	ConfigWarnings []string
	// Warnings are the models' warnings (see Draft.Warnings): they do not
	// fail the check.
	Warnings []*model.Error
}

// CheckReport is Check, with the list of what gen leaves alone.
func (p *Project) CheckReport(ctx context.Context, opts DraftOptions) (*CheckReport, error) {
	// Check writes nothing: without a migrations directory yet, it checks
	// the database against the models as if the directory were empty.
	dir, err := p.openDirOrEmpty()
	if err != nil {
		return nil, err
	}
	var findings []Finding
	if err := dir.VerifySum(); err != nil {
		var se *migrations.SumError
		if !errors.As(err, &se) {
			return nil, err
		}
		findings = append(findings, Finding{Kind: FindingSum, Message: err.Error(), File: p.rel(filepath.Join(dir.Path(), "gen.sum")),
			Fix: "if the edit is intended (a filled-in backfill; ack lines need no `gen hash`) run `gen hash`; otherwise restore the file"})
	}
	graph, err := dir.Graph()
	if err != nil {
		return nil, err
	}
	if heads := graph.Heads(); len(heads) > 1 {
		findings = append(findings, Finding{Kind: FindingHeads, Message: "several heads: " + fileList(heads),
			Fix: "run `gen merge -m \"merge heads\"`"})
	}
	for _, f := range graph.Files() {
		findings = append(findings, unacked(p.rel(filepath.Join(dir.Path(), f.Name)), f)...)
	}
	// The models load while the database is read (see Draft).
	models := p.loadModels(ctx)
	fail := func(err error) (*CheckReport, error) {
		if _, _, merr := models(); merr != nil {
			return nil, merr
		}
		return nil, err
	}
	d, err := p.connect(ctx, readOnly)
	if err != nil {
		return fail(err)
	}
	defer d.Close()
	status, err := p.status(ctx, d, dir)
	if err != nil {
		return fail(err)
	}
	for _, f := range status.Pending {
		findings = append(findings, Finding{Kind: FindingPending, Message: fmt.Sprintf("revision %s (%s) is not applied", f.Revision, f.Message),
			File: p.rel(filepath.Join(dir.Path(), f.Name)), Line: 1, Fix: "run `gen upgrade`"})
	}
	for _, f := range status.Edited {
		findings = append(findings, Finding{Kind: FindingEdited, Message: fmt.Sprintf("%s was edited after it was applied", f.Name),
			File: p.rel(filepath.Join(dir.Path(), f.Name)), Line: 1,
			Fix: "restore the file as applied and put the change in a new migration"})
	}
	for _, id := range status.Missing {
		findings = append(findings, Finding{Kind: FindingMissing, Message: fmt.Sprintf("revision %s is applied but has no file in %s", id, p.rel(dir.Path())),
			Fix: "restore the file from version control"})
	}
	if err := p.awaitLargeModels(models); err != nil {
		return nil, err
	}
	raw, excluded, err := p.readCatalog(ctx, d)
	if err != nil {
		return fail(err)
	}
	desired, warnings, err := models()
	if err != nil {
		return nil, err
	}
	current, out := p.scope(raw, excluded, desired)
	for _, ii := range InvalidIndexes(current) {
		findings = append(findings, Finding{Kind: FindingInvalid, Message: ii.String(), Fix: ii.Fix()})
	}
	unmanaged := p.unmanaged(current, desired, out)
	_, keepWarnings, err := p.applyKeep(current, desired, len(status.Pending) > 0)
	if err != nil {
		return nil, err
	}
	plan, err := diff.Compare(current, desired, diff.Options{Dialect: p.dialect.name(), Renames: opts.Renames})
	if err != nil {
		return nil, err
	}
	if !plan.Empty() {
		fix := "run `gen migrate -m \"…\"` and commit the migration"
		if len(status.Pending) > 0 {
			fix = "run `gen upgrade`; if the difference remains, run `gen migrate -m \"…\"`"
		}
		for _, c := range plan.Changes {
			for _, line := range c.Lines() {
				f := Finding{Kind: FindingDrift, Message: "the models and the database differ: " + line.Text, Fix: fix}
				if line.Pos != nil {
					f.File, f.Line, f.Col = p.rel(line.Pos.Filename), line.Pos.Start.Line, line.Pos.Start.Column
				}
				findings = append(findings, f)
			}
		}
	}
	return &CheckReport{Findings: findings, Unmanaged: unmanaged, ConfigWarnings: keepWarnings, Warnings: warnings}, nil
}

// unacked returns a finding for each error-level flag of f that is not
// resolved, at the line of its `-- gen:flag` line in path.
func unacked(path string, f *migrations.File) []Finding {
	var out []Finding
	for _, fl := range f.Unacked() {
		ack := fmt.Sprintf("`-- gen:ack %s %s <reason>`", fl.Code, fl.Object)
		fix := "make the change safe, or accept it by adding the line " + ack +
			" to the file's header (no `gen hash` needed: ack lines are not part of the checksum)"
		if fl.Code == migrations.CodeBackfill {
			fix = "write the UPDATE under `-- +gen Up` and run `gen hash`, or accept the flag by adding the line " + ack +
				" to the file's header"
		}
		out = append(out, Finding{Kind: FindingUnackedErr, File: path, Line: max(fl.FileLine, 1),
			Message: fmt.Sprintf("%s %s: %s", fl.Code, fl.Object, fl.Message), Fix: fix})
	}
	return out
}

// rel makes path relative to the working directory when it is under it.
func (p *Project) rel(path string) string {
	if !filepath.IsAbs(path) {
		return path
	}
	if r, err := filepath.Rel(p.cfg.WorkDir, path); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return path
}

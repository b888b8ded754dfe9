package gen

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/migrations"
	"github.com/genmigrate/gen/model"
	"github.com/genmigrate/gen/render"
)

// ErrNotAtHead is returned by Draft and Migrate when the database has not
// applied every revision of the migrations directory: a migration
// generated against it would repeat or contradict the pending ones.
var ErrNotAtHead = errors.New("gen: the database is not at head")

// ErrMultipleHeads is returned by Draft and Migrate when the revision graph
// has several heads: a new revision would not know which one to follow.
var ErrMultipleHeads = errors.New("gen: the migrations directory has several heads")

// DraftOptions tune how the models and the database are compared.
type DraftOptions struct {
	// Renames are column renames (--rename table.old=new).
	Renames []diff.Rename
	// NoLiveChecks skips the read-only queries behind the flags' figures
	// (--no-live-checks): data-dependent flags then say "not checked" and
	// keep the severity of the worst case.
	NoLiveChecks bool
	// AllowDropAll lets a plan drop every table of the schema
	// (--allow-drop-all); without it such a plan is refused.
	AllowDropAll bool
}

// ErrDropAll is returned by Draft and Migrate for a plan that would drop
// every table of the schema (most often: --models names a package with no
// models, or a mistyped one), unless DraftOptions.AllowDropAll.
var ErrDropAll = errors.New("gen: refusing a migration that drops every table")

// A Draft is the migration the models call for.
type Draft struct {
	// Plan is the ordered list of changes, with their flags; empty when
	// the models and the database agree.
	Plan *diff.Plan
	// Stages are the revisions Plan is split into so that it applies
	// safely (diff.Plan.Stages); Files[i] holds Stages[i].
	Stages []*diff.Stage
	// Files are the migration files to write, each following the one
	// before; none when Plan is empty.
	Files []*migrations.File
	// Warnings from loading the models.
	Warnings []*model.Error
	// Paths are where Migrate wrote Files.
	Paths []string
	// Unmanaged lists what of the database gen leaves alone.
	Unmanaged []Unmanaged
	// ConfigWarnings are gen.yaml entries that name nothing in this
	// database (keep: objects it does not have).
	ConfigWarnings []string
}

// Empty reports whether there is nothing to migrate.
func (d *Draft) Empty() bool { return d.Plan.Empty() }

// Flags returns the flags of every file, in order.
func (d *Draft) Flags() []migrations.Flag {
	var fs []migrations.Flag
	for _, f := range d.Files {
		fs = append(fs, f.Flags...)
	}
	return fs
}

// Deploy returns the deploy class of the whole draft: the most demanding
// of its files'.
func (d *Draft) Deploy() migrations.Deploy {
	rank := map[migrations.Deploy]int{migrations.DeployAdditive: 0, migrations.DeployDestructive: 1, migrations.DeployExpandContract: 2}
	out := migrations.DeployAdditive
	var adds, removes bool
	for _, f := range d.Files {
		switch f.Deploy {
		case migrations.DeployAdditive:
			adds = true
		case migrations.DeployDestructive:
			removes = true
		}
		if rank[f.Deploy] > rank[out] {
			out = f.Deploy
		}
	}
	if adds && removes {
		return migrations.DeployExpandContract
	}
	return out
}

// Draft compares the models with the database, which must have applied
// every revision, and returns the migration that would bring the database
// to the models, without writing anything. Unless opts.NoLiveChecks, the
// flags' figures come from read-only queries on the live database.
func (p *Project) Draft(ctx context.Context, message string, opts DraftOptions) (*Draft, error) {
	// Draft writes nothing: without a migrations directory yet, the models
	// are compared with the database as if the directory were empty.
	dir, err := p.openDirOrEmpty()
	if err != nil {
		return nil, err
	}
	graph, err := dir.Graph()
	if err != nil {
		return nil, err
	}
	// The models load while gen connects, reads the migration status and,
	// unless they are large, the catalog (awaitLargeModels); their errors
	// come first, as they did when they loaded first.
	models := p.loadModels(ctx)
	fail := func(err error) (*Draft, error) {
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
	heads := graph.Heads()
	if len(heads) > 1 {
		return fail(fmt.Errorf("%w (%s): run `gen merge -m \"merge heads\"` first", ErrMultipleHeads, fileList(heads)))
	}
	status, err := p.status(ctx, d, dir)
	if err != nil {
		return fail(err)
	}
	if len(status.Pending) > 0 {
		return fail(fmt.Errorf("%w: %d revision(s) not applied (%s): run `gen upgrade` first, then generate the migration",
			ErrNotAtHead, len(status.Pending), fileList(status.Pending)))
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
	unmanaged := p.unmanaged(current, desired, out)
	kept, keepWarnings, err := p.applyKeep(current, desired, false)
	if err != nil {
		return nil, err
	}
	plan, err := p.compare(ctx, d, current, desired, kept, opts)
	if err != nil {
		return nil, err
	}
	draft := &Draft{Plan: plan, Warnings: warnings, Unmanaged: unmanaged, ConfigWarnings: keepWarnings}
	if plan.Empty() {
		return draft, nil
	}
	draft.Stages = plan.Stages()
	parents := make([]string, 0, len(heads))
	for _, h := range heads {
		parents = append(parents, h.Revision)
	}
	for _, st := range draft.Stages {
		f, err := p.file(st, message, parents)
		if err != nil {
			return nil, err
		}
		draft.Files = append(draft.Files, f)
		parents = []string{f.Revision}
	}
	return draft, nil
}

// compare diffs the schemas (without the kept objects, which applyKeep
// took out), runs the live checks and the guards.
func (p *Project) compare(ctx context.Context, d *db, current, desired *schema.Schema, kept []keptObject, opts DraftOptions) (*diff.Plan, error) {
	if err := renamesMatched(current, opts.Renames); err != nil {
		return nil, err
	}
	do := diff.Options{Dialect: p.dialect.name(), Renames: opts.Renames, Rebuilds: p.dialect.rebuilds()}
	plan, err := diff.Compare(current, desired, do)
	if err != nil {
		return nil, err
	}
	if p.dialect.rebuildDropsKept() {
		passThrough(kept, plan)
	}
	if err := p.guardDropAll(current, desired, plan, opts); err != nil {
		return nil, err
	}
	if !opts.NoLiveChecks && !plan.Empty() {
		if err := diff.LiveCheck(ctx, plan, d.prober(p.probeOptions())); err != nil {
			return nil, err
		}
	}
	return plan, nil
}

// guardDropAll refuses a plan that drops every table of a schema that has
// some: an empty or mistyped --models package must not become a migration
// that drops the database.
func (p *Project) guardDropAll(current, desired *schema.Schema, plan *diff.Plan, opts DraftOptions) error {
	if opts.AllowDropAll || len(current.Tables) == 0 {
		return nil
	}
	dropped := 0
	for _, c := range plan.Changes {
		if a, ok := c.Op.(*diff.Atlas); ok {
			if _, ok := a.Change.(*schema.DropTable); ok {
				dropped++
			}
		}
	}
	if dropped < len(current.Tables) {
		return nil
	}
	pattern := strings.Join(p.cfg.Models, " ")
	if len(desired.Tables) == 0 {
		return &RefusedError{Err: ErrDropAll, Msg: fmt.Sprintf("the models (--models %s) declare no tables, so the migration would drop all %d tables of the database: "+
			"check the --models pattern (models: in gen.yaml) names the package holding your structs; pass --allow-drop-all only if dropping every table is what you want", pattern, len(current.Tables))}
	}
	return &RefusedError{Err: ErrDropAll, Msg: fmt.Sprintf("the migration would drop all %d tables of the database while the models (--models %s) declare %d others: "+
		"check that --models names the right package and that the table names match; pass --allow-drop-all only if dropping every table is what you want", len(current.Tables), pattern, len(desired.Tables))}
}

// renamesMatched checks that every --rename names a column of the
// database: a rename that matches nothing is a typo, not a no-op.
func renamesMatched(current *schema.Schema, renames []diff.Rename) error {
	for _, r := range renames {
		t, ok := current.Table(r.Table)
		if !ok {
			return &UsageError{Msg: fmt.Sprintf("--rename %s.%s=%s: the database has no table %s", r.Table, r.From, r.To, r.Table)}
		}
		if _, ok := t.Column(r.From); !ok {
			return &UsageError{Msg: fmt.Sprintf("--rename %s.%s=%s: table %s has no column %s", r.Table, r.From, r.To, r.Table, r.From)}
		}
	}
	return nil
}

// A RefusedError is a plan gen will not write without being told to; its
// message says why and how.
type RefusedError struct {
	Err error
	Msg string
}

func (e *RefusedError) Error() string { return e.Err.Error() + ": " + e.Msg }
func (e *RefusedError) Unwrap() error { return e.Err }

// probeOptions are the bounds of the live checks, from gen.yaml.
func (p *Project) probeOptions() diff.ProbeOptions {
	o := diff.ProbeOptions{ExactBelow: p.cfg.LiveChecks.ExactBelow}
	if t, err := time.ParseDuration(p.cfg.LiveChecks.StatementTimeout); err == nil {
		o.StatementTimeout = t
	}
	return o
}

// file renders one stage into a migration file following parents.
func (p *Project) file(st *diff.Stage, message string, parents []string) (*migrations.File, error) {
	up, err := render.Render(st.Plan)
	if err != nil {
		return nil, fmt.Errorf("rendering the upgrade: %w", err)
	}
	down, err := render.Render(st.Plan.Reverse())
	if err != nil {
		return nil, fmt.Errorf("rendering the downgrade: %w", err)
	}
	noTx := st.NoTransaction() || up.NoTransaction || down.NoTransaction
	f := &migrations.File{
		Revision:      migrations.NewRevisionID(),
		Parents:       parents,
		Message:       st.Message(message),
		Created:       p.now(),
		Dialect:       p.fileDialect(),
		Deploy:        st.Plan.Deploy(),
		NoTransaction: noTx,
		Up:            p.withTimeouts(up.Stmts, noTx),
		Down:          p.withTimeouts(down.Stmts, noTx),
		Flags:         st.Plan.Flags(),
	}
	return f, nil
}

// withTimeouts puts SET lock_timeout and statement_timeout before the
// statements of a PostgreSQL migration (SET LOCAL inside the revision's
// transaction; SET for the session of a no-transaction revision).
func (p *Project) withTimeouts(stmts []migrations.Stmt, noTx bool) []migrations.Stmt {
	if !p.dialect.sessionTimeouts() || !hasSQL(stmts) {
		return stmts
	}
	set := "SET LOCAL"
	if noTx {
		set = "SET"
	}
	var pre []migrations.Stmt
	for _, s := range []struct{ name, value string }{{"lock_timeout", p.cfg.LockTimeout}, {"statement_timeout", p.cfg.StatementTimeout}} {
		st := migrations.Stmt{SQL: fmt.Sprintf("%s %s = '%s'", set, s.name, pgDuration(s.value))}
		if s.name == "lock_timeout" {
			st.Comments = []string{"gen.yaml lock_timeout / statement_timeout: give up rather than queue every query behind a lock"}
		}
		pre = append(pre, st)
	}
	return append(pre, stmts...)
}

func hasSQL(stmts []migrations.Stmt) bool {
	for _, s := range stmts {
		if strings.TrimSpace(s.SQL) != "" {
			return true
		}
	}
	return false
}

// pgDuration writes a Go duration as PostgreSQL reads one ("5s", "30min").
func pgDuration(v string) string {
	d, err := time.ParseDuration(v)
	if err != nil || d == 0 {
		return "0"
	}
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dmin", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return fmt.Sprintf("%dms", d/time.Millisecond)
}

// Migrate drafts the migration and writes it to the migrations directory
// (with gen.sum). When the models and the database agree it writes nothing
// and returns an empty draft.
func (p *Project) Migrate(ctx context.Context, message string, opts DraftOptions) (*Draft, error) {
	if strings.TrimSpace(message) == "" {
		return nil, &UsageError{Msg: "a migration needs a message: gen migrate -m \"add timezone\""}
	}
	// Unlike Draft, Migrate writes: it needs the directory (gen init).
	dir, err := p.openDir()
	if err != nil {
		return nil, err
	}
	d, err := p.Draft(ctx, message, opts)
	if err != nil || d.Empty() {
		return d, err
	}
	paths, err := dir.WriteAll(d.Files)
	if err != nil {
		return nil, fmt.Errorf("writing the migration: %w", err)
	}
	d.Paths = paths
	return d, nil
}

// A UsageError is a command used wrongly; its message says how to use it.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func fileList(fs []*migrations.File) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Revision + " " + f.Message
	}
	return strings.Join(names, ", ")
}

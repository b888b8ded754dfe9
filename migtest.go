package gen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/migrations"
)

// ErrNotScratch is returned by Test for a database that has tables, other
// schema objects or applied revisions: gen test upgrades from base and
// downgrades, so it runs only on a scratch database.
var ErrNotScratch = errors.New("gen: refusing to test on a database that is not empty")

// Steps of gen test at which a revision can fail (TestFailure.Step).
const (
	StepUp          = "up"            // its Up failed
	StepDown        = "down"          // its Down failed
	StepDownSchema  = "down-schema"   // Down did not restore the schema before Up
	StepUpAgain     = "up-again"      // Up, run again after Down, failed
	StepUpAgainDiff = "up-again-diff" // Up run again gave another schema
	StepSeed        = "seed"          // the seed statements after it failed
)

// A TestResult is what Test found.
type TestResult struct {
	// Passed are the revisions that passed, in the order tested.
	Passed []*migrations.File
	// Seeded counts the seed sections run.
	Seeded int
	// Failure is the first revision that failed; nil when all passed.
	Failure *TestFailure
}

// A TestFailure is the first revision gen test found wrong, and how.
type TestFailure struct {
	File *migrations.File
	// Path is the revision's file.
	Path string
	// Step is one of the Step constants.
	Step string
	// Err is the error of a step that failed to run (StepUp, StepDown,
	// StepUpAgain, StepSeed).
	Err error
	// Missing are the changes that would bring the schema the step left
	// to the schema it should have left (StepDownSchema,
	// StepUpAgainDiff), as diff.Plan.Summary lines, e.g. "drop table
	// audit_log" when Down left table audit_log behind.
	Missing []string
}

func (f *TestFailure) Error() string {
	// The runner's errors name the file and line already.
	rev := fmt.Sprintf("revision %s (%s)", f.File.Revision, f.File.Message)
	head := f.Path + ": " + rev
	switch f.Step {
	case StepUp:
		return fmt.Sprintf("%s: Up failed: %v", rev, f.Err)
	case StepDown:
		return fmt.Sprintf("%s: Down failed: %v", rev, f.Err)
	case StepUpAgain:
		return fmt.Sprintf("%s: Up failed when run again after Down: %v", rev, f.Err)
	case StepSeed:
		return fmt.Sprintf("%s: the seed statements after it failed: %v", head, f.Err)
	case StepDownSchema:
		return fmt.Sprintf("%s: Down does not restore the schema before its Up; to restore it, Down would also have to: %s",
			head, strings.Join(f.Missing, "; "))
	case StepUpAgainDiff:
		return fmt.Sprintf("%s: Up run again after Down does not give the schema of its first run; it would also have to: %s",
			head, strings.Join(f.Missing, "; "))
	}
	return head + ": " + f.Step
}

// Test is the migration test: on an empty scratch database it applies the
// revisions of the migrations directory one at a time, in the order of the
// graph, and for each checks that its Down restores exactly the schema
// before its Up and that Up run again gives the same schema as its first
// run (introspected and compared with gen's own diff, which must find no
// change; on PostgreSQL also the views, functions, sequences, triggers and
// other catalog objects). It stops at the first revision that fails
// (TestResult.Failure); it then leaves the database as that step left it.
// When all pass the database is at head.
//
// seedPath, when not empty, is a file of SQL split into sections by
// `-- gen:after REV` lines; the section after REV runs once, in one
// transaction, right after REV passed (its Up, Down and Up again), so that
// the revisions after it meet those rows: a NOT NULL or UNIQUE they add,
// their backfills and their Down run on real data. A seed section that
// fails is that revision's failure (StepSeed).
//
// Test refuses a database that is not empty (an error wrapping
// ErrNotScratch; nothing is done) and a gen.sum that does not match the
// directory.
func (p *Project) Test(ctx context.Context, seedPath string) (*TestResult, error) {
	dir, err := p.openDir()
	if err != nil {
		return nil, err
	}
	if err := dir.VerifySum(); err != nil {
		return nil, fmt.Errorf("refusing to test: %w", err)
	}
	g, err := dir.Graph()
	if err != nil {
		return nil, err
	}
	var seeds map[string][]seedSection
	if seedPath != "" {
		if seeds, err = p.readSeed(seedPath, g); err != nil {
			return nil, err
		}
	}
	d, err := p.connect(ctx, readWrite)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	var opts []migrations.Option
	if p.Now != nil {
		opts = append(opts, migrations.WithClock(p.Now))
	}
	m, err := migrations.New(dir, d.driver(), opts...)
	if err != nil {
		return nil, err
	}
	before, err := p.testSnapshot(ctx, d)
	if err != nil {
		return nil, err
	}
	if err := p.refuseNotEmpty(ctx, m, before); err != nil {
		return nil, err
	}
	res := &TestResult{}
	for _, f := range g.Files() {
		fail := func(step string, err error, missing []string) (*TestResult, error) {
			res.Failure = &TestFailure{File: f, Path: p.rel(filepath.Join(dir.Path(), f.Name)), Step: step, Err: err, Missing: missing}
			return res, nil
		}
		// Every ancestor of f is applied: upgrading to f applies f alone.
		if _, err := m.Upgrade(ctx, migrations.To(f.Revision)); err != nil {
			return fail(StepUp, err, nil)
		}
		up, err := p.testSnapshot(ctx, d)
		if err != nil {
			return nil, err
		}
		// f is the most recently applied revision, and no applied one
		// depends on it; a parallel branch may be applied beside it, so
		// f is reverted by name, not as -1.
		reverted, err := m.Revert(ctx, f.Revision)
		if err != nil {
			return fail(StepDown, err, nil)
		}
		if len(reverted) != 1 || reverted[0].Revision != f.Revision {
			return nil, fmt.Errorf("gen test: reverting %s reverted %s; this is a bug in gen, please report it", f.Revision, fileList(reverted))
		}
		down, err := p.testSnapshot(ctx, d)
		if err != nil {
			return nil, err
		}
		if missing, err := p.snapshotDiff(down, before); err != nil {
			return nil, err
		} else if len(missing) > 0 {
			return fail(StepDownSchema, nil, missing)
		}
		if _, err := m.Upgrade(ctx, migrations.To(f.Revision)); err != nil {
			return fail(StepUpAgain, err, nil)
		}
		again, err := p.testSnapshot(ctx, d)
		if err != nil {
			return nil, err
		}
		if missing, err := p.snapshotDiff(again, up); err != nil {
			return nil, err
		} else if len(missing) > 0 {
			return fail(StepUpAgainDiff, nil, missing)
		}
		for _, s := range seeds[f.Revision] {
			if err := d.execSeed(ctx, s.sql); err != nil {
				return fail(StepSeed, fmt.Errorf("%s:%d: %w", p.rel(s.path), s.line, err), nil)
			}
			res.Seeded++
		}
		res.Passed = append(res.Passed, f)
		before = again
	}
	return res, nil
}

// A testSnapshot is the schema gen test compares: every table but gen's
// version table (gen.yaml's exclude: does not apply: a revision's Down
// must take back what its Up did, whatever gen manages), and on
// PostgreSQL the other catalog objects of the schema.
type testSnapshot struct {
	s       *schema.Schema
	objects map[string]string // "view v" → its definition
}

func (p *Project) testSnapshot(ctx context.Context, d *db) (*testSnapshot, error) {
	s, err := d.inspect(ctx, []string{VersionTable}, nil)
	if err != nil {
		return nil, err
	}
	snap := &testSnapshot{s: s, objects: map[string]string{}}
	objs, err := d.objects(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("inspecting %s: %w", d.url, err)
	}
	for _, o := range objs {
		// Extensions belong to the database, not to the schema.
		if o.Kind == "extension" {
			continue
		}
		key := o.Kind + " " + o.Name
		if o.Table != "" {
			key += " on " + o.Table
		}
		snap.objects[key] = strings.Join(o.Create, ";\n")
	}
	return snap, nil
}

// snapshotDiff returns what would bring got to want, one line per
// change; none when they are the same schema.
func (p *Project) snapshotDiff(got, want *testSnapshot) ([]string, error) {
	plan, err := diff.Compare(got.s, want.s, diff.Options{Dialect: p.dialect.name()})
	if err != nil {
		return nil, err
	}
	out := plan.Summary()
	var objs []string
	for k, def := range got.objects {
		switch w, ok := want.objects[k]; {
		case !ok:
			objs = append(objs, "drop "+k)
		case w != def:
			objs = append(objs, "restore the definition of "+k)
		}
	}
	for k := range want.objects {
		if _, ok := got.objects[k]; !ok {
			objs = append(objs, "create "+k)
		}
	}
	slices.Sort(objs)
	return append(out, objs...), nil
}

// refuseNotEmpty returns an error wrapping ErrNotScratch when the database
// has a table, a catalog object or an applied revision.
func (p *Project) refuseNotEmpty(ctx context.Context, m *migrations.Migrator, s *testSnapshot) error {
	var has []string
	for _, t := range s.s.Tables {
		has = append(has, "table "+t.Name)
	}
	for k := range s.objects {
		has = append(has, k)
	}
	st, err := m.Status(ctx)
	if err != nil {
		return err
	}
	if n := len(st.Applied); n > 0 {
		has = append(has, fmt.Sprintf("%d applied revision(s) in %s", n, VersionTable))
	}
	if len(has) == 0 {
		return nil
	}
	slices.Sort(has)
	if len(has) > 5 {
		has = append(has[:5], fmt.Sprintf("%d more", len(has)-5))
	}
	return &RefusedError{Err: ErrNotScratch, Msg: fmt.Sprintf("%s has %s; gen test upgrades from base, downgrades and upgrades again, "+
		"so point --db at an empty scratch database nothing else uses (a new PostgreSQL database or schema, or sqlite:scratch.db); nothing was done",
		p.url, strings.Join(has, ", "))}
}

// A seedSection is the SQL of a seed file after one `-- gen:after REV`.
type seedSection struct {
	path string
	line int // of its first line after `-- gen:after`
	sql  string
}

var seedAfterRE = regexp.MustCompile(`^--\s*gen:after(?:\s+(.*))?$`)

// readSeed reads a seed file and returns its sections by the revision
// each follows.
func (p *Project) readSeed(path string, g *migrations.Graph) (map[string][]seedSection, error) {
	if !filepath.IsAbs(path) {
		path = filepath.Join(p.cfg.WorkDir, path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &UsageError{Msg: fmt.Sprintf("--seed: %v", err)}
	}
	name := p.rel(path)
	out := map[string][]seedSection{}
	var (
		cur *seedSection
		rev string
	)
	flush := func() {
		if cur != nil && strings.TrimSpace(cur.sql) != "" {
			out[rev] = append(out[rev], *cur)
		}
	}
	for i, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		if m := seedAfterRE.FindStringSubmatch(trimmed); m != nil {
			ref := strings.TrimSpace(m[1])
			if ref == "" || strings.ContainsAny(ref, " \t") {
				return nil, &UsageError{Msg: fmt.Sprintf("%s:%d: `-- gen:after` takes one revision id, got %q", name, i+1, ref)}
			}
			f, err := g.Resolve(ref)
			if err != nil {
				return nil, &UsageError{Msg: fmt.Sprintf("%s:%d: -- gen:after %s: %v", name, i+1, ref, err)}
			}
			flush()
			cur, rev = &seedSection{path: path}, f.Revision
			continue
		}
		if cur == nil {
			if trimmed == "" || strings.HasPrefix(trimmed, "--") {
				continue
			}
			return nil, &UsageError{Msg: fmt.Sprintf("%s:%d: SQL before the first `-- gen:after REV` line: a seed file says after which revision "+
				"each part runs, e.g. `-- gen:after %s` above the INSERTs that need that revision's tables", name, i+1, firstRevision(g))}
		}
		if cur.line == 0 && trimmed != "" {
			cur.line = i + 1
		}
		cur.sql += line + "\n"
	}
	flush()
	return out, nil
}

func firstRevision(g *migrations.Graph) string {
	if fs := g.Files(); len(fs) > 0 {
		return fs[0].Revision
	}
	return "REV"
}

// execSeed runs a seed section in one transaction.
func (d *db) execSeed(ctx context.Context, text string) error { return d.c.execSeed(ctx, text) }

func execSQLite(ctx context.Context, s *sql.DB, text string) error {
	tx, err := s.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, text); err != nil {
		return err
	}
	return tx.Commit()
}

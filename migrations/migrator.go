package migrations

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A Migrator applies and reverts the revisions of a directory on one
// database.
type Migrator struct {
	// Dir is the migrations directory.
	Dir *Dir
	// Driver is the database.
	Driver Driver
	// Log receives one progress line per revision applied or reverted,
	// e.g. "applied 3f9a2c81d0b4 add timezone (12ms)". It may be nil.
	Log io.Writer
	// Now is the clock for the version table; nil means time.Now.
	Now func() time.Time
	// Options bound the run's waits (--lock-timeout, --statement-timeout).
	Options RunOptions
}

// A Status is the state of a database against a migrations directory.
type Status struct {
	// Applied are the version table's rows, in applied order.
	Applied []Applied
	// Current are the applied revisions that no applied revision depends
	// on, in applied order (one, normally; none when nothing is applied).
	// An applied revision whose file is missing has no known parents, so
	// it does not hide its ancestors from Current.
	Current []string
	// Pending are the directory's revisions not applied, in topological
	// order.
	Pending []*File
	// Heads are the directory's heads.
	Heads []*File
	// Edited are applied revisions whose file's Sum differs from the
	// checksum recorded when they were applied. Ack lines are not part of
	// either, so a file acknowledged after it was applied is not edited.
	Edited []*File
	// Missing are applied revisions with no file in the directory.
	Missing []string
}

func (m *Migrator) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

func (m *Migrator) logf(format string, args ...any) {
	if m.Log != nil {
		fmt.Fprintf(m.Log, format+"\n", args...)
	}
}

// graph verifies gen.sum and reads the graph.
func (m *Migrator) graph(verify bool) (*Graph, error) {
	if verify {
		if err := m.Dir.VerifySum(); err != nil {
			return nil, fmt.Errorf("refusing to run migrations: %w", err)
		}
	}
	return m.Dir.Graph()
}

// sortApplied orders rows by applied time, ties by graph order.
func sortApplied(g *Graph, rows []Applied) {
	slices.SortStableFunc(rows, func(a, b Applied) int {
		if c := a.AppliedAt.Compare(b.AppliedAt); c != 0 {
			return c
		}
		ia, oka := g.index[a.Revision]
		ib, okb := g.index[b.Revision]
		if oka && okb {
			return cmp.Compare(ia, ib)
		}
		return 0
	})
}

func (m *Migrator) applied(ctx context.Context, g *Graph) ([]Applied, error) {
	rows, err := m.Driver.Applied(ctx)
	if err != nil {
		return nil, err
	}
	sortApplied(g, rows)
	return rows, nil
}

func appliedSet(rows []Applied) map[string]bool {
	s := make(map[string]bool, len(rows))
	for _, r := range rows {
		s[r.Revision] = true
	}
	return s
}

// single returns the one head, or an error wrapping ErrMultipleHeads.
func single(g *Graph) (*File, error) {
	heads := g.Heads()
	switch len(heads) {
	case 0:
		return nil, nil
	case 1:
		return heads[0], nil
	}
	return nil, fmt.Errorf("%w: %s; join them with `gen merge -m \"merge heads\"`, or name the revision to go to", ErrMultipleHeads, fileList(heads))
}

// count parses "+N" / "-N".
func count(target, sign string) (int, bool, error) {
	if !strings.HasPrefix(target, sign) {
		return 0, false, nil
	}
	n, err := strconv.Atoi(target[1:])
	if err != nil || n <= 0 {
		return 0, true, fmt.Errorf("%w %q: want %sN with N a positive number", ErrBadTarget, target, sign)
	}
	return n, true, nil
}

// upgradePlan returns the revisions to apply for target, in order.
// With check, it also refuses targets that cannot be met against applied:
// a revision below what is applied, or "+N" past the pending revisions or
// across parallel branches.
func upgradePlan(g *Graph, applied map[string]bool, target string, check bool) ([]*File, error) {
	if n, ok, err := count(target, "+"); ok {
		if err != nil {
			return nil, err
		}
		return nextPending(g, applied, n, target, check)
	}
	var want *File
	switch target {
	case "", "head":
		h, err := single(g)
		if err != nil || h == nil {
			return nil, err
		}
		want = h
	default:
		if strings.HasPrefix(target, "-") {
			return nil, fmt.Errorf("%w %q: upgrade takes head, a revision or +N; use downgrade to go back", ErrBadTarget, target)
		}
		f, err := g.Resolve(target)
		if err != nil {
			return nil, err
		}
		want = f
	}
	var out []*File
	for _, f := range g.Ancestors(want.Revision) {
		if !applied[f.Revision] {
			out = append(out, f)
		}
	}
	if check && len(out) == 0 {
		// The target is applied: fine when it is current, an error when
		// revisions that follow it are applied too (that is a downgrade).
		var after []*File
		for _, f := range g.Files() {
			if applied[f.Revision] && f.Revision != want.Revision && slices.Contains(g.Ancestors(f.Revision), want) {
				after = append(after, f)
			}
		}
		if len(after) > 0 {
			return nil, fmt.Errorf("%w %q: revision %s is applied and so are revisions that follow it (%s); upgrade only goes forward: `gen downgrade %s` goes back to it",
				ErrBadTarget, target, want.Revision, fileList(after), want.Revision)
		}
	}
	return out, nil
}

// nextPending returns the next n pending revisions (whose parents are all
// applied or planned before them). With check it refuses n beyond the
// pending revisions, and a choice between parallel branches that n does
// not settle.
func nextPending(g *Graph, applied map[string]bool, n int, target string, check bool) ([]*File, error) {
	done := maps.Clone(applied)
	if done == nil {
		done = map[string]bool{}
	}
	var out []*File
	for len(out) < n {
		var ready []*File
		for _, f := range g.Files() {
			if done[f.Revision] {
				continue
			}
			if !slices.ContainsFunc(f.Parents, func(p string) bool { return !done[p] }) {
				ready = append(ready, f)
			}
		}
		if len(ready) == 0 {
			if check {
				return nil, fmt.Errorf("%w %q: only %d revision(s) are pending; `gen upgrade` applies them all (`gen status` lists them)", ErrBadTarget, target, len(out))
			}
			break
		}
		if check && len(ready) > 1 && n-len(out) < len(ready) {
			return nil, fmt.Errorf("%w %q is ambiguous: %s are on parallel branches and could each go next; name the revision to go to: `gen upgrade REV`", ErrBadTarget, target, fileList(ready))
		}
		out = append(out, ready[0])
		done[ready[0].Revision] = true
	}
	return out, nil
}

// Upgrade applies the revisions target needs, in topological order, and
// returns those it applied (also when it fails partway). target is "head"
// or "" (an error wrapping ErrMultipleHeads when there are several), a
// revision or unique prefix, or "+N" (the next N pending revisions). It
// refuses to run when gen.sum does not match the directory. Under the
// driver's lock it re-reads the version table, so many processes may run
// Upgrade at once and each revision is applied exactly once.
func (m *Migrator) Upgrade(ctx context.Context, target string) ([]*File, error) {
	g, err := m.graph(true)
	if err != nil {
		return nil, err
	}
	// Check the target before waiting for the lock.
	if _, err := upgradePlan(g, nil, target, false); err != nil {
		return nil, err
	}
	unlock, err := m.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := m.Driver.Init(ctx); err != nil {
		return nil, err
	}
	rows, err := m.applied(ctx, g)
	if err != nil {
		return nil, err
	}
	if err := m.intact(g, rows); err != nil {
		return nil, err
	}
	plan, err := upgradePlan(g, appliedSet(rows), target, true)
	if err != nil {
		return nil, err
	}
	var done []*File
	for _, f := range plan {
		a, err := m.Driver.Apply(ctx, f, m.now)
		if errors.Is(err, ErrAlreadyApplied) {
			continue
		}
		if err != nil {
			return m.finish(done, unlock, m.fileErr(f, err))
		}
		done = append(done, f)
		m.logf("applied %s %s (%dms)", f.Revision, f.Message, a.Duration.Milliseconds())
	}
	return m.finish(done, unlock, nil)
}

// finish releases the lock (which on SQLite commits the run) and returns
// what took effect: nothing when the run's transaction was lost. On
// PostgreSQL it first warns of INVALID indexes (Options.Notify, else Log).
func (m *Migrator) finish(done []*File, unlock func() error, err error) ([]*File, error) {
	if pd, ok := m.Driver.(*postgresDriver); ok {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		invalid, ierr := pd.invalidIndexes(ctx)
		cancel()
		for _, ii := range invalid {
			msg := fmt.Sprintf("warning: index %s is INVALID (a CREATE INDEX CONCURRENTLY failed or was killed): it enforces nothing and serves no query; drop it with DROP INDEX CONCURRENTLY and build it again", ii)
			if m.Options.Notify != nil {
				m.Options.Notify(msg)
			} else {
				m.logf("%s", msg)
			}
		}
		_ = ierr // a warning only: the run's own result is what counts
	}
	uerr := unlock()
	if uerr == nil {
		return done, err
	}
	if errors.Is(uerr, errRunLost) {
		if len(done) > 0 {
			m.logf("rolled back: %s", fileList(done))
		}
		done = nil
	}
	if err == nil {
		return done, uerr
	}
	return done, fmt.Errorf("%w\n%w", err, uerr)
}

// intact checks that every applied revision still has its file, with the
// content it had when it was applied (the version table's checksum; gen.sum
// may have been rewritten since with `gen hash`).
func (m *Migrator) intact(g *Graph, rows []Applied) error {
	var missing, edited []string
	for _, r := range rows {
		f := g.File(r.Revision)
		switch {
		case f == nil:
			missing = append(missing, r.Revision)
		case f.Sum != r.Checksum:
			edited = append(edited, fmt.Sprintf("%s (applied %s with checksum %s, the file's is now %s)",
				filepath.Join(m.Dir.Path(), f.Name), r.AppliedAt.Format(time.RFC3339), r.Checksum, f.Sum))
		}
	}
	var errs []error
	if len(edited) > 0 {
		errs = append(errs, fmt.Errorf("%w: %s; the database has the schema of the file as it was: restore the file from version control (git log -p FILE), and put the change in a new revision (gen migrate)",
			ErrAppliedEdited, strings.Join(edited, "; ")))
	}
	if len(missing) > 0 {
		errs = append(errs, fmt.Errorf("%w: %s recorded in %s with no file in %s; restore the file from version control (another branch may have it), or, if it was removed on purpose, remove its row with `gen stamp` once the schema is checked",
			ErrMissingFile, strings.Join(missing, ", "), VersionTable, m.Dir.Path()))
	}
	if len(errs) > 0 {
		return fmt.Errorf("refusing to upgrade: %w", errors.Join(errs...))
	}
	return nil
}

// lock takes the driver's lock and returns a release function that is
// safe to call twice (explicitly, for its error, and deferred).
func (m *Migrator) lock(ctx context.Context) (func() error, error) {
	if t, ok := m.Driver.(Tunable); ok {
		t.SetRunOptions(m.Options)
	}
	lctx := ctx
	if m.Options.LockTimeout > 0 {
		var cancel context.CancelFunc
		lctx, cancel = context.WithTimeoutCause(ctx, m.Options.LockTimeout, fmt.Errorf("%w after --lock-timeout %s", errLockTimeout, m.Options.LockTimeout))
		defer cancel()
	}
	unlock, err := m.Driver.Lock(lctx)
	if err != nil {
		return nil, err
	}
	released := false
	return func() error {
		if released {
			return nil
		}
		released = true
		return unlock()
	}, nil
}

// fileErr points a driver error at the file's path in the directory.
func (m *Migrator) fileErr(f *File, err error) error {
	var se *StmtError
	if errors.As(err, &se) && se.File == f.Name {
		se.File = filepath.Join(m.Dir.Path(), f.Name)
		return err
	}
	if se != nil {
		return err
	}
	return fmt.Errorf("%s: revision %s: %w", filepath.Join(m.Dir.Path(), f.Name), f.Revision, err)
}

// downgradePlan returns the revisions to revert for target, children
// first.
//
// With check, it refuses what cannot be met against rows: "-N" past what
// is applied, or a choice between parallel branches that N does not
// settle.
func downgradePlan(g *Graph, rows []Applied, target string, check bool) ([]*File, error) {
	n := 0
	relative := false
	var keep *File
	switch target {
	case "", "-1":
		n, relative = 1, true
	case "base":
		n = len(rows)
	default:
		c, ok, err := count(target, "-")
		switch {
		case err != nil:
			return nil, err
		case ok:
			n, relative = c, true
		case strings.HasPrefix(target, "+") || target == "head":
			return nil, fmt.Errorf("%w %q: downgrade takes -N, a revision or base; use upgrade to go forward", ErrBadTarget, target)
		default:
			f, err := g.Resolve(target)
			if err != nil {
				return nil, err
			}
			keep = f
			n = len(rows)
		}
	}
	deps := newDependents(g, rows)
	order := map[string]int{}
	remaining := map[string]bool{}
	for i, r := range rows {
		order[r.Revision] = i
		if keep == nil || slices.Contains(deps.ancestors[r.Revision], keep.Revision) {
			remaining[r.Revision] = true
		}
	}
	if check && relative && n > len(rows) {
		what := "nothing is applied"
		if len(rows) > 0 {
			what = fmt.Sprintf("only %d revision(s) are applied", len(rows))
		}
		return nil, fmt.Errorf("%w %q: %s; `gen downgrade base` reverts everything, `gen status` shows what is applied", ErrBadTarget, target, what)
	}
	var out []*File
	for len(out) < n && len(remaining) > 0 {
		// The most recently applied revision that no applied revision
		// depends on.
		best := ""
		var ready []string
		for id := range remaining {
			if deps.count[id] == 0 {
				ready = append(ready, id)
				if best == "" || order[id] > order[best] {
					best = id
				}
			}
		}
		if best == "" {
			break
		}
		if g.File(best) == nil {
			return nil, fmt.Errorf("%w: revision %s must be reverted but has no file in the directory; restore its file from version control", ErrMissingFile, best)
		}
		if check && relative && len(ready) > 1 && n-len(out) < len(ready) {
			slices.Sort(ready)
			return nil, fmt.Errorf("%w %q is ambiguous: %s are on parallel branches and could each be reverted next; name the revision to go down to: `gen downgrade REV`",
				ErrBadTarget, target, strings.Join(ready, ", "))
		}
		f := g.File(best)
		out = append(out, f)
		delete(remaining, best)
		deps.remove(best)
	}
	return out, nil
}

// dependents counts, for each applied revision, the applied revisions that
// depend on it (have it as a proper ancestor).
type dependents struct {
	ancestors map[string][]string // proper ancestors of each applied revision
	count     map[string]int
}

func newDependents(g *Graph, rows []Applied) *dependents {
	d := &dependents{ancestors: map[string][]string{}, count: map[string]int{}}
	applied := appliedSet(rows)
	for _, r := range rows {
		d.count[r.Revision] += 0
		for _, a := range g.Ancestors(r.Revision) {
			if a.Revision != r.Revision {
				d.ancestors[r.Revision] = append(d.ancestors[r.Revision], a.Revision)
				if applied[a.Revision] {
					d.count[a.Revision]++
				}
			}
		}
	}
	return d
}

func (d *dependents) remove(id string) {
	for _, a := range d.ancestors[id] {
		if _, ok := d.count[a]; ok {
			d.count[a]--
		}
	}
	delete(d.count, id)
}

// Downgrade reverts applied revisions, children first, and returns those
// it reverted (also when it fails partway). target is "" or "-1" (the most
// recently applied revision that no applied revision depends on), "-N"
// (that, N times), a revision or prefix (everything applied that descends
// from it; it stays applied), or "base" (everything). It refuses to run
// when gen.sum does not match the directory.
func (m *Migrator) Downgrade(ctx context.Context, target string) ([]*File, error) {
	g, err := m.graph(true)
	if err != nil {
		return nil, err
	}
	if _, err := downgradePlan(g, nil, target, false); err != nil {
		return nil, err
	}
	unlock, err := m.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	rows, err := m.applied(ctx, g)
	if err != nil {
		return nil, err
	}
	plan, err := downgradePlan(g, rows, target, true)
	if err != nil {
		return nil, err
	}
	var done []*File
	for _, f := range plan {
		err := m.revert(ctx, f)
		if errors.Is(err, ErrNotApplied) {
			continue
		}
		if err != nil {
			return m.finish(done, unlock, m.fileErr(f, err))
		}
		done = append(done, f)
	}
	return m.finish(done, unlock, nil)
}

// revert runs f's Down and deletes its version row, under the lock, and
// logs how long it took.
func (m *Migrator) revert(ctx context.Context, f *File) error {
	start := m.now()
	if err := m.Driver.Revert(ctx, f); err != nil {
		return err
	}
	m.logf("reverted %s %s (%dms)", f.Revision, f.Message, m.now().Sub(start).Milliseconds())
	return nil
}

// Revert reverts the applied revision rev alone, where a relative target
// would be ambiguous (two branches applied side by side): the migration
// test's Down of one revision. It refuses, reverting nothing, when rev is
// not applied or an applied revision follows it.
func (m *Migrator) Revert(ctx context.Context, rev string) ([]*File, error) {
	g, err := m.graph(true)
	if err != nil {
		return nil, err
	}
	f, err := g.Resolve(rev)
	if err != nil {
		return nil, err
	}
	unlock, err := m.lock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	rows, err := m.applied(ctx, g)
	if err != nil {
		return nil, err
	}
	applied := appliedSet(rows)
	if !applied[f.Revision] {
		return m.finish(nil, unlock, fmt.Errorf("%w: revision %s is not applied", ErrNotApplied, f.Revision))
	}
	for _, c := range g.Children(f.Revision) {
		if applied[c.Revision] {
			return m.finish(nil, unlock, fmt.Errorf("migrations: revision %s follows %s and is applied: revert it first", c.Revision, f.Revision))
		}
	}
	if err := m.revert(ctx, f); err != nil {
		return m.finish(nil, unlock, m.fileErr(f, err))
	}
	return m.finish([]*File{f}, unlock, nil)
}

// UpgradeSQL writes the SQL that Upgrade(ctx, target) would run, with the
// runner's own statements (version table, transactions, version rows), and
// applies nothing. It reads the version table but never creates it.
func (m *Migrator) UpgradeSQL(ctx context.Context, target string, w io.Writer) error {
	g, err := m.graph(true)
	if err != nil {
		return err
	}
	rows, err := m.applied(ctx, g)
	if err != nil {
		return err
	}
	plan, err := upgradePlan(g, appliedSet(rows), target, true)
	if err != nil {
		return err
	}
	return m.Driver.WriteScript(ctx, w, plan, false)
}

// DowngradeSQL writes the SQL that Downgrade(ctx, target) would run, with
// the runner's own statements, and reverts nothing.
func (m *Migrator) DowngradeSQL(ctx context.Context, target string, w io.Writer) error {
	g, err := m.graph(true)
	if err != nil {
		return err
	}
	rows, err := m.applied(ctx, g)
	if err != nil {
		return err
	}
	plan, err := downgradePlan(g, rows, target, true)
	if err != nil {
		return err
	}
	return m.Driver.WriteScript(ctx, w, plan, true)
}

// Status reads the state of the database against the directory. It only
// reads: a missing version table means nothing is applied.
func (m *Migrator) Status(ctx context.Context) (*Status, error) {
	g, err := m.graph(false)
	if err != nil {
		return nil, err
	}
	rows, err := m.applied(ctx, g)
	if err != nil {
		return nil, err
	}
	applied := appliedSet(rows)
	st := &Status{Applied: rows, Heads: g.Heads()}
	deps := newDependents(g, rows)
	for _, r := range rows {
		if deps.count[r.Revision] == 0 {
			st.Current = append(st.Current, r.Revision)
		}
		f := g.File(r.Revision)
		switch {
		case f == nil:
			st.Missing = append(st.Missing, r.Revision)
		case f.Sum != r.Checksum:
			st.Edited = append(st.Edited, f)
		}
	}
	for _, f := range g.Files() {
		if !applied[f.Revision] {
			st.Pending = append(st.Pending, f)
		}
	}
	return st, nil
}

// Stamp sets the version table to exactly target and its ancestors
// without running any migration SQL, taking checksums from the files.
// target is "head" or "", a revision or prefix, or "base" (nothing
// applied).
func (m *Migrator) Stamp(ctx context.Context, target string) error {
	g, err := m.graph(false)
	if err != nil {
		return err
	}
	var want []*File
	switch target {
	case "base":
	case "", "head":
		h, err := single(g)
		if err != nil {
			return err
		}
		if h != nil {
			want = g.Ancestors(h.Revision)
		}
	default:
		f, err := g.Resolve(target)
		if err != nil {
			return err
		}
		want = g.Ancestors(f.Revision)
	}
	unlock, err := m.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if err := m.Driver.Init(ctx); err != nil {
		return err
	}
	rows, err := m.applied(ctx, g)
	if err != nil {
		return err
	}
	have := appliedSet(rows)
	wantSet := map[string]bool{}
	var add []Applied
	now := m.now().UTC()
	for _, f := range want {
		wantSet[f.Revision] = true
		if !have[f.Revision] {
			add = append(add, Applied{Revision: f.Revision, Checksum: f.Sum, AppliedAt: now})
		}
	}
	var remove []string
	for _, r := range rows {
		if !wantSet[r.Revision] {
			remove = append(remove, r.Revision)
		}
	}
	if err := m.Driver.SetApplied(ctx, add, remove); err != nil {
		return err
	}
	return unlock()
}

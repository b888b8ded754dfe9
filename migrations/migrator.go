package migrations

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

// A Migrator applies and reverts the revisions of a directory on one
// database. Make one with New. A *Migrator is not safe for concurrent use
// (use one per goroutine); many Migrators, in one process or many, may
// run on one database at once: the driver's lock serializes them.
type Migrator struct {
	dir    *Dir
	driver Driver
	cfg    config
	// mu serializes progress lines: the slow-revision timer writes from
	// a goroutine of its own.
	mu sync.Mutex
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

func (m *Migrator) now() time.Time { return m.cfg.now() }

// logf writes a plain line to the log (WithLog).
func (m *Migrator) logf(format string, args ...any) {
	if m.cfg.log != nil {
		m.mu.Lock()
		defer m.mu.Unlock()
		fmt.Fprintf(m.cfg.log, format+"\n", args...)
	}
}

// progress reports a revision starting (done false: "applying",
// "reverting") or done ("applied", "reverted", with its duration).
func (m *Migrator) progress(event string, f *File, d time.Duration, done bool) {
	if m.cfg.logger != nil {
		attrs := []slog.Attr{slog.String("revision", f.Revision), slog.String("message", f.Message)}
		if done {
			attrs = append(attrs, slog.Duration("duration", d))
		}
		m.cfg.logger.LogAttrs(context.Background(), slog.LevelInfo, event+" revision", attrs...)
	}
	if done {
		m.logf("%s %s %s (%dms)", event, f.Revision, f.Message, d.Milliseconds())
	} else {
		m.logf("%s %s %s…", event, f.Revision, f.Message)
	}
}

// timed runs fn for f and, when fn is still running after a second, says
// that f started (event "applying" or "reverting"); a fast revision has
// its done line only.
func (m *Migrator) timed(f *File, event string, fn func() error) error {
	said := make(chan struct{})
	t := time.AfterFunc(m.cfg.slowAfter, func() {
		defer close(said)
		m.progress(event, f, 0, false)
	})
	err := fn()
	if !t.Stop() {
		<-said // the line is out before the done line
	}
	return err
}

// warn tells of something the run found (an INVALID index): to
// WithNotify's func, else the logger at Warn, else the log.
func (m *Migrator) warn(msg string) {
	switch {
	case m.cfg.run.Notify != nil:
		m.cfg.run.Notify(msg)
	case m.cfg.logger != nil:
		m.cfg.logger.Warn(msg)
	default:
		m.logf("%s", msg)
	}
}

// runOptions are what the driver is given: the bounds, and a Notify that
// falls back to the logger.
func (m *Migrator) runOptions() RunOptions {
	o := m.cfg.run
	if o.Notify == nil && m.cfg.logger != nil {
		l := m.cfg.logger
		o.Notify = func(msg string) { l.Warn(msg) }
	}
	return o
}

// inSession runs fn with the driver's connection held, for drivers that
// hold one only for the length of a call (NewPostgresDB).
func (m *Migrator) inSession(ctx context.Context, fn func() error) error {
	if s, ok := m.driver.(sessioned); ok {
		return s.session(ctx, fn)
	}
	return fn()
}

// checkFiles refuses, before anything is changed, files the driver cannot
// run: another dialect's (-- gen:dialect), and no-transaction revisions
// on a driver inside the caller's transaction.
func (m *Migrator) checkFiles(verb string, files []*File) error {
	want := m.driver.Dialect()
	var errs []error
	for _, f := range files {
		if f.Dialect != "" && want != "" && f.Dialect != want {
			errs = append(errs, wrapped(ErrDialect, "%s:%d: revision %s is a %s migration (-- gen:dialect %s) and this database is %s; nothing was changed: run it on a %s database, or generate the migrations for %s with a %s database URL (gen.yaml db:)",
				m.path(f), f.dialectLine, f.Revision, f.Dialect, f.Dialect, want, f.Dialect, want, want))
		}
		if f.NoTransaction {
			if tx, ok := m.driver.(interface{ inCallerTx() bool }); ok && tx.inCallerTx() {
				errs = append(errs, wrapped(ErrNoTransaction, "%s: revision %s is a no-transaction revision (-- gen:no-transaction), which cannot run inside the caller's transaction; nothing was changed: run it with NewPostgres or NewPostgresDB, outside a transaction",
					m.path(f), f.Revision))
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("refusing to %s: %w", verb, errors.Join(errs...))
	}
	return nil
}

// wrapped is an error that reads as its message alone and unwraps to
// sentinel.
func wrapped(sentinel error, format string, args ...any) error {
	return &wrappedError{msg: fmt.Sprintf(format, args...), sentinel: sentinel}
}

type wrappedError struct {
	msg      string
	sentinel error
}

func (e *wrappedError) Error() string { return e.msg }
func (e *wrappedError) Unwrap() error { return e.sentinel }

// path is f's path in the directory, for messages.
func (m *Migrator) path(f *File) string { return filepath.Join(m.dir.Path(), f.Name) }

// graph verifies gen.sum and reads the graph.
func (m *Migrator) graph(verify bool) (*Graph, error) {
	if verify {
		if err := m.dir.VerifySum(); err != nil {
			return nil, fmt.Errorf("refusing to run migrations: %w", err)
		}
	}
	return m.dir.Graph()
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
	rows, err := m.driver.Applied(ctx)
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

// upgradePlan returns the revisions to apply for target, in order.
// With check, it also refuses targets that cannot be met against applied:
// a revision below what is applied, or Up(n) past the pending revisions or
// across parallel branches.
func upgradePlan(g *Graph, applied map[string]bool, t Target, check bool) ([]*File, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	target := t.String()
	var want *File
	switch t.kind {
	case targetUp:
		return nextPending(g, applied, t.n, target, check)
	case targetHead:
		h, err := single(g)
		if err != nil || h == nil {
			return nil, err
		}
		want = h
	case targetRev:
		f, err := g.Resolve(t.rev)
		if err != nil {
			return nil, err
		}
		want = f
	default:
		return nil, fmt.Errorf("%w %q: upgrade takes head, a revision or +N; use downgrade to go back", ErrBadTarget, target)
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
				return nil, fmt.Errorf("%w %q: only %d revision(s) are pending; `gen upgrade` applies them all (`gen history` lists them)", ErrBadTarget, target, len(out))
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
// returns those it applied (also when it fails partway). target is Head()
// (an error wrapping ErrMultipleHeads when there are several), To(rev) (a
// revision or unique prefix, with its ancestors) or Up(n) (the next n
// pending revisions). It refuses to run when gen.sum does not match the
// directory, and, changing nothing, when a revision to apply is of
// another dialect than the driver's (ErrDialect). Under the driver's lock
// it re-reads the version table, so many processes may run Upgrade at
// once and each revision is applied exactly once.
func (m *Migrator) Upgrade(ctx context.Context, target Target) (applied []*File, err error) {
	err = m.inSession(ctx, func() error {
		applied, err = m.upgrade(ctx, target)
		return err
	})
	return applied, err
}

func (m *Migrator) upgrade(ctx context.Context, target Target) ([]*File, error) {
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
	if err := m.checkFiles("upgrade", plan); err != nil {
		return nil, err
	}
	if err := m.driver.Init(ctx); err != nil {
		return nil, err
	}
	var done []*File
	for _, f := range plan {
		var a Applied
		err := m.timed(f, "applying", func() (err error) {
			a, err = m.driver.Apply(ctx, f, m.now)
			return err
		})
		if errors.Is(err, ErrAlreadyApplied) {
			continue
		}
		if err != nil {
			return m.finish(done, unlock, m.fileErr(f, err))
		}
		done = append(done, f)
		m.progress("applied", f, a.Duration, true)
	}
	return m.finish(done, unlock, nil)
}

// finish releases the lock (which on SQLite commits the run) and returns
// what took effect: nothing when the run's transaction was lost. On
// PostgreSQL it first warns of INVALID indexes (see warn).
func (m *Migrator) finish(done []*File, unlock func() error, err error) ([]*File, error) {
	if pd, ok := m.driver.(interface {
		invalidIndexes(context.Context) ([]string, error)
	}); ok {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		invalid, ierr := pd.invalidIndexes(ctx)
		cancel()
		for _, ii := range invalid {
			msg := fmt.Sprintf("warning: index %s is INVALID (a CREATE INDEX CONCURRENTLY failed or was killed): it enforces nothing and serves no query; drop it with DROP INDEX CONCURRENTLY and build it again", ii)
			m.warn(msg)
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
				m.path(f), r.AppliedAt.Format(time.RFC3339), r.Checksum, f.Sum))
		}
	}
	var errs []error
	if len(edited) > 0 {
		errs = append(errs, fmt.Errorf("%w: %s; the database has the schema of the file as it was: restore the file from version control (git log -p FILE), and put the change in a new revision (gen migrate)",
			ErrAppliedEdited, strings.Join(edited, "; ")))
	}
	if len(missing) > 0 {
		errs = append(errs, fmt.Errorf("%w: %s recorded in %s with no file in %s; restore the file from version control (another branch may have it), or, if it was removed on purpose, remove its row with `gen stamp` once the schema is checked",
			ErrMissingFile, strings.Join(missing, ", "), m.cfg.versionTable, m.dir.Path()))
	}
	if len(errs) > 0 {
		return fmt.Errorf("refusing to upgrade: %w", errors.Join(errs...))
	}
	return nil
}

// lock takes the driver's lock and returns a release function that is
// safe to call twice (explicitly, for its error, and deferred).
func (m *Migrator) lock(ctx context.Context) (func() error, error) {
	if t, ok := m.driver.(Tunable); ok {
		t.SetRunOptions(m.runOptions())
	}
	lctx := ctx
	if m.cfg.run.LockTimeout > 0 {
		var cancel context.CancelFunc
		lctx, cancel = context.WithTimeoutCause(ctx, m.cfg.run.LockTimeout, fmt.Errorf("%w after --lock-timeout %s", errLockTimeout, m.cfg.run.LockTimeout))
		defer cancel()
	}
	unlock, err := m.driver.Lock(lctx)
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
		se.File = filepath.Join(m.dir.Path(), f.Name)
		return err
	}
	if se != nil {
		return err
	}
	return fmt.Errorf("%s: revision %s: %w", filepath.Join(m.dir.Path(), f.Name), f.Revision, err)
}

// downgradePlan returns the revisions to revert for target, children
// first.
//
// With check, it refuses what cannot be met against rows: Down(n) past what
// is applied, or a choice between parallel branches that N does not
// settle.
func downgradePlan(g *Graph, rows []Applied, t Target, check bool) ([]*File, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	target := t.String()
	n := 0
	relative := false
	var keep *File
	switch t.kind {
	case targetDown:
		n, relative = t.n, true
	case targetBase:
		n = len(rows)
	case targetRev:
		f, err := g.Resolve(t.rev)
		if err != nil {
			return nil, err
		}
		keep = f
		n = len(rows)
	default:
		return nil, fmt.Errorf("%w %q: downgrade takes -N, a revision or base; use upgrade to go forward", ErrBadTarget, target)
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
		return nil, fmt.Errorf("%w %q: %s; `gen downgrade base` reverts everything, `gen current` shows what is applied", ErrBadTarget, target, what)
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
// it reverted (also when it fails partway). target is Down(n) (the most
// recently applied revision that no applied revision depends on, n
// times), To(rev) (everything applied that descends from rev; rev stays
// applied) or Base() (everything). It refuses to run when gen.sum does
// not match the directory, and, changing nothing, when a revision to
// revert is of another dialect than the driver's (ErrDialect).
func (m *Migrator) Downgrade(ctx context.Context, target Target) (reverted []*File, err error) {
	err = m.inSession(ctx, func() error {
		reverted, err = m.downgrade(ctx, target)
		return err
	})
	return reverted, err
}

func (m *Migrator) downgrade(ctx context.Context, target Target) ([]*File, error) {
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
	if err := m.checkFiles("downgrade", plan); err != nil {
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
	if err := m.timed(f, "reverting", func() error { return m.driver.Revert(ctx, f) }); err != nil {
		return err
	}
	m.progress("reverted", f, m.now().Sub(start), true)
	return nil
}

// Revert reverts the applied revision rev alone, where a relative target
// would be ambiguous (two branches applied side by side): the migration
// test's Down of one revision. It refuses, reverting nothing, when rev is
// not applied or an applied revision follows it.
func (m *Migrator) Revert(ctx context.Context, rev string) (reverted []*File, err error) {
	err = m.inSession(ctx, func() error {
		reverted, err = m.revertOne(ctx, rev)
		return err
	})
	return reverted, err
}

func (m *Migrator) revertOne(ctx context.Context, rev string) ([]*File, error) {
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
	if err := m.checkFiles("revert", []*File{f}); err != nil {
		return m.finish(nil, unlock, err)
	}
	if err := m.revert(ctx, f); err != nil {
		return m.finish(nil, unlock, m.fileErr(f, err))
	}
	return m.finish([]*File{f}, unlock, nil)
}

// UpgradeSQL writes the SQL that Upgrade(ctx, target) would run, with the
// runner's own statements (version table, transactions, version rows), and
// applies nothing. It reads the version table but never creates it.
func (m *Migrator) UpgradeSQL(ctx context.Context, target Target, w io.Writer) error {
	return m.inSession(ctx, func() error {
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
		if err := m.checkFiles("write the upgrade script", plan); err != nil {
			return err
		}
		return m.driver.WriteScript(ctx, w, plan, false)
	})
}

// DowngradeSQL writes the SQL that Downgrade(ctx, target) would run, with
// the runner's own statements, and reverts nothing.
func (m *Migrator) DowngradeSQL(ctx context.Context, target Target, w io.Writer) error {
	return m.inSession(ctx, func() error {
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
		if err := m.checkFiles("write the downgrade script", plan); err != nil {
			return err
		}
		return m.driver.WriteScript(ctx, w, plan, true)
	})
}

// Status reads the state of the database against the directory. It only
// reads: a missing version table means nothing is applied.
func (m *Migrator) Status(ctx context.Context) (st *Status, err error) {
	err = m.inSession(ctx, func() error {
		st, err = m.status(ctx)
		return err
	})
	return st, err
}

func (m *Migrator) status(ctx context.Context) (*Status, error) {
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
// target is Head(), To(rev) or Base() (nothing applied). It refuses,
// changing nothing, when gen.sum does not match the directory and when a
// revision to record is of another dialect than the driver's.
func (m *Migrator) Stamp(ctx context.Context, target Target) error {
	return m.inSession(ctx, func() error { return m.stamp(ctx, target) })
}

func (m *Migrator) stamp(ctx context.Context, target Target) error {
	if err := target.check(); err != nil {
		return err
	}
	// The version rows take their checksums from the files: gen.sum must
	// vouch for them, as for an upgrade.
	g, err := m.graph(true)
	if err != nil {
		return err
	}
	var want []*File
	switch target.kind {
	case targetBase:
	case targetHead:
		h, err := single(g)
		if err != nil {
			return err
		}
		if h != nil {
			want = g.Ancestors(h.Revision)
		}
	case targetRev:
		f, err := g.Resolve(target.rev)
		if err != nil {
			return err
		}
		want = g.Ancestors(f.Revision)
	default:
		return fmt.Errorf("%w %q: stamp takes head, a revision or base", ErrBadTarget, target)
	}
	unlock, err := m.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	rows, err := m.applied(ctx, g)
	if err != nil {
		return err
	}
	have := appliedSet(rows)
	wantSet := map[string]bool{}
	var add []Applied
	var addFiles []*File
	now := m.now().UTC()
	for _, f := range want {
		wantSet[f.Revision] = true
		if !have[f.Revision] {
			add = append(add, Applied{Revision: f.Revision, Checksum: f.Sum, AppliedAt: now})
			addFiles = append(addFiles, f)
		}
	}
	var remove []string
	for _, r := range rows {
		if !wantSet[r.Revision] {
			remove = append(remove, r.Revision)
		}
	}
	if err := m.checkFiles("stamp", addFiles); err != nil {
		return err
	}
	if err := m.driver.Init(ctx); err != nil {
		return err
	}
	if err := m.driver.SetApplied(ctx, add, remove); err != nil {
		return err
	}
	return unlock()
}

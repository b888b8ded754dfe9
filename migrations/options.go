package migrations

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"time"
)

// An Option configures a Migrator made by New. Each option checks its
// value, and New refuses options that conflict: the same option given
// twice with different values, WithLog beside WithLogger.
type Option interface {
	apply(*config) error
}

type optionFunc func(*config) error

func (f optionFunc) apply(c *config) error { return f(c) }

// config is what the options set; set records which were given, for the
// conflict checks.
type config struct {
	set          map[string]any
	logger       *slog.Logger
	log          io.Writer
	versionTable string
	now          func() time.Time
	run          RunOptions
	// slowAfter is how long a revision runs before its "applying" line.
	slowAfter time.Duration
}

// once records option name with value v, refusing a second, different
// value (funcs and writers, which cannot be compared, may not be given
// twice at all).
func (c *config) once(name string, v any, comparable bool) error {
	if old, ok := c.set[name]; ok {
		if !comparable || old != v {
			return fmt.Errorf("migrations: %s given twice (%v, then %v): keep one", name, show(old), show(v))
		}
	}
	c.set[name] = v
	return nil
}

func show(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case time.Duration, int:
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("%T", v)
}

// WithLogger has the Migrator report progress as structured records on l:
// "applying revision" (only for a revision still running after a second),
// "applied revision", "reverting revision", "reverted revision", each with
// the attributes revision, message and (once done) duration; and what the
// run waits for (another runner's lock, a table lock), at level Warn,
// unless WithNotify is given. It conflicts with WithLog.
func WithLogger(l *slog.Logger) Option {
	return optionFunc(func(c *config) error {
		if l == nil {
			return errors.New("migrations: WithLogger(nil): leave the option out to log nothing")
		}
		if err := c.once("WithLogger", l, true); err != nil {
			return err
		}
		c.logger = l
		return nil
	})
}

// WithLog has the Migrator write one plain progress line per revision to
// w, as the gen CLI prints them: "applied 3f9a2c81d0b4 add timezone
// (12ms)", "reverted …", and "applying 3f9a2c81d0b4 add timezone…" when a
// revision is still running after a second. It conflicts with WithLogger.
func WithLog(w io.Writer) Option {
	return optionFunc(func(c *config) error {
		if w == nil {
			return errors.New("migrations: WithLog(nil): leave the option out to log nothing")
		}
		if err := c.once("WithLog", w, false); err != nil {
			return err
		}
		c.log = w
		return nil
	})
}

// identRE is what WithVersionTable accepts: an identifier that needs no
// quoting on PostgreSQL or SQLite.
var identRE = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// maxVersionTable leaves room for the "_progress" suffix within
// PostgreSQL's 63-byte identifiers.
const maxVersionTable = 63 - len(progressSuffix)

// progressSuffix names the progress table of a version table.
const progressSuffix = "_progress"

// WithVersionTable names the version table (default VersionTable,
// "gen_migrations"), in the driver's schema. name is lower-case letters,
// digits and '_', not starting with a digit, at most 54 bytes, and not
// ending in "_progress". On PostgreSQL the progress table is name +
// "_progress" and the advisory lock key is derived from name and the
// schema, so runners with different version tables never wait for each
// other. Both built-in drivers honour it; a Driver of another package is
// refused (New returns an error).
func WithVersionTable(name string) Option {
	return optionFunc(func(c *config) error {
		if err := validVersionTable(name); err != nil {
			return err
		}
		if err := c.once("WithVersionTable", name, true); err != nil {
			return err
		}
		c.versionTable = name
		return nil
	})
}

func validVersionTable(name string) error {
	switch {
	case !identRE.MatchString(name):
		return fmt.Errorf("migrations: WithVersionTable(%q): a version table name is lower-case letters, digits and '_', not starting with a digit (e.g. app_migrations)", name)
	case len(name) > maxVersionTable:
		return fmt.Errorf("migrations: WithVersionTable(%q): %d bytes is too long; at most %d, so that the progress table name %s fits PostgreSQL's 63", name, len(name), maxVersionTable, name[:10]+"…"+progressSuffix)
	case strings.HasSuffix(name, progressSuffix):
		return fmt.Errorf("migrations: WithVersionTable(%q): that is the progress table of version table %q; pick a name not ending in %q", name, strings.TrimSuffix(name, progressSuffix), progressSuffix)
	}
	return nil
}

// WithLockTimeout bounds the wait for the migration lock (another runner
// holds it) and, on PostgreSQL, each statement's wait for a table lock
// (the session's lock_timeout, and the value of a file's own SET [LOCAL]
// lock_timeout). 0, the default, is no bound of gen's own; negative is an
// error.
func WithLockTimeout(d time.Duration) Option {
	return optionFunc(func(c *config) error {
		if d < 0 {
			return fmt.Errorf("migrations: WithLockTimeout(%s): give 0 (no bound) or a positive duration", d)
		}
		if err := c.once("WithLockTimeout", d, true); err != nil {
			return err
		}
		c.run.LockTimeout = d
		return nil
	})
}

// WithStatementTimeout bounds each statement on PostgreSQL (the session's
// statement_timeout, and the value of a file's own SET [LOCAL]
// statement_timeout). 0, the default, is no bound of gen's own; negative
// is an error.
func WithStatementTimeout(d time.Duration) Option {
	return optionFunc(func(c *config) error {
		if d < 0 {
			return fmt.Errorf("migrations: WithStatementTimeout(%s): give 0 (no bound) or a positive duration", d)
		}
		if err := c.once("WithStatementTimeout", d, true); err != nil {
			return err
		}
		c.run.StatementTimeout = d
		return nil
	})
}

// WithClock sets the clock of the version table's applied_at and of the
// durations reported; the default is time.Now.
func WithClock(now func() time.Time) Option {
	return optionFunc(func(c *config) error {
		if now == nil {
			return errors.New("migrations: WithClock(nil): leave the option out to use time.Now")
		}
		if err := c.once("WithClock", now, false); err != nil {
			return err
		}
		c.now = now
		return nil
	})
}

// WithNotify has the Migrator tell notify, once per wait, what the run is
// waiting for (the migration lock, or a table lock another session holds),
// and warn of INVALID indexes left on PostgreSQL. Without it those go to
// the logger (WithLogger, at level Warn) or the log (WithLog).
func WithNotify(notify func(msg string)) Option {
	return optionFunc(func(c *config) error {
		if notify == nil {
			return errors.New("migrations: WithNotify(nil): leave the option out")
		}
		if err := c.once("WithNotify", notify, false); err != nil {
			return err
		}
		c.run.Notify = notify
		return nil
	})
}

// New returns a Migrator that applies the revisions of dir on the
// database of driver. dir and driver are required; opts are checked, and
// conflicting ones refused, here rather than when the Migrator runs.
//
// A *Migrator is not safe for concurrent use: use one per goroutine. Many
// Migrators, in one process or many, may run on one database at once:
// that is what the driver's lock is for, and each revision is applied
// exactly once.
func New(dir *Dir, driver Driver, opts ...Option) (*Migrator, error) {
	if dir == nil {
		return nil, errors.New("migrations: New: dir is nil; open one with OpenDir or OpenFS")
	}
	if driver == nil {
		return nil, errors.New("migrations: New: driver is nil; make one with NewPostgres, NewPostgresDB, NewPostgresTx or NewSQLite")
	}
	if b, ok := driver.(*brokenDriver); ok {
		return nil, b.err
	}
	c := &config{set: map[string]any{}, slowAfter: time.Second}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o.apply(c); err != nil {
			return nil, err
		}
	}
	if c.logger != nil && c.log != nil {
		return nil, errors.New("migrations: WithLog and WithLogger both given: keep one (WithLogger with slog.NewTextHandler writes text too)")
	}
	if c.versionTable != "" && c.versionTable != VersionTable {
		vt, ok := driver.(versionTabled)
		if !ok {
			return nil, fmt.Errorf("migrations: WithVersionTable(%q): driver %T does not take a version table name; leave the option out", c.versionTable, driver)
		}
		vt.setVersionTable(c.versionTable)
	}
	if c.versionTable == "" {
		c.versionTable = VersionTable
	}
	if c.now == nil {
		c.now = time.Now
	}
	return &Migrator{dir: dir, driver: driver, cfg: *c}, nil
}

// A versionTabled driver takes the version table's name.
type versionTabled interface {
	setVersionTable(name string)
}

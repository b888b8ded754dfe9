package migrations

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ProgressTable is the table, beside the version table (its name +
// "_progress" with WithVersionTable), in which the
// PostgreSQL runner records how far a no-transaction revision got: one row
// while the revision runs, deleted in the transaction that records (or,
// reverting, deletes) its version row, which also drops the table once it
// is empty. A row left behind means a run was
// killed or failed inside the revision; the next run resumes from it. The
// version table itself is unchanged, so that older gen versions and other
// readers see it as before.
const ProgressTable = "gen_migrations_progress"

// ErrInterrupted is returned by Migrator.Upgrade and Downgrade when a
// no-transaction revision was left half-run by an earlier run and cannot
// be resumed as it stands; the message says what to do.
var ErrInterrupted = errors.New("migrations: a no-transaction revision was interrupted")

// progress is a row of the progress table.
type progress struct {
	down     bool
	checksum string
	done     int // statements completed
}

// progressTable is the progress table of the driver's version table,
// quoted: ProgressTable for gen_migrations.
func (d *postgresDriver) progressTable() string { return d.qualified(d.vt + progressSuffix) }

// readProgress returns f's progress row, or nil.
func (d *postgresDriver) readProgress(ctx context.Context, f *File) (*progress, error) {
	var exists bool
	if err := d.q.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", d.progressTable()).Scan(&exists); err != nil {
		return nil, fmt.Errorf("looking for %s: %w", d.progressTable(), err)
	}
	if !exists {
		return nil, nil
	}
	var (
		p   progress
		dir string
	)
	err := d.q.QueryRow(ctx, "SELECT direction, checksum, done FROM "+d.progressTable()+" WHERE revision = $1", f.Revision).Scan(&dir, &p.checksum, &p.done)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", d.progressTable(), err)
	}
	p.down = dir == "down"
	return &p, nil
}

// createIndexRE reads the index name of CREATE [UNIQUE] INDEX CONCURRENTLY.
var createIndexRE = regexp.MustCompile(`(?is)^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")+"|[^\s(]+)\s+ON\b`)

// indexState returns "absent", "valid" or "invalid" for an index name as
// written in a statement (quoted or not), in the driver's schema.
func (d *postgresDriver) indexState(ctx context.Context, name string) (string, error) {
	ident := name
	if strings.HasPrefix(name, `"`) {
		ident = strings.ReplaceAll(strings.Trim(name, `"`), `""`, `"`)
	} else {
		ident = strings.ToLower(name)
	}
	q := pgx.Identifier{ident}.Sanitize()
	if d.schema != "" && !strings.Contains(name, ".") {
		q = pgx.Identifier{d.schema, ident}.Sanitize()
	} else if strings.Contains(name, ".") {
		q = name
	}
	var valid *bool
	err := d.q.QueryRow(ctx, "SELECT (SELECT i.indisvalid FROM pg_index i WHERE i.indexrelid = to_regclass($1))", q).Scan(&valid)
	if err != nil {
		return "", fmt.Errorf("looking up index %s: %w", name, err)
	}
	switch {
	case valid == nil:
		return "absent", nil
	case *valid:
		return "valid", nil
	}
	return "invalid", nil
}

// runNoTx runs a no-transaction revision one statement at a time,
// recording its progress, resuming from a row an earlier run left, and
// finishing (version row written or deleted, progress row deleted) in one
// transaction.
func (d *postgresDriver) runNoTx(ctx context.Context, f *File, down bool, finish func(pgx.Tx) error) error {
	verb, cmd := "applying", "upgrade"
	if down {
		verb, cmd = "reverting", "downgrade"
	}
	stmts := stmtsOf(f, down)
	p, err := d.readProgress(ctx, f)
	if err != nil {
		return err
	}
	start := 0
	uncertain := -1 // the statement an earlier run was in, if it is run again
	if p != nil {
		switch {
		case p.down != down:
			other := "applying"
			if p.down {
				other = "reverting"
			}
			return fmt.Errorf("%s: %w while %s it, after %d of its %d statements; finish that first (gen %s), or, once the schema is checked by hand, delete its row: DELETE FROM %s WHERE revision = %s",
				f.Name, ErrInterrupted, other, p.done, len(stmtsOf(f, p.down)), map[bool]string{false: "upgrade", true: "downgrade"}[p.down], d.progressTable(), sqlString(f.Revision))
		case p.checksum != f.Sum:
			return fmt.Errorf("%s: %w after %d of its %d statements, and the file changed since; restore the file as it was, run the %s again to resume it, and put the change in a new revision (or, once the schema is checked by hand, delete its row: DELETE FROM %s WHERE revision = %s)",
				f.Name, ErrInterrupted, p.done, len(stmts), cmd, d.progressTable(), sqlString(f.Revision))
		}
		start = p.done
		if start < len(stmts) {
			uncertain = start
			// The statement that was running may have finished before the
			// interruption, or left an INVALID index behind.
			s := stmts[start]
			if m := createIndexRE.FindStringSubmatch(s.SQL); m != nil {
				state, err := d.indexState(ctx, m[1])
				if err != nil {
					return err
				}
				switch state {
				case "absent":
					uncertain = -1
				case "invalid":
					return fmt.Errorf("%s:%d: %w: %s revision %s stopped in this CREATE INDEX CONCURRENTLY, which left index %s INVALID (it enforces nothing and serves no query); drop it with DROP INDEX CONCURRENTLY %s; then run the %s again: it resumes at this statement",
						f.Name, s.Line, ErrInterrupted, verb, f.Revision, m[1], m[1], cmd)
				case "valid":
					start++
				}
			}
		}
		d.notify("resuming revision %s %s at statement %d of %d (an earlier run was interrupted there)", f.Revision, f.Message, min(start+1, len(stmts)), len(stmts))
	} else {
		if _, err := d.q.Exec(ctx, "CREATE TABLE IF NOT EXISTS "+d.progressTable()+` (
  revision text PRIMARY KEY,
  direction text NOT NULL,
  checksum text NOT NULL,
  done integer NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now()
)`); err != nil {
			return fmt.Errorf("creating %s: %w", d.progressTable(), err)
		}
		dir := "up"
		if down {
			dir = "down"
		}
		if _, err := d.q.Exec(ctx, "INSERT INTO "+d.progressTable()+" (revision, direction, checksum, done) VALUES ($1, $2, $3, 0)", f.Revision, dir, f.Sum); err != nil {
			return fmt.Errorf("recording the progress of revision %s: %w", f.Revision, err)
		}
	}
	var ran []int
	for _, s := range stmts[:start] {
		ran = append(ran, s.Line)
	}
	for i := start; i < len(stmts); i++ {
		s := stmts[i]
		if err := d.exec(ctx, d.q, d.withOptions(s.SQL)); err != nil {
			line := s.Line
			var pe *pgconn.PgError
			if errors.As(err, &pe) {
				line = lineAt(s, int(pe.Position))
			}
			se := &StmtError{File: f.Name, Line: line, SQL: s.SQL, Err: err, Revision: f.Revision, Down: down, NoTransaction: true, Ran: ran, Cause: d.cause(ctx, err), Resumable: true, ProgressTable: d.vt + progressSuffix}
			if i == uncertain && se.Cause == CauseStatement {
				se.MarkDone = fmt.Sprintf("UPDATE %s SET done = %d WHERE revision = %s", d.progressTable(), i+1, sqlString(f.Revision))
			}
			return se
		}
		ran = append(ran, s.Line)
		uctx := context.WithoutCancel(ctx)
		if _, err := d.q.Exec(uctx, "UPDATE "+d.progressTable()+" SET done = $2 WHERE revision = $1", f.Revision, i+1); err != nil {
			return fmt.Errorf("%s: revision %s: recording that statement %d ran: %w; the statements at lines %s ran", f.Name, f.Revision, i+1, err, lineList(ran))
		}
	}
	ctx = context.WithoutCancel(ctx)
	return d.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM "+d.progressTable()+" WHERE revision = $1", f.Revision); err != nil {
			return fmt.Errorf("clearing the progress of revision %s: %w", f.Revision, err)
		}
		// Empty, the table goes: it is there only while a revision is in
		// progress or was interrupted, and never in a schema dump.
		var left int
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM "+d.progressTable()).Scan(&left); err != nil {
			return fmt.Errorf("reading %s: %w", d.progressTable(), err)
		}
		if left == 0 {
			if _, err := tx.Exec(ctx, "DROP TABLE "+d.progressTable()); err != nil {
				return fmt.Errorf("dropping the empty %s: %w", d.progressTable(), err)
			}
		}
		return finish(tx)
	})
}

func lineList(lines []int) string {
	s := make([]string, len(lines))
	for i, l := range lines {
		s[i] = strconv.Itoa(l)
	}
	return strings.Join(s, ", ")
}

// invalidIndexes lists the INVALID indexes of the driver's schema, as
// "index on table".
func (d *postgresDriver) invalidIndexes(ctx context.Context) ([]string, error) {
	rows, err := d.q.Query(ctx, `SELECT format('%I on table %I', c.relname, t.relname)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
WHERE NOT i.indisvalid AND c.relnamespace = coalesce(to_regnamespace(nullif($1, '')), current_schema()::regnamespace)
ORDER BY 1`, d.schema)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

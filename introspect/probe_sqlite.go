package introspect

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/genmigrate/gen/diff"
)

// SQLiteProber answers live-check Questions from a SQLite database
// (diff.Prober). SQLite runs in process, so there is no round trip to
// save: each question is one query. They all run in one transaction, which
// reads one snapshot and is always rolled back, with PRAGMA query_only on
// for its duration (the driver's read-only transactions are not enforced).
//
// Every count is exact (SQLite keeps no row estimates worth the name):
// ProbeOptions.ExactBelow is not used, and StatementTimeout bounds each
// query, a query past it being interrupted and its question given an Err.
//
// What each kind of question means on SQLite, where it differs from
// PostgreSQL:
//
//   - AskRows: count(*), and Bytes the pages of the table and its
//     indexes (the dbstat virtual table; 0 when the build lacks it).
//   - AskTooLong: length(c), characters of text (bytes of a blob).
//   - AskCastFailures: the rows whose value would not take the affinity
//     of Type (SQLite's rules on the declared type name): a column
//     keeps such a value unchanged in another storage class, and a STRICT
//     table rejects it. INTEGER: values that are not integers and whose
//     CAST to INTEGER differs from them ('abc', '12.5', 1.5; '12' and
//     12.0 convert). REAL and NUMERIC: values that are not numbers and
//     do not read as one. TEXT: blobs. BLOB (or no type): none.
//   - AskValueUse: CAST(c AS TEXT) IN (Values).
//   - AskCastable: N is always 1: SQLite converts any value (the rebuild
//     that changes a column's type copies the values; no USING exists).
//   - AskForeignKeyCheck: the rows of Table that PRAGMA foreign_key_check
//     reports.
//   - AskInvalidIndex, AskIndexScans, AskTimeZone, AskSequenceValue: not
//     SQLite checks (an Err says so): SQLite has no invalid indexes, no
//     index statistics, no session time zone and no sequences (a rowid
//     or AUTOINCREMENT key follows the table's largest key, which
//     AskMaxValue reads).
type SQLiteProber struct {
	db   *sql.DB
	opts diff.ProbeOptions
}

var _ diff.Prober = (*SQLiteProber)(nil)

// NewSQLiteProber returns a Prober for the main database of db. Zero
// fields of opts take the defaults of package diff.
func NewSQLiteProber(db *sql.DB, opts diff.ProbeOptions) *SQLiteProber {
	return &SQLiteProber{db: db, opts: probeDefaults(opts)}
}

// Probe answers qs, one Answer per Question, in order. It returns an error
// only when the database cannot be read at all (or ctx ends): a question
// that fails has its Answer.Err set.
func (p *SQLiteProber) Probe(ctx context.Context, qs []diff.Question) ([]diff.Answer, error) {
	if len(qs) == 0 {
		return []diff.Answer{}, nil
	}
	// query_only belongs to the connection: the probe takes one of its
	// own, sets it there and puts back what it was, or has the pool
	// discard the connection, so that no read-only connection returns to
	// the pool (the transaction may end on its own when ctx does).
	conn, err := p.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("introspect: sqlite: connecting for the live checks: %w", err)
	}
	defer conn.Close()
	var was int
	if err := conn.QueryRowContext(ctx, "PRAGMA query_only").Scan(&was); err != nil {
		return nil, fmt.Errorf("introspect: sqlite: reading PRAGMA query_only: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = 1"); err != nil {
		return nil, fmt.Errorf("introspect: sqlite: setting PRAGMA query_only: %w", err)
	}
	defer func() {
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA query_only = "+strconv.Itoa(was)); rerr != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("introspect: sqlite: starting the live checks' transaction: %w", err)
	}
	defer tx.Rollback()
	ans := make([]diff.Answer, len(qs))
	for i, q := range qs {
		a, err := p.answer(ctx, tx, q)
		if err != nil {
			return nil, err
		}
		ans[i] = a
	}
	return ans, nil
}

// answer answers one question; the error is returned only when ctx ended.
func (p *SQLiteProber) answer(ctx context.Context, tx *sql.Tx, q diff.Question) (diff.Answer, error) {
	switch q.Ask {
	case diff.AskCastable:
		return diff.Answer{N: 1, Exact: true}, nil
	case diff.AskInvalidIndex, diff.AskIndexScans, diff.AskTimeZone, diff.AskSequenceValue:
		return diff.Answer{Err: errors.New("not a SQLite check")}, nil
	case diff.AskValueUse:
		if len(q.Values) == 0 {
			return diff.Answer{N: 0, Exact: true}, nil
		}
	}
	// SQLite reads a double-quoted name that is no column as a string
	// literal, so a question about a missing column would be answered
	// about a constant: check the names first.
	if err := p.checkColumns(ctx, tx, q); err != nil {
		if ctx.Err() != nil {
			return diff.Answer{}, fmt.Errorf("introspect: sqlite: live checks: %w", ctx.Err())
		}
		return diff.Answer{Err: err}, nil
	}
	query, args, err := sqliteCountQuery(q)
	if err != nil {
		return diff.Answer{Err: err}, nil
	}
	n, err := p.number(ctx, tx, query, args...)
	if err != nil {
		if ctx.Err() != nil {
			return diff.Answer{}, fmt.Errorf("introspect: sqlite: live checks: %w", ctx.Err())
		}
		return diff.Answer{Err: err}, nil
	}
	a := diff.Answer{N: n, Exact: true}
	if q.Ask == diff.AskRows {
		// The size is a bonus: a build without dbstat leaves it 0.
		if b, err := p.number(ctx, tx, `SELECT COALESCE(sum(s.pgsize), 0) FROM dbstat('main', 1) AS s
WHERE s.name IN (SELECT m.name FROM sqlite_schema AS m WHERE m.tbl_name = ?1 COLLATE NOCASE)`, q.Table); err == nil {
			a.Bytes = b
		} else if ctx.Err() != nil {
			return diff.Answer{}, fmt.Errorf("introspect: sqlite: live checks: %w", ctx.Err())
		}
	}
	return a, nil
}

// checkColumns reports an error naming the first column of q (its own
// table's, then the referenced table's) that its table does not have.
func (p *SQLiteProber) checkColumns(ctx context.Context, tx *sql.Tx, q diff.Question) error {
	check := func(table string, cols []string, exprs []bool) error {
		if table == "" || len(cols) == 0 {
			return nil
		}
		rows, err := tx.QueryContext(ctx, `SELECT name FROM pragma_table_info(?1)`, table)
		if err != nil {
			return err
		}
		defer rows.Close()
		have := map[string]bool{}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				return err
			}
			have[strings.ToLower(n)] = true
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if len(have) == 0 {
			return fmt.Errorf("table %s does not exist", table)
		}
		for i, c := range cols {
			if i < len(exprs) && exprs[i] {
				continue
			}
			if !have[strings.ToLower(c)] {
				return fmt.Errorf("column %s of %s does not exist", c, table)
			}
		}
		return nil
	}
	if err := check(q.Table, q.Columns, q.Exprs); err != nil {
		return err
	}
	return check(q.RefTable, q.RefColumns, nil)
}

// number runs a query of one number under the statement timeout.
func (p *SQLiteProber) number(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
	qctx, cancel := context.WithTimeout(ctx, p.opts.StatementTimeout)
	defer cancel()
	var v any
	err := tx.QueryRowContext(qctx, query, args...).Scan(&v)
	if err != nil {
		if ctx.Err() == nil && errors.Is(qctx.Err(), context.DeadlineExceeded) {
			return 0, fmt.Errorf("statement timeout after %s", p.opts.StatementTimeout)
		}
		return 0, err
	}
	switch v := v.(type) {
	case int64:
		return v, nil
	case float64:
		return int64(v), nil
	case nil:
		return 0, errors.New("the query returned NULL")
	default:
		// max() over text: the value as stored.
		s := fmt.Sprint(v)
		if b, ok := v.([]byte); ok {
			s = string(b)
		}
		if n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
			return n, nil
		}
		return 0, fmt.Errorf("the query returned %q, not a number", s)
	}
}

// sqliteIdent quotes an identifier.
func sqliteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// sqliteProbeCol returns Columns[j] of q as SQL: a quoted name (qualified by
// alias when set), or the expression in parentheses.
func sqliteProbeCol(q diff.Question, j int, alias string) string {
	if pgIsExpr(q, j) {
		return "(" + q.Columns[j] + ")"
	}
	if alias != "" {
		return alias + "." + sqliteIdent(q.Columns[j])
	}
	return sqliteIdent(q.Columns[j])
}

// sqliteCountQuery returns the query of one number that answers q.
func sqliteCountQuery(q diff.Question) (string, []any, error) {
	if q.Table == "" {
		return "", nil, errors.New("the question names no table")
	}
	t := sqliteIdent(q.Table)
	var c string
	switch q.Ask {
	case diff.AskNulls, diff.AskNonNull, diff.AskTooLong, diff.AskCastFailures, diff.AskValueUse, diff.AskMaxValue, diff.AskDuplicates:
		if len(q.Columns) == 0 {
			return "", nil, errors.New("the question names no column")
		}
		c = sqliteProbeCol(q, 0, "")
	}
	switch q.Ask {
	case diff.AskRows:
		return "SELECT count(*) FROM " + t, nil, nil
	case diff.AskNulls:
		return "SELECT count(*) FROM " + t + " WHERE " + c + " IS NULL", nil, nil
	case diff.AskNonNull:
		return "SELECT count(" + c + ") FROM " + t, nil, nil
	case diff.AskDuplicates:
		var cols, conds []string
		for j := range q.Columns {
			cols = append(cols, sqliteProbeCol(q, j, ""))
			conds = append(conds, sqliteProbeCol(q, j, "")+" IS NOT NULL")
		}
		if q.Expr != "" {
			conds = append(conds, "("+q.Expr+")")
		}
		return "SELECT count(*) FROM (SELECT 1 FROM " + t + " WHERE " + strings.Join(conds, " AND ") +
			" GROUP BY " + strings.Join(cols, ", ") + " HAVING count(*) > 1)", nil, nil
	case diff.AskOrphans:
		if len(q.Columns) == 0 || len(q.Columns) != len(q.RefColumns) || q.RefTable == "" {
			return "", nil, fmt.Errorf("the question has %d columns and %d referenced columns of %q", len(q.Columns), len(q.RefColumns), q.RefTable)
		}
		if pgCarriesText(q) {
			return "", nil, errors.New("a foreign key's columns are names, not expressions")
		}
		var notNull, match []string
		for j := range q.Columns {
			notNull = append(notNull, sqliteProbeCol(q, j, "c")+" IS NOT NULL")
			match = append(match, "p."+sqliteIdent(q.RefColumns[j])+" = "+sqliteProbeCol(q, j, "c"))
		}
		return "SELECT count(*) FROM " + t + " AS c WHERE " + strings.Join(notNull, " AND ") +
			" AND NOT EXISTS (SELECT 1 FROM " + sqliteIdent(q.RefTable) + " AS p WHERE " + strings.Join(match, " AND ") + ")", nil, nil
	case diff.AskViolations:
		if strings.TrimSpace(q.Expr) == "" {
			return "", nil, errors.New("the question has no expression")
		}
		return "SELECT count(*) FROM " + t + " WHERE NOT (" + q.Expr + ")", nil, nil
	case diff.AskTooLong:
		return "SELECT count(*) FROM " + t + " WHERE length(" + c + ") > " + strconv.Itoa(q.Length), nil, nil
	case diff.AskCastFailures:
		return "SELECT count(*) FROM " + t + " WHERE " + c + " IS NOT NULL AND NOT (" + sqliteCastOK(c, q.Type) + ")", nil, nil
	case diff.AskValueUse:
		ph := make([]string, len(q.Values))
		args := make([]any, len(q.Values))
		for k, v := range q.Values {
			ph[k], args[k] = "?", v
		}
		return "SELECT count(*) FROM " + t + " WHERE CAST(" + c + " AS TEXT) IN (" + strings.Join(ph, ", ") + ")", args, nil
	case diff.AskMaxValue:
		return "SELECT COALESCE(max(" + c + "), 0) FROM " + t, nil, nil
	case diff.AskForeignKeyCheck:
		return "SELECT count(*) FROM pragma_foreign_key_check(?)", []any{q.Table}, nil
	}
	return "", nil, fmt.Errorf("unknown question kind %d", q.Ask)
}

// sqliteAffinity returns the affinity SQLite gives a column declared with
// type name typ (https://sqlite.org/datatype3.html, 3.1).
func sqliteAffinity(typ string) string {
	u := strings.ToUpper(typ)
	switch {
	case strings.Contains(u, "INT"):
		return "INTEGER"
	case strings.Contains(u, "CHAR"), strings.Contains(u, "CLOB"), strings.Contains(u, "TEXT"):
		return "TEXT"
	case strings.Contains(u, "BLOB"), strings.TrimSpace(u) == "", u == "ANY":
		return "BLOB"
	case strings.Contains(u, "REAL"), strings.Contains(u, "FLOA"), strings.Contains(u, "DOUB"):
		return "REAL"
	}
	return "NUMERIC"
}

// sqliteCastOK is a predicate over non-NULL c that holds when c takes the
// affinity of type typ (see SQLiteProber). The comparison of c with its
// CAST applies numeric affinity to c, so text that reads as the same
// number compares equal.
func sqliteCastOK(c, typ string) string {
	switch a := sqliteAffinity(typ); a {
	case "INTEGER":
		return "typeof(" + c + ") = 'integer' OR CAST(" + c + " AS INTEGER) = " + c
	case "REAL", "NUMERIC":
		return "typeof(" + c + ") IN ('integer', 'real') OR CAST(" + c + " AS " + a + ") = " + c
	case "TEXT":
		return "typeof(" + c + ") <> 'blob'"
	}
	return "1"
}

package introspect

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/genmigrate/gen/diff"
)

// PostgresProber answers live-check Questions from a PostgreSQL database
// (diff.Prober). It reads the tables of one schema, in a READ ONLY
// transaction that it always rolls back, under a statement_timeout.
//
// A Probe costs a constant number of round trips, whatever the number of
// questions and tables: BEGIN; one batch of catalog queries that covers
// every table named by any question (row estimates, sizes, the columns
// named, statistics, sequences, types, casts, indexes, settings); one
// batch of the exact counting queries; ROLLBACK. When the questions name
// pgSplitAt (200) tables or more, Probe also opens a second connection
// from the configuration of the first (pgx.Conn.Config), and shares the
// server's work with it, the two connections' batches running at once:
// in one batch, it begins a READ ONLY transaction of its own under the
// same statement_timeout and with JIT off, checks that it resolves the
// same schema, and reads the columns of the second half of the tables
// while the first connection runs the rest of the catalog batch; then it
// sends half of a counting batch of pgSplitAt statements or more, cut at
// a table boundary, while the first connection sends the other half.
// That is a fixed 3 round trips more (its startup, that batch, its half
// of the counts), whatever the number of tables; it is closed (ending
// its transaction) before Probe returns. Each half of the counts stops
// at its own first error. If the second connection cannot be opened,
// fails, or resolves another schema, the first connection reads the
// columns it did not read (one round trip more) and sends the whole
// counting batch; so it does too when the schema is a temporary one or
// unresolved; if the second connection fails during its half of the
// counts, that half is sent again on the first. The catalog batch
// decides which questions need the second: those on tables the planner
// estimates below ProbeOptions.ExactBelow rows (a table never analyzed
// counts as small). Above it, AskRows, AskNulls and AskNonNull are
// answered from the estimates (Answer.Exact false) and the other
// questions get an Answer.Err saying so. AskSequenceValue is answered
// from the catalog batch alone.
//
// AskRows' Answer.Bytes is the catalog's size, not the file system's:
// pg_class.relpages of the table, of its TOAST table and of their
// indexes, times the block size, as of the last VACUUM, ANALYZE or
// index build (autovacuum keeps it near the truth on a table that
// changes); 0 for a table never analyzed, whose relpages say nothing.
//
// Both batches go through the connection's pgconn as unnamed statements
// (Parse/Bind/Execute, one Sync), so that a Probe neither fills the pgx
// statement cache with one-off queries nor depends on its
// DefaultQueryExecMode; pgx tracers therefore see BEGIN and ROLLBACK
// only. The transaction turns JIT compilation off: the probe's queries
// are many and small, and compiling one (the planner's cost estimates of
// catalog queries are often far off) costs more than running it. Within
// the counting batch the questions on one table that one scan answers
// share a statement (see count). An error (a statement timeout, an
// expression that does not parse) makes the server skip the rest of the
// batch: the questions of the statement that failed get that error and
// the questions after it get an Err saying they were not run. The queries
// that carry SQL text of their own (expressions, predicates) run last,
// each alone, so that they cannot keep the other counts from being
// answered and their errors are their own.
//
// Identifiers are quoted; Question.Expr, the predicate and the columns
// that Exprs marks are SQL text, inserted as they are: they come from the
// models and the catalog, which gen trusts. Values and type names are bind
// parameters.
type PostgresProber struct {
	conn    *pgx.Conn
	schema  string
	opts    diff.ProbeOptions
	splitAt int // pgSplitAt
}

var _ diff.Prober = (*PostgresProber)(nil)

// NewPostgresProber returns a Prober for the tables of schema on conn;
// schema "" means the connection's current_schema(). Zero fields of opts
// take the defaults of package diff (DefaultExactBelow,
// DefaultProbeTimeout).
func NewPostgresProber(conn *pgx.Conn, schema string, opts diff.ProbeOptions) *PostgresProber {
	return &PostgresProber{conn: conn, schema: schema, opts: probeDefaults(opts), splitAt: pgSplitAt}
}

// probeDefaults fills the zero fields of opts with diff's defaults.
func probeDefaults(opts diff.ProbeOptions) diff.ProbeOptions {
	if opts.ExactBelow <= 0 {
		opts.ExactBelow = diff.DefaultExactBelow
	}
	if opts.StatementTimeout <= 0 {
		opts.StatementTimeout = diff.DefaultProbeTimeout
	}
	return opts
}

// Probe answers qs, one Answer per Question, in order. It returns an error
// only when the connection fails (or ctx ends): a question the database
// could not answer has its Answer.Err set.
func (p *PostgresProber) Probe(ctx context.Context, qs []diff.Question) ([]diff.Answer, error) {
	if len(qs) == 0 {
		return []diff.Answer{}, nil
	}
	// Inside the caller's transaction BEGIN would be a no-op and the
	// ROLLBACK below would undo the caller's work.
	if st := p.conn.PgConn().TxStatus(); st != 'I' {
		return nil, fmt.Errorf("introspect: postgres: the live checks need a connection outside any transaction (status %q): they run in a read-only transaction of their own", st)
	}
	tx, err := p.conn.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("introspect: postgres: starting the live checks' read-only transaction: %w", err)
	}
	// Rolled back whatever happens, with a context of its own so that a
	// cancelled ctx still ends the transaction when the connection lives.
	defer func() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_ = tx.Rollback(rctx)
	}()
	pr := newPgProbe(p, qs)
	if pgManyTables(qs, p.splitAt) {
		// Opened while the catalog batch runs; count decides whether to
		// use it.
		pr.side = p.openSide(ctx)
		defer pr.side.close(ctx)
	}
	if err := pr.facts(ctx); err != nil {
		return nil, err
	}
	if err := pr.count(ctx); err != nil {
		return nil, err
	}
	return pr.ans, nil
}

// pgSplitAt is the size of a counting batch from which Probe spreads it
// over a second connection: the server counts each statement in the
// backend of its connection, one statement at a time, so two backends
// answer a long batch in about half the time on a server with two cores
// or more. Below it, the cost of opening the connection (a new backend)
// is more than what the split saves.
// (PostgresProber.splitAt, which tests lower.)
const pgSplitAt = 200

// pgManyTables reports whether qs name n tables or more: only then may
// the counting batch (at most one plain statement per table for most
// questions) reach n statements, so only then does Probe open the
// second connection.
func pgManyTables(qs []diff.Question, n int) bool {
	seen := make(map[string]struct{})
	for _, q := range qs {
		seen[q.Table] = struct{}{}
		if len(seen) >= n {
			return true
		}
	}
	return false
}

// A pgSide is the prober's second connection, for half of the columns
// query and half of a large counting batch: opened in the background; its
// first batch begins a READ ONLY transaction of its own, under the same
// statement_timeout and with JIT off. It is never written to, and closed
// (which ends its transaction) when Probe returns.
type pgSide struct {
	done chan struct{}
	pc   *pgconn.PgConn // nil when it could not be opened
}

// openSide starts opening the second connection, from the configuration
// of the prober's: one round trip (the connection's startup), run while
// the catalog batch runs on the first connection. Its transaction begins
// in its first batch (facts).
func (p *PostgresProber) openSide(ctx context.Context) *pgSide {
	s := &pgSide{done: make(chan struct{})}
	cfg := p.conn.Config()
	go func() {
		defer close(s.done)
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		pc, err := pgconn.ConnectConfig(cctx, &cfg.Config)
		if err != nil {
			return
		}
		s.pc = pc
	}()
	return s
}

// conn waits for the second connection and returns it, nil when it could
// not be opened.
func (s *pgSide) conn() *pgconn.PgConn {
	<-s.done
	return s.pc
}

// close waits for the second connection and closes it.
func (s *pgSide) close(ctx context.Context) {
	if pc := s.conn(); pc != nil {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_ = pc.Close(cctx)
	}
}

// A pgStmt is one query of a batch, with its bind parameters in text
// format (a nil value is NULL).
type pgStmt struct {
	sql    string
	oids   []uint32
	params [][]byte
}

// A pgResult is what a batch returned for one pgStmt: its rows, in text
// format, or the error that stopped it. ran is false for a statement the
// server skipped after an earlier error of the batch.
type pgResult struct {
	rows [][][]byte
	err  error
	ran  bool
}

// pgSend sends stmts as one batch (one round trip, one Sync) and reads
// every result. The error is returned only when the connection failed;
// the error of a statement is in its pgResult.
func pgSend(ctx context.Context, pc *pgconn.PgConn, stmts []pgStmt) ([]pgResult, error) {
	res := make([]pgResult, len(stmts))
	if len(stmts) == 0 {
		return res, nil
	}
	b := &pgconn.Batch{}
	for _, s := range stmts {
		b.ExecParams(s.sql, s.params, s.oids, nil, nil)
	}
	mrr := pc.ExecBatch(ctx, b)
	for i := range stmts {
		if !mrr.NextResult() {
			break
		}
		rr := mrr.ResultReader()
		var rows [][][]byte
		for rr.NextRow() {
			vals := rr.Values()
			row := make([][]byte, len(vals))
			for j, v := range vals {
				if v != nil {
					row[j] = append([]byte{}, v...)
				}
			}
			rows = append(rows, row)
		}
		_, err := rr.Close()
		res[i] = pgResult{rows: rows, err: err, ran: true}
		if err != nil {
			break
		}
	}
	err := mrr.Close()
	if pc.IsClosed() || ctx.Err() != nil {
		if err == nil {
			err = ctx.Err()
		}
		return nil, err
	}
	// The statement that ended the batch early without an error of its
	// own is the one whose Parse or Bind failed.
	for i := range res {
		if !res[i].ran {
			if err == nil {
				err = errors.New("the server returned no result")
			}
			res[i] = pgResult{err: err, ran: true}
			break
		}
		if res[i].err != nil {
			break
		}
	}
	return res, nil
}

// Parameter types of the probe queries.
const (
	pgText      = pgtype.TextOID
	pgTextArray = pgtype.TextArrayOID
)

// pgProbe is one Probe under way: the questions, their answers so far and
// the catalog facts batch 1 read.
type pgProbe struct {
	p    *PostgresProber
	side *pgSide // the second connection; nil below splitAt tables
	// sideBad is true when the second connection failed or resolved
	// another schema in the catalog batch: count does not use it.
	sideBad bool
	qs      []diff.Question
	ans     []diff.Answer
	done    []bool

	// From batch 1.
	schema   string // resolved; "" when no schema is current
	version  int    // server_version_num
	timeZone string
	tables   map[string]*pgTableFacts
	types    map[string]*pgTypeFacts // by pgTypeName.lookup

	// Inputs of batch 1, by the order of their rows.
	tableNames []string
	colNames   []string // plain column names the questions name
	seqNames   []string // column names of AskSequenceValue
	typeNames  []string
	castQs     []int // questions of AskCastable
	indexQs    []int // questions of AskInvalidIndex and AskIndexScans
}

// pgTableFacts are what batch 1 read about one table.
type pgTableFacts struct {
	kind     string  // pg_class.relkind
	tuples   float64 // reltuples; negative when never analyzed
	bytes    int64   // the catalog's size (relpages); 0 when never analyzed
	readable bool    // SELECT on some column
	cols     map[string]*pgColumnFacts
}

// pgColumnFacts are what batch 1 read about one column.
type pgColumnFacts struct {
	typ      string // base type name (pg_type.typname, domains resolved)
	category byte   // its pg_type.typcategory
	nullFrac float64
	hasStats bool // pg_stats has a row for the column
	readable bool
	// btree is true when the column leads a valid, non-partial btree
	// index, so that max() reads one index entry.
	btree bool
	// seq is true when a sequence is owned by the column (serial or
	// identity); seqReadable when the prober may read it, and seqLast
	// its last value (0 when never used). Read only for the column
	// names of AskSequenceValue.
	seq, seqReadable bool
	seqLast          int64
}

// pgTypeFacts are what batch 1 read about a type name.
type pgTypeFacts struct {
	found    bool
	base     string // typname of the base type (domains resolved)
	category byte
	format   string // format_type(oid, NULL): the type without modifiers
}

func newPgProbe(p *PostgresProber, qs []diff.Question) *pgProbe {
	pr := &pgProbe{
		p:      p,
		qs:     qs,
		ans:    make([]diff.Answer, len(qs)),
		done:   make([]bool, len(qs)),
		tables: make(map[string]*pgTableFacts),
		types:  make(map[string]*pgTypeFacts),
	}
	seenTable := make(map[string]bool)
	addTable := func(t string) {
		if t != "" && !seenTable[t] {
			seenTable[t] = true
			pr.tableNames = append(pr.tableNames, t)
		}
	}
	seenType := make(map[string]bool)
	addType := func(s string) {
		if n, ok := parsePgTypeName(s); ok && !seenType[n.lookup] {
			seenType[n.lookup] = true
			pr.typeNames = append(pr.typeNames, n.lookup)
		}
	}
	seenCol, seenSeq := make(map[string]bool), make(map[string]bool)
	addCols := func(q diff.Question, cols []string, exprs bool) {
		for j, c := range cols {
			if exprs && pgIsExpr(q, j) || seenCol[c] {
				continue
			}
			seenCol[c] = true
			pr.colNames = append(pr.colNames, c)
		}
	}
	for i, q := range qs {
		switch q.Ask {
		case diff.AskTimeZone:
		case diff.AskCastable:
			pr.castQs = append(pr.castQs, i)
		case diff.AskInvalidIndex, diff.AskIndexScans:
			pr.indexQs = append(pr.indexQs, i)
		case diff.AskCastFailures:
			addTable(q.Table)
			addCols(q, q.Columns, true)
			addType(q.Type)
		case diff.AskOrphans:
			addTable(q.Table)
			addCols(q, q.Columns, true)
			addTable(q.RefTable)
			addCols(q, q.RefColumns, false)
		case diff.AskSequenceValue:
			addTable(q.Table)
			addCols(q, q.Columns, true)
			if len(q.Columns) > 0 && !pgIsExpr(q, 0) && !seenSeq[q.Columns[0]] {
				seenSeq[q.Columns[0]] = true
				pr.seqNames = append(pr.seqNames, q.Columns[0])
			}
		default:
			addTable(q.Table)
			addCols(q, q.Columns, true)
		}
	}
	return pr
}

// answer sets the answer of question i.
func (pr *pgProbe) answer(i int, a diff.Answer) {
	pr.ans[i], pr.done[i] = a, true
}

// fail sets the error of question i.
func (pr *pgProbe) fail(i int, format string, args ...any) {
	pr.answer(i, diff.Answer{Err: fmt.Errorf(format, args...)})
}

// pgFactQuery is one query of batch 1: what it reads (for errors), its
// SQL, its parameters and the reading of each of its rows.
type pgFactQuery struct {
	what string
	sql  string
	args func(pr *pgProbe) pgStmt
	scan func(pr *pgProbe, row [][]byte) error
}

// pgColumnsQuery is the index of the columns query in pgFactQueries.
const pgColumnsQuery = 2

// pgSchemaExpr is the schema the prober reads, from parameter $1.
const pgSchemaExpr = `COALESCE(NULLIF($1::text, ''), current_schema())`

// pgFactQueries are the queries of batch 1, in order. The first sets the
// statement_timeout of the transaction, so it bounds every later query,
// and turns JIT off for the transaction.
// None of them raises an error on what the questions name (missing
// tables, indexes or types read as absent rows), since an error would
// abort the transaction and with it batch 2: type names are checked by
// parsePgTypeName before to_regtype sees them.
var pgFactQueries = []pgFactQuery{
	{"the settings", `SELECT set_config('statement_timeout', $2::text, true), set_config('jit', 'off', true),
	current_setting('server_version_num'), current_setting('TimeZone'), COALESCE(` + pgSchemaExpr + `, '')`,
		func(pr *pgProbe) pgStmt {
			ms := max(pr.p.opts.StatementTimeout.Milliseconds(), 1)
			return pgStmt{oids: []uint32{pgText, pgText}, params: [][]byte{[]byte(pr.p.schema), []byte(strconv.FormatInt(ms, 10))}}
		},
		(*pgProbe).settingsRow},

	// Tables: the planner's row estimate and the total size; a
	// partitioned table has neither of its own, so they are summed over
	// its leaf partitions (the estimate is unknown if one partition's is).
	// The size is the catalog's, as of the last VACUUM, ANALYZE or index
	// build: relpages of the table, of its TOAST table and of their
	// indexes, times the block size; 0 for a table never analyzed
	// (reltuples < 0), whose relpages say nothing. Asking the file system
	// (pg_total_relation_size) stats every fork of every one of those
	// relations and took most of the catalog batch on 1000 tables.
	{"the tables", `SELECT c.relname, c.relkind::text,
	CASE WHEN c.relkind = 'p' THEN COALESCE((
		SELECT CASE WHEN bool_or(l.reltuples < 0) THEN -1 ELSE sum(l.reltuples) END
		FROM pg_catalog.pg_partition_tree(c.oid) pt
		JOIN pg_catalog.pg_class l ON l.oid = pt.relid
		WHERE pt.isleaf
	), -1) ELSE c.reltuples END::float8,
	(CASE WHEN c.relkind = 'p' THEN (
		SELECT COALESCE(sum(` + pgPagesExpr("l", "lt") + `), 0)
		FROM pg_catalog.pg_partition_tree(c.oid) pt
		JOIN pg_catalog.pg_class l ON l.oid = pt.relid
		LEFT JOIN pg_catalog.pg_class lt ON lt.oid = l.reltoastrelid
		WHERE pt.isleaf
	) ELSE ` + pgPagesExpr("c", "ct") + ` END * current_setting('block_size')::int8)::int8,
	pg_catalog.has_any_column_privilege(c.oid, 'SELECT')
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class ct ON ct.oid = c.reltoastrelid
WHERE n.nspname = ` + pgSchemaExpr + ` AND c.relname = ANY($2::text[]) AND c.relkind IN ('r', 'p', 'm', 'f', 'v')`,
		func(pr *pgProbe) pgStmt { return pr.schemaAnd(pr.tableNames) }, (*pgProbe).tableRow},

	// Columns of those tables that the questions name (by name: a
	// column named on one table is read on all of them), with their base
	// type and privilege (the table's SELECT privilege first: a column's
	// own is looked up only without it, which spares 3000 attribute ACL
	// lookups on 1000 tables). Their null_frac statistic and whether a
	// btree index starts with them serve only the estimates of a table above
	// ExactBelow ($4), so they are read for those tables only (and for
	// partitioned tables, whose estimate is their partitions'). The
	// sequence behind a column (AskSequenceValue) is read for the
	// column names of $5: the one pg_get_serial_sequence finds (owned by
	// the column: deptype 'a' for serial, 'i' for identity), the
	// privilege to read it, and its last value (NULL when never used).
	{"the columns", `SELECT c.relname, a.attname, bt.typname::text, bt.typcategory::text,
	CASE WHEN c.relkind = 'p' OR c.reltuples >= $4::text::float8 THEN (
		SELECT s.null_frac::float8 FROM pg_catalog.pg_stats s
		WHERE s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname AND s.inherited = (c.relkind = 'p')
	) END,
	CASE WHEN pg_catalog.has_table_privilege(c.oid, 'SELECT') THEN true ELSE pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT') END,
	CASE WHEN c.relkind = 'p' OR c.reltuples >= $4::text::float8 THEN EXISTS (
		SELECT 1 FROM pg_catalog.pg_index i
		JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
		JOIN pg_catalog.pg_am am ON am.oid = ic.relam
		WHERE i.indrelid = c.oid AND i.indkey[0] = a.attnum AND i.indisvalid AND i.indpred IS NULL AND am.amname = 'btree'
	) ELSE false END,
	sq.oid IS NOT NULL,
	COALESCE(pg_catalog.has_sequence_privilege(sq.oid, 'SELECT,USAGE'), false),
	CASE WHEN pg_catalog.has_sequence_privilege(sq.oid, 'SELECT,USAGE') THEN pg_catalog.pg_sequence_last_value(sq.oid) END
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
LEFT JOIN LATERAL (
	SELECT sc.oid FROM pg_catalog.pg_depend d
	JOIN pg_catalog.pg_class sc ON sc.oid = d.objid AND sc.relkind = 'S'
	WHERE a.attname = ANY($5::text[])
		AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = c.oid AND d.refobjsubid = a.attnum
		AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')
	LIMIT 1
) sq ON true
WHERE n.nspname = ` + pgSchemaExpr + ` AND c.relname = ANY($2::text[]) AND c.relkind IN ('r', 'p', 'm', 'f', 'v')
	AND a.attname = ANY($3::text[])`,
		(*pgProbe).columnArgs, (*pgProbe).columnRow},

	// The target types of AskCastFailures.
	{"the types", `SELECT q.name, t.oid IS NOT NULL, COALESCE(bt.typname::text, ''), COALESCE(bt.typcategory::text, ''),
	COALESCE(pg_catalog.format_type(t.oid, NULL), '')
FROM unnest($1::text[]) AS q(name)
LEFT JOIN pg_catalog.pg_type t ON t.oid = pg_catalog.to_regtype(q.name)
LEFT JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END`,
		func(pr *pgProbe) pgStmt {
			return pgStmt{oids: []uint32{pgTextArray}, params: [][]byte{pr.textArray(pr.typeNames)}}
		},
		(*pgProbe).typeRow},

	// AskCastable: whether `USING col::type` can convert at all: a cast
	// of any context between the base types (pg_cast; a binary-coercible
	// cast is an implicit one), the same base type (a change of modifier
	// only), a string type on either side (the I/O conversion through the
	// value's text), or arrays whose elements cast so.
	{"the casts", `WITH r AS (
	SELECT q.i, pg_catalog.to_regtype(NULLIF(q.f, ''))::oid AS f, pg_catalog.to_regtype(NULLIF(q.t, ''))::oid AS t
	FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS q(f, t, i)
), b AS (
	SELECT r.i, r.f, r.t,
		CASE WHEN ft.typtype = 'd' THEN ft.typbasetype ELSE r.f END AS fb,
		CASE WHEN tt.typtype = 'd' THEN tt.typbasetype ELSE r.t END AS tb
	FROM r
	LEFT JOIN pg_catalog.pg_type ft ON ft.oid = r.f
	LEFT JOIN pg_catalog.pg_type tt ON tt.oid = r.t
)
SELECT b.i, b.f IS NOT NULL, b.t IS NOT NULL, COALESCE(
	b.fb = b.tb
	OR tbt.typcategory = 'S' OR fbt.typcategory = 'S'
	OR EXISTS (SELECT 1 FROM pg_catalog.pg_cast c WHERE c.castsource = b.fb AND c.casttarget = b.tb AND c.castcontext IN ('i', 'a', 'e'))
	OR (fbt.typcategory = 'A' AND tbt.typcategory = 'A' AND fbt.typelem <> 0 AND tbt.typelem <> 0 AND (
		fbt.typelem = tbt.typelem
		OR te.typcategory = 'S'
		OR EXISTS (SELECT 1 FROM pg_catalog.pg_cast c WHERE c.castsource = fbt.typelem AND c.casttarget = tbt.typelem AND c.castcontext IN ('i', 'a', 'e'))
	)), false)
FROM b
LEFT JOIN pg_catalog.pg_type fbt ON fbt.oid = b.fb
LEFT JOIN pg_catalog.pg_type tbt ON tbt.oid = b.tb
LEFT JOIN pg_catalog.pg_type te ON te.oid = tbt.typelem`,
		(*pgProbe).castArgs, (*pgProbe).castRow},

	// AskInvalidIndex and AskIndexScans: the index of that name on that
	// table, its validity and its scans.
	{"the indexes", `SELECT q.i, ic.oid IS NOT NULL, COALESCE(i.indisvalid, true), s.idx_scan
FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS q(tab, idx, i)
LEFT JOIN pg_catalog.pg_namespace n ON n.nspname = ` + pgSchemaExpr + `
LEFT JOIN pg_catalog.pg_class tc ON tc.relnamespace = n.oid AND tc.relname = q.tab
LEFT JOIN pg_catalog.pg_index i ON i.indrelid = tc.oid
	AND i.indexrelid = (SELECT ic2.oid FROM pg_catalog.pg_class ic2 WHERE ic2.relnamespace = n.oid AND ic2.relname = q.idx)
LEFT JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
LEFT JOIN pg_catalog.pg_stat_user_indexes s ON s.indexrelid = i.indexrelid`,
		(*pgProbe).indexArgs, (*pgProbe).indexRow},
}

// pgPagesExpr is the pages of table t (an alias of pg_class), of its
// TOAST table (alias toast, LEFT JOINed) and of the indexes of both; 0
// when t was never analyzed.
func pgPagesExpr(t, toast string) string {
	return `CASE WHEN ` + t + `.reltuples < 0 THEN 0 ELSE ` + t + `.relpages::int8 + COALESCE(` + toast + `.relpages, 0) + (
		SELECT COALESCE(sum(ic.relpages::int8), 0) FROM pg_catalog.pg_index i
		JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
		WHERE i.indrelid IN (` + t + `.oid, ` + t + `.reltoastrelid)) END`
}

// facts runs batch 1 and answers the questions it can answer alone.
func (pr *pgProbe) facts(ctx context.Context) error {
	stmts := make([]pgStmt, len(pgFactQueries))
	for i, q := range pgFactQueries {
		stmts[i] = q.args(pr)
		stmts[i].sql = q.sql
	}
	// With a second connection, it reads the columns of the second half
	// of the tables while the first connection reads the rest of the
	// catalog batch (the columns query is most of its time), after the
	// schema as it resolves it, which must be the first's. If it cannot
	// (not opened, failed, another schema), the first reads them after.
	var rest pgStmt // the columns query on the second half
	var restRes []pgResult
	var wg sync.WaitGroup
	if n := pr.colSplit(); n < len(pr.tableNames) {
		rest = pr.columnArgsOf(pr.tableNames[n:])
		rest.sql = pgFactQueries[pgColumnsQuery].sql
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := pr.side.conn()
			if sc == nil {
				return
			}
			ms := strconv.FormatInt(max(pr.p.opts.StatementTimeout.Milliseconds(), 1), 10)
			r, err := pgSend(ctx, sc, []pgStmt{
				{sql: "BEGIN READ ONLY"},
				{sql: `SELECT COALESCE(` + pgSchemaExpr + `, ''), set_config('statement_timeout', $2::text, true), set_config('jit', 'off', true)`,
					oids: []uint32{pgText, pgText}, params: [][]byte{[]byte(pr.p.schema), []byte(ms)}},
				rest,
			})
			if err == nil && r[0].err == nil {
				restRes = r[1:]
			}
		}()
	}
	res, err := pgSend(ctx, pr.p.conn.PgConn(), stmts)
	wg.Wait()
	if err != nil {
		return fmt.Errorf("introspect: postgres: reading the catalog for the live checks: %w", err)
	}
	if rest.sql != "" {
		ok := len(restRes) == 2 && restRes[0].err == nil && len(restRes[0].rows) == 1 && len(res[0].rows) == 1 &&
			len(res[0].rows[0]) == 5 && len(restRes[0].rows[0]) == 3 && string(restRes[0].rows[0][0]) == string(res[0].rows[0][4]) &&
			restRes[1].err == nil
		if !ok {
			pr.sideBad = true
		}
		clean := true
		for _, r := range res {
			clean = clean && r.ran && r.err == nil
		}
		if !ok && clean {
			r, err := pgSend(ctx, pr.p.conn.PgConn(), []pgStmt{rest})
			if err != nil {
				return fmt.Errorf("introspect: postgres: reading the catalog for the live checks: %w", err)
			}
			restRes = []pgResult{{}, r[0]}
		}
	}
	for i, q := range pgFactQueries {
		err := res[i].err
		rows := res[i].rows
		if i == pgColumnsQuery && err == nil && rest.sql != "" {
			err = restRes[1].err
			rows = append(rows, restRes[1].rows...)
		}
		for _, row := range rows {
			if err != nil {
				break
			}
			err = q.scan(pr, row)
		}
		if err != nil {
			// Not the caller's fault and nothing else is known: every
			// question gets the error.
			for j := range pr.qs {
				pr.fail(j, "reading %s: %s", q.what, pgErrText(err, pr.p.opts))
			}
			return nil
		}
	}
	pr.answerFromCatalog()
	return nil
}

// schemaAnd returns the parameters $1 schema, $2 names.
func (pr *pgProbe) schemaAnd(names []string) pgStmt {
	return pgStmt{oids: []uint32{pgText, pgTextArray}, params: [][]byte{[]byte(pr.p.schema), pr.textArray(names)}}
}

// textArray encodes ss as a text[] parameter in text format.
func (pr *pgProbe) textArray(ss []string) []byte {
	if ss == nil {
		ss = []string{}
	}
	b, err := pr.p.conn.TypeMap().Encode(pgTextArray, pgtype.TextFormatCode, ss, nil)
	if err != nil {
		// Encoding a []string as text[] cannot fail.
		panic(err)
	}
	return b
}

// columnArgs returns the parameters of the columns query: $1 schema, $2
// tables, $3 the column names questions name, $4 ExactBelow, $5 the
// column names of AskSequenceValue.
func (pr *pgProbe) columnArgs() pgStmt {
	return pr.columnArgsOf(pr.tableNames[:pr.colSplit()])
}

// colSplit is the number of pr.tableNames whose columns the first
// connection reads: all of them, or half when a second connection
// reads the others' (facts).
func (pr *pgProbe) colSplit() int {
	if pr.side == nil {
		return len(pr.tableNames)
	}
	return len(pr.tableNames) / 2
}

// columnArgsOf returns the parameters of the columns query on tables.
func (pr *pgProbe) columnArgsOf(tables []string) pgStmt {
	st := pr.schemaAnd(tables)
	st.oids = append(st.oids, pgTextArray, pgText, pgTextArray)
	st.params = append(st.params, pr.textArray(pr.colNames), []byte(strconv.FormatInt(pr.p.opts.ExactBelow, 10)), pr.textArray(pr.seqNames))
	return st
}

func (pr *pgProbe) castArgs() pgStmt {
	var from, to []string
	for _, i := range pr.castQs {
		f, fok := parsePgTypeName(pr.qs[i].FromType)
		t, tok := parsePgTypeName(pr.qs[i].Type)
		if !fok {
			f.lookup = ""
		}
		if !tok {
			t.lookup = ""
		}
		from, to = append(from, f.lookup), append(to, t.lookup)
	}
	return pgStmt{oids: []uint32{pgTextArray, pgTextArray}, params: [][]byte{pr.textArray(from), pr.textArray(to)}}
}

func (pr *pgProbe) indexArgs() pgStmt {
	var tabs, idxs []string
	for _, i := range pr.indexQs {
		tabs, idxs = append(tabs, pr.qs[i].Table), append(idxs, pr.qs[i].Index)
	}
	return pgStmt{oids: []uint32{pgText, pgTextArray, pgTextArray}, params: [][]byte{[]byte(pr.p.schema), pr.textArray(tabs), pr.textArray(idxs)}}
}

func (pr *pgProbe) settingsRow(row [][]byte) error {
	v, err := strconv.Atoi(string(row[2]))
	if err != nil {
		return fmt.Errorf("server_version_num %q: %w", row[2], err)
	}
	pr.version, pr.timeZone, pr.schema = v, string(row[3]), string(row[4])
	return nil
}

func (pr *pgProbe) tableRow(row [][]byte) error {
	tuples, err := strconv.ParseFloat(string(row[2]), 64)
	if err != nil {
		return err
	}
	size, err := strconv.ParseInt(string(row[3]), 10, 64)
	if err != nil {
		return err
	}
	pr.tables[string(row[0])] = &pgTableFacts{
		kind: string(row[1]), tuples: tuples, bytes: size, readable: pgBool(row[4]),
		cols: make(map[string]*pgColumnFacts),
	}
	return nil
}

func (pr *pgProbe) columnRow(row [][]byte) error {
	t := pr.tables[string(row[0])]
	if t == nil {
		return nil
	}
	c := &pgColumnFacts{typ: string(row[2]), readable: pgBool(row[5]), btree: pgBool(row[6]),
		seq: pgBool(row[7]), seqReadable: pgBool(row[8])}
	if len(row[3]) > 0 {
		c.category = row[3][0]
	}
	if row[4] != nil {
		f, err := strconv.ParseFloat(string(row[4]), 64)
		if err != nil {
			return err
		}
		c.nullFrac, c.hasStats = f, true
	}
	if row[9] != nil {
		n, err := strconv.ParseInt(string(row[9]), 10, 64)
		if err != nil {
			return err
		}
		c.seqLast = n
	}
	t.cols[string(row[1])] = c
	return nil
}

func (pr *pgProbe) typeRow(row [][]byte) error {
	f := &pgTypeFacts{found: pgBool(row[1]), base: string(row[2]), format: string(row[4])}
	if len(row[3]) > 0 {
		f.category = row[3][0]
	}
	pr.types[string(row[0])] = f
	return nil
}

func (pr *pgProbe) castRow(row [][]byte) error {
	k, err := strconv.Atoi(string(row[0]))
	if err != nil || k < 1 || k > len(pr.castQs) {
		return fmt.Errorf("cast row %q", row[0])
	}
	i := pr.castQs[k-1]
	q := pr.qs[i]
	switch {
	case !pgBool(row[1]):
		pr.fail(i, "%q is not a type", q.FromType)
	case !pgBool(row[2]):
		pr.fail(i, "%q is not a type", q.Type)
	case pgBool(row[3]):
		pr.answer(i, diff.Answer{N: 1, Exact: true})
	default:
		pr.answer(i, diff.Answer{N: 0, Exact: true})
	}
	return nil
}

func (pr *pgProbe) indexRow(row [][]byte) error {
	k, err := strconv.Atoi(string(row[0]))
	if err != nil || k < 1 || k > len(pr.indexQs) {
		return fmt.Errorf("index row %q", row[0])
	}
	i := pr.indexQs[k-1]
	q := pr.qs[i]
	found, valid := pgBool(row[1]), pgBool(row[2])
	if q.Ask == diff.AskInvalidIndex {
		n := int64(0)
		if found && !valid {
			n = 1
		}
		pr.answer(i, diff.Answer{N: n, Exact: true})
		return nil
	}
	if !found {
		pr.fail(i, "no index %s on table %s", q.Index, q.Table)
		return nil
	}
	if row[3] == nil {
		pr.fail(i, "no scan statistics for index %s (statistics collection off?)", q.Index)
		return nil
	}
	n, err := strconv.ParseInt(string(row[3]), 10, 64)
	if err != nil {
		return err
	}
	pr.answer(i, diff.Answer{N: n, Exact: true})
	return nil
}

// answerFromCatalog answers, from the facts of batch 1, the questions
// that need no counting: the time zone, the sequences' last values, the
// checks PostgreSQL has no use for, questions on missing tables or
// columns, and the questions on
// tables above the threshold (from the estimates, or an Err).
func (pr *pgProbe) answerFromCatalog() {
	for i, q := range pr.qs {
		if pr.done[i] {
			continue
		}
		switch q.Ask {
		case diff.AskTimeZone:
			pr.answer(i, diff.Answer{Text: pr.timeZone, Exact: true})
			continue
		case diff.AskForeignKeyCheck:
			pr.fail(i, "not a PostgreSQL check (PRAGMA foreign_key_check is SQLite's; ask AskOrphans)")
			continue
		case diff.AskCastable, diff.AskInvalidIndex, diff.AskIndexScans:
			// Answered by their rows; a missing row is a bug.
			pr.fail(i, "the catalog returned no row for this question")
			continue
		case diff.AskSequenceValue:
			pr.sequenceValue(i, q)
			continue
		}
		if q.Ask > diff.AskSequenceValue {
			pr.fail(i, "unknown question kind %d", q.Ask)
			continue
		}
		if err := pr.checkNames(q); err != nil {
			pr.answer(i, diff.Answer{Err: err})
			continue
		}
		t := pr.tables[q.Table]
		if pr.small(t) {
			continue // batch 2
		}
		pr.estimate(i, q, t)
	}
}

// sequenceValue answers AskSequenceValue from the facts of batch 1: the
// last value of the sequence owned by the column. It reads no row of the
// table, so it needs the sequence's privilege rather than the table's.
func (pr *pgProbe) sequenceValue(i int, q diff.Question) {
	if len(q.Columns) == 0 || pgIsExpr(q, 0) {
		pr.fail(i, "the question names no column")
		return
	}
	if q.Table == "" {
		pr.fail(i, "the question names no table")
		return
	}
	t := pr.tables[q.Table]
	if t == nil {
		if pr.schema == "" {
			pr.fail(i, "table %s does not exist: no schema is current (search_path)", q.Table)
		} else {
			pr.fail(i, "table %s does not exist in schema %s", q.Table, pr.schema)
		}
		return
	}
	c := t.cols[q.Columns[0]]
	switch {
	case c == nil:
		pr.fail(i, "column %s of table %s does not exist", q.Columns[0], q.Table)
	case !c.seq:
		pr.fail(i, "column %s of table %s has no sequence (it is neither serial nor identity)", q.Columns[0], q.Table)
	case !c.seqReadable:
		pr.fail(i, "permission denied: cannot read the sequence of column %s of table %s", q.Columns[0], q.Table)
	default:
		pr.answer(i, diff.Answer{N: c.seqLast, Exact: true})
	}
}

// checkNames reports the tables and plain columns q names that do not
// exist or cannot be read, so that their queries, which would fail, are
// not sent.
func (pr *pgProbe) checkNames(q diff.Question) error {
	check := func(table string, cols []string, exprs []bool) error {
		t := pr.tables[table]
		if t == nil {
			if pr.schema == "" {
				return fmt.Errorf("table %s does not exist: no schema is current (search_path)", table)
			}
			return fmt.Errorf("table %s does not exist in schema %s", table, pr.schema)
		}
		if !t.readable {
			return fmt.Errorf("permission denied: cannot read table %s", table)
		}
		for j, c := range cols {
			if j < len(exprs) && exprs[j] {
				continue
			}
			cf := t.cols[c]
			if cf == nil {
				return fmt.Errorf("column %s of table %s does not exist", c, table)
			}
			if !cf.readable {
				return fmt.Errorf("permission denied: cannot read column %s of table %s", c, table)
			}
		}
		return nil
	}
	if q.Table == "" {
		return errors.New("the question names no table")
	}
	switch q.Ask {
	case diff.AskNulls, diff.AskNonNull, diff.AskTooLong, diff.AskCastFailures, diff.AskValueUse, diff.AskMaxValue:
		if len(q.Columns) == 0 {
			return errors.New("the question names no column")
		}
	case diff.AskDuplicates:
		if len(q.Columns) == 0 {
			return errors.New("the question names no column")
		}
	case diff.AskOrphans:
		if len(q.Columns) == 0 || len(q.Columns) != len(q.RefColumns) {
			return fmt.Errorf("the question has %d columns and %d referenced columns", len(q.Columns), len(q.RefColumns))
		}
		if pgCarriesText(q) {
			return errors.New("a foreign key's columns are names, not expressions")
		}
		if err := check(q.RefTable, q.RefColumns, nil); err != nil {
			return err
		}
	case diff.AskViolations:
		if strings.TrimSpace(q.Expr) == "" {
			return errors.New("the question has no expression")
		}
	}
	cols := q.Columns
	if q.Ask != diff.AskDuplicates && q.Ask != diff.AskOrphans && len(cols) > 1 {
		cols = cols[:1]
	}
	return check(q.Table, cols, q.Exprs)
}

// small reports whether t's rows are to be counted: its estimate is below
// ExactBelow, or unknown (never analyzed, or a view).
func (pr *pgProbe) small(t *pgTableFacts) bool {
	return t.tuples < 0 || t.tuples < float64(pr.p.opts.ExactBelow)
}

// estimate answers question i on a table above the threshold from the
// planner's statistics, or sets an Err saying why it was not counted.
func (pr *pgProbe) estimate(i int, q diff.Question, t *pgTableFacts) {
	rows := t.tuples
	switch q.Ask {
	case diff.AskRows:
		pr.answer(i, diff.Answer{N: int64(math.Round(rows)), Bytes: t.bytes})
		return
	case diff.AskNulls, diff.AskNonNull:
		if c := t.cols[q.Columns[0]]; c != nil && c.hasStats && !pgIsExpr(q, 0) {
			frac := c.nullFrac
			if q.Ask == diff.AskNonNull {
				frac = 1 - frac
			}
			pr.answer(i, diff.Answer{N: int64(math.Round(frac * rows))})
			return
		}
	case diff.AskMaxValue:
		// max() of a column that leads a btree index reads one entry.
		if c := t.cols[q.Columns[0]]; c != nil && c.btree && !pgIsExpr(q, 0) {
			return // batch 2
		}
	}
	pr.fail(i, "not counted: %s has ~%d rows, above live_checks.exact_below (%d)", q.Table, int64(math.Round(rows)), pr.p.opts.ExactBelow)
}

// pgIsExpr reports whether Columns[j] of q is an SQL expression.
func pgIsExpr(q diff.Question, j int) bool {
	return j < len(q.Exprs) && q.Exprs[j]
}

// A pgCountJob is one statement of batch 2 and the questions it
// answers: question qs[k] reads column cols[k] of its one row.
type pgCountJob struct {
	stmt pgStmt
	qs   []int
	cols []int
	// table is the table the statement reads; text is true when it
	// carries SQL text of the caller's; plain when it is made of the
	// counts that cannot fail on the data (aggregate). See count for
	// the order they give the batch.
	table       string
	text, plain bool
	// folded names the table of a statement that answers several
	// figures in one scan; "" otherwise.
	folded string
	nfig   int // the figures of a folded statement
}

// A pgAgg is one aggregate of a folded count: its SQL, and when arr is
// set, its text[] parameter, whose placeholder the statement appends
// (expr + "$n::text[]))").
type pgAgg struct {
	expr string
	arr  []byte
}

// aggregate returns the aggregate that answers q within one scan of its
// table, for the kinds of question whose count cannot fail on the data
// (checkNames has found the column): a NULL test, count(c), the length
// of c's text form, c's text form among text values, and the duplicate
// groups of plain columns. ok is false for the other questions, and for
// those that carry SQL text of the caller's.
func (pr *pgProbe) aggregate(q diff.Question) (pgAgg, bool) {
	if pgCarriesText(q) {
		return pgAgg{}, false
	}
	if q.Ask == diff.AskRows {
		return pgAgg{expr: "count(*)"}, true
	}
	if len(q.Columns) == 0 {
		return pgAgg{}, false
	}
	c := pgProbeCol(q, 0, "")
	switch q.Ask {
	case diff.AskNulls:
		return pgAgg{expr: "count(*) FILTER (WHERE " + c + " IS NULL)"}, true
	case diff.AskNonNull:
		return pgAgg{expr: "count(" + c + ")"}, true
	case diff.AskTooLong:
		return pgAgg{expr: "count(*) FILTER (WHERE length(" + c + "::text) > " + strconv.Itoa(q.Length) + ")"}, true
	case diff.AskValueUse:
		return pgAgg{expr: "count(*) FILTER (WHERE " + c + "::text = ANY(", arr: pr.textArray(q.Values)}, true
	case diff.AskDuplicates:
		// A scalar subquery the statement runs once (an InitPlan): the
		// columns exist (checkNames) and a unique index over them means
		// their type has an equality operator, so GROUP BY cannot fail.
		stmt, err := pr.countQuery(q)
		if err != nil {
			return pgAgg{}, false
		}
		return pgAgg{expr: "(" + stmt.sql + ")"}, true
	}
	return pgAgg{}, false
}

// count runs batch 2, the counting queries of the questions not yet
// answered, and answers them.
//
// The questions on one table that aggregate answers are folded into
// one statement, `SELECT count(*), count(*) FILTER (WHERE c IS NULL), …
// FROM t`: one scan instead of one per question, and one statement to
// parse, plan and run instead of several. Their aggregates cannot fail on
// the data, so what fails such a statement (a statement timeout, a
// cancel) concerns the scan, and each of its questions gets that error,
// saying the query counted them together. A table with a single such
// figure keeps the query of its own (countQuery), whose WHERE may use an
// index. The other questions get a statement each: orphans (a join
// between two tables' types), casts and max() (which may fail on the
// column's type), and every question that carries SQL text of the
// caller's (an expression, a predicate), so that one failing expression
// fails only its own question. Identical statements are sent once.
func (pr *pgProbe) count(ctx context.Context) error {
	var jobs []*pgCountJob
	bySQL := make(map[string]*pgCountJob)
	// single adds the statement of question i, sharing it with the
	// identical statements already added.
	single := func(i int, stmt pgStmt, plain bool) {
		key := stmt.sql + "\x00" + string(bytesJoin(stmt.params))
		if j := bySQL[key]; j != nil {
			j.qs, j.cols = append(j.qs, i), append(j.cols, 0)
			return
		}
		q := pr.qs[i]
		j := &pgCountJob{stmt: stmt, qs: []int{i}, cols: []int{0}, table: q.Table, text: pgCarriesText(q), plain: plain}
		bySQL[key] = j
		jobs = append(jobs, j)
	}
	type fold struct {
		aggs     []pgAgg
		byAgg    map[string]int
		qs, cols []int
	}
	folds := make(map[string]*fold)
	var tables []string
	for i, q := range pr.qs {
		if pr.done[i] {
			continue
		}
		if agg, ok := pr.aggregate(q); ok {
			f := folds[q.Table]
			if f == nil {
				f = &fold{byAgg: make(map[string]int)}
				folds[q.Table] = f
				tables = append(tables, q.Table)
			}
			key := agg.expr + "\x00" + string(agg.arr)
			k, seen := f.byAgg[key]
			if !seen {
				k = len(f.aggs)
				f.byAgg[key] = k
				f.aggs = append(f.aggs, agg)
			}
			f.qs, f.cols = append(f.qs, i), append(f.cols, k)
			continue
		}
		stmt, err := pr.countQuery(q)
		if err != nil {
			pr.answer(i, diff.Answer{Err: err})
			continue
		}
		single(i, stmt, false)
	}
	for _, t := range tables {
		f := folds[t]
		if len(f.aggs) == 1 {
			for _, i := range f.qs {
				stmt, err := pr.countQuery(pr.qs[i])
				if err != nil {
					pr.answer(i, diff.Answer{Err: err})
					continue
				}
				single(i, stmt, true)
			}
			continue
		}
		var b strings.Builder
		var stmt pgStmt
		b.WriteString("SELECT ")
		for k, a := range f.aggs {
			if k > 0 {
				b.WriteString(", ")
			}
			b.WriteString(a.expr)
			if a.arr != nil {
				stmt.oids = append(stmt.oids, pgTextArray)
				stmt.params = append(stmt.params, a.arr)
				b.WriteString("$" + strconv.Itoa(len(stmt.params)) + "::text[]))")
			}
		}
		b.WriteString(" FROM " + pr.table(t))
		stmt.sql = b.String()
		jobs = append(jobs, &pgCountJob{stmt: stmt, qs: f.qs, cols: f.cols, table: t, plain: true, folded: t, nfig: len(f.aggs)})
	}
	if len(jobs) == 0 {
		return nil
	}
	// The order of the batch, which stops at its first error: the
	// statements with SQL text of the caller's last, so that an
	// expression that fails cannot keep the other questions from being
	// answered; before them, table by table in the order the questions
	// name them, each table's plain counts first. Keeping a table's
	// statements together is worth ~10 ms on 1000 tables (its catalog
	// entries are still in the CPU caches).
	order := make(map[string]int)
	for _, q := range pr.qs {
		if _, ok := order[q.Table]; !ok {
			order[q.Table] = len(order)
		}
	}
	ordered := slices.Clone(jobs)
	slices.SortStableFunc(ordered, func(a, b *pgCountJob) int {
		if a.text != b.text {
			if a.text {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(order[a.table], order[b.table]); c != 0 {
			return c
		}
		if a.plain != b.plain {
			if a.plain {
				return -1
			}
			return 1
		}
		return 0
	})
	// A large batch is cut in two at a table boundary near the middle of
	// its plain part: the second half goes to the second connection, the
	// first and the statements with SQL text (still last) to the first,
	// both at once. Each half stops at its own first error. Not when the
	// schema is a temporary one (another session cannot read its tables)
	// or was not resolved (the second connection would resolve the names
	// on its own search_path).
	halves := [][]*pgCountJob{ordered}
	nplain := 0
	for nplain < len(ordered) && !ordered[nplain].text {
		nplain++
	}
	var side *pgconn.PgConn
	if pr.side != nil && !pr.sideBad && nplain >= pr.p.splitAt && pr.schema != "" && !strings.HasPrefix(pr.schema, "pg_temp") {
		side = pr.side.conn()
	}
	if side != nil {
		cut := nplain / 2
		for cut < nplain && ordered[cut].table == ordered[cut-1].table {
			cut++
		}
		if cut < nplain {
			first := append(slices.Clone(ordered[:cut]), ordered[nplain:]...)
			halves = [][]*pgCountJob{first, ordered[cut:nplain]}
		}
	}
	stmtsOf := func(jobs []*pgCountJob) []pgStmt {
		stmts := make([]pgStmt, len(jobs))
		for k, j := range jobs {
			stmts[k] = j.stmt
		}
		return stmts
	}
	results := make([][]pgResult, len(halves))
	var sideErr error
	var wg sync.WaitGroup
	if len(halves) == 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[1], sideErr = pgSend(ctx, side, stmtsOf(halves[1]))
		}()
	}
	res, err := pgSend(ctx, pr.p.conn.PgConn(), stmtsOf(halves[0]))
	wg.Wait()
	if err != nil {
		return fmt.Errorf("introspect: postgres: running the live checks: %w", err)
	}
	results[0] = res
	if len(halves) == 2 && sideErr != nil {
		// The second connection failed (not a statement of its half):
		// its half runs on the first.
		if results[1], err = pgSend(ctx, pr.p.conn.PgConn(), stmtsOf(halves[1])); err != nil {
			return fmt.Errorf("introspect: postgres: running the live checks: %w", err)
		}
	}
	for h, jobs := range halves {
		res := results[h]
		var stop error // the error that ended this half's batch
		for k, j := range jobs {
			r := res[k]
			for n, i := range j.qs {
				q := pr.qs[i]
				switch {
				case r.err != nil:
					stop = r.err
					msg := pgErrText(r.err, pr.p.opts)
					if j.folded != "" {
						msg += fmt.Sprintf(" (one query counted %d figures of %s in one scan)", j.nfig, j.folded)
					}
					pr.fail(i, "%s", msg)
				case !r.ran:
					pr.fail(i, "not run: an earlier live-check query failed (%s)", pgErrText(stop, pr.p.opts))
				default:
					pr.answer(i, pgCountAnswer(q, r.rows, j.cols[n], pr.tables[q.Table]))
				}
			}
		}
	}
	return nil
}

// pgCountAnswer reads number col of the one-row result of a counting
// query.
func pgCountAnswer(q diff.Question, rows [][][]byte, col int, t *pgTableFacts) diff.Answer {
	if len(rows) != 1 || len(rows[0]) <= col || rows[0][col] == nil {
		return diff.Answer{Err: fmt.Errorf("the query returned %d rows, want one number", len(rows))}
	}
	s := string(rows[0][col])
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		// max() of a numeric column: its integer part.
		f, ferr := strconv.ParseFloat(s, 64)
		if ferr != nil {
			return diff.Answer{Err: fmt.Errorf("the query returned %q, not a number", s)}
		}
		n = int64(f)
	}
	a := diff.Answer{N: n, Exact: true}
	if q.Ask == diff.AskRows && t != nil {
		a.Bytes = t.bytes
	}
	return a
}

// pgErrText is the text of an error of a probe query, naming a statement
// timeout as such.
func pgErrText(err error, opts diff.ProbeOptions) string {
	if err == nil {
		return "unknown error"
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		if pe.Code == "57014" && strings.Contains(pe.Message, "statement timeout") {
			return fmt.Sprintf("statement timeout after %s", opts.StatementTimeout)
		}
		return pe.Message
	}
	return err.Error()
}

// pgCarriesText reports whether q's query holds SQL text of the
// caller's: an expression column, a predicate or a CHECK expression.
func pgCarriesText(q diff.Question) bool {
	if q.Expr != "" {
		return true
	}
	for _, e := range q.Exprs {
		if e {
			return true
		}
	}
	return false
}

func bytesJoin(bs [][]byte) []byte {
	var out []byte
	for _, b := range bs {
		out = append(out, b...)
		out = append(out, 0)
	}
	return out
}

// pgBool reads a boolean in text format.
func pgBool(b []byte) bool { return len(b) == 1 && b[0] == 't' }

// pgIdent quotes an identifier.
func pgIdent(name string) string { return pgx.Identifier{name}.Sanitize() }

// table returns the qualified name of table t of the prober's schema.
func (pr *pgProbe) table(t string) string {
	if pr.schema == "" {
		return pgIdent(t)
	}
	return pgIdent(pr.schema) + "." + pgIdent(t)
}

// pgProbeCol returns Columns[j] of q as SQL: a quoted name, or the expression in
// parentheses. alias, when set, qualifies a name.
func pgProbeCol(q diff.Question, j int, alias string) string {
	if pgIsExpr(q, j) {
		return "(" + q.Columns[j] + ")"
	}
	if alias != "" {
		return alias + "." + pgIdent(q.Columns[j])
	}
	return pgIdent(q.Columns[j])
}

// countQuery returns the counting query of q: one row, one number.
func (pr *pgProbe) countQuery(q diff.Question) (pgStmt, error) {
	t := pr.table(q.Table)
	var c string
	if len(q.Columns) > 0 {
		c = pgProbeCol(q, 0, "")
	}
	switch q.Ask {
	case diff.AskRows:
		return pgStmt{sql: "SELECT count(*) FROM " + t}, nil
	case diff.AskNulls:
		return pgStmt{sql: "SELECT count(*) FROM " + t + " WHERE " + c + " IS NULL"}, nil
	case diff.AskNonNull:
		return pgStmt{sql: "SELECT count(" + c + ") FROM " + t}, nil
	case diff.AskDuplicates:
		var cols, conds []string
		for j := range q.Columns {
			cols = append(cols, pgProbeCol(q, j, ""))
			conds = append(conds, pgProbeCol(q, j, "")+" IS NOT NULL")
		}
		if q.Expr != "" {
			conds = append(conds, "("+q.Expr+")")
		}
		return pgStmt{sql: "SELECT count(*) FROM (SELECT 1 FROM " + t + " WHERE " + strings.Join(conds, " AND ") +
			" GROUP BY " + strings.Join(cols, ", ") + " HAVING count(*) > 1) AS d"}, nil
	case diff.AskOrphans:
		var notNull, match []string
		for j := range q.Columns {
			notNull = append(notNull, pgProbeCol(q, j, "c")+" IS NOT NULL")
			match = append(match, "p."+pgIdent(q.RefColumns[j])+" = "+pgProbeCol(q, j, "c"))
		}
		return pgStmt{sql: "SELECT count(*) FROM " + t + " AS c WHERE " + strings.Join(notNull, " AND ") +
			" AND NOT EXISTS (SELECT 1 FROM " + pr.table(q.RefTable) + " AS p WHERE " + strings.Join(match, " AND ") + ")"}, nil
	case diff.AskViolations:
		return pgStmt{sql: "SELECT count(*) FROM " + t + " WHERE NOT (" + q.Expr + ")"}, nil
	case diff.AskTooLong:
		return pgStmt{sql: "SELECT count(*) FROM " + t + " WHERE length(" + c + "::text) > " + strconv.Itoa(q.Length)}, nil
	case diff.AskCastFailures:
		ok, params, err := pr.castOK(q, c)
		if err != nil {
			return pgStmt{}, err
		}
		oids := make([]uint32, len(params))
		for k := range oids {
			oids[k] = pgText
		}
		return pgStmt{sql: "SELECT count(*) FROM " + t + " WHERE " + c + " IS NOT NULL AND NOT (" + ok + ")", oids: oids, params: params}, nil
	case diff.AskValueUse:
		return pgStmt{sql: "SELECT count(*) FROM " + t + " WHERE " + c + "::text = ANY($1::text[])",
			oids: []uint32{pgTextArray}, params: [][]byte{pr.textArray(q.Values)}}, nil
	case diff.AskMaxValue:
		return pgStmt{sql: "SELECT COALESCE(max(" + c + "), 0) FROM " + t}, nil
	}
	return pgStmt{}, fmt.Errorf("no counting query for question kind %d", q.Ask)
}

// Integer ranges of PostgreSQL's integer types.
var pgIntRange = map[string][2]string{
	"int2": {"-32768", "32767"},
	"int4": {"-2147483648", "2147483647"},
	"int8": {"-9223372036854775808", "9223372036854775807"},
}

// Magnitudes of the float types: the largest, and the smallest the
// fallback accepts (a little above the smallest normal value, so that it
// over-counts rather than under-counts).
var pgFloatRange = map[string][2]string{
	"float4": {"1e-37", "3.4028235e38"},
	"float8": {"1e-307", "1.7976931348623157e308"},
}

// pgNumericTypes are the base types whose values castOK compares as
// numbers rather than as text.
var pgNumericTypes = map[string]bool{"int2": true, "int4": true, "int8": true, "numeric": true, "float4": true, "float8": true}

// Regular expressions of the fallback, in the syntax of PostgreSQL's ~
// (POSIX classes, no backslashes, so standard_conforming_strings does not
// matter).
const (
	pgReInt     = `^[[:space:]]*[+-]?[0-9]+[[:space:]]*$`
	pgReNumber  = `^[[:space:]]*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]{1,4})?[[:space:]]*$`
	pgReNaN     = `^[[:space:]]*nan[[:space:]]*$`
	pgReInf     = `^[[:space:]]*[+-]?inf(inity)?[[:space:]]*$`
	pgReBool    = `^[[:space:]]*(t|tr|tru|true|f|fa|fal|fals|false|y|ye|yes|n|no|on|of|off|1|0)[[:space:]]*$`
	pgReUUID    = `^([{][0-9a-f]{4}(-?[0-9a-f]{4}){7}[}]|[0-9a-f]{4}(-?[0-9a-f]{4}){7})$`
	pgReDate    = `[0-9]{4}-[0-9]{2}-[0-9]{2}`
	pgReTime    = `([ T]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+)?)?)?`
	pgReZone    = `([[:space:]]*(Z|UTC|[+-][0-9]{2}(:?[0-9]{2})?))?`
	pgReBlanks  = `[[:space:]]*`
	pgReDateAll = `^` + pgReBlanks + pgReDate + pgReBlanks + `$`
	pgReStamp   = `^` + pgReBlanks + pgReDate + pgReTime + pgReZone + pgReBlanks + `$`
)

// castOK returns a predicate, over the non-NULL value c, that is true
// when c converts to q.Type without an error and without losing data,
// and the text parameters it uses.
//
// Between numeric types (smallint, integer, bigint, numeric, real,
// double precision) the value is compared as a number: within the
// target's range, integral for an integer target, no digits beyond the
// scale of numeric(p,s) (which rounds them away) and under its precision.
// From other types the value's text is tested against the target's
// input syntax, what the cast does: with pg_input_is_valid on PostgreSQL
// 16 and later; before, with cautious patterns for integer, numeric,
// real, double precision, boolean, uuid, date and timestamp[tz] targets
// (they may count a value PostgreSQL would accept, such as 'Jan 1 2020'
// for a date, never the converse), and an error for other targets.
// Between date and time types nothing fails. A length modifier
// (varchar(n), char(n)) fails values longer than n, trailing blanks
// aside.
func (pr *pgProbe) castOK(q diff.Question, c string) (string, [][]byte, error) {
	name, ok := parsePgTypeName(q.Type)
	if !ok {
		return "", nil, fmt.Errorf("%q is not a type name gen can read", q.Type)
	}
	tgt := pr.types[name.lookup]
	if tgt == nil || !tgt.found {
		return "", nil, fmt.Errorf("%q is not a type", q.Type)
	}
	var src *pgColumnFacts
	if !pgIsExpr(q, 0) {
		src = pr.tables[q.Table].cols[q.Columns[0]]
	}
	if name.dims == 0 && src != nil && pgNumericTypes[src.typ] && pgNumericTypes[tgt.base] {
		return pr.numberOK(c, src.typ, tgt.base, name.mods), nil, nil
	}
	if name.dims == 0 && src != nil && src.category == 'D' && tgt.category == 'D' {
		return "true", nil, nil
	}
	v := c + "::text"
	var valid string
	var params [][]byte
	switch {
	case name.dims == 0 && tgt.category == 'S':
		valid = "true"
	case pr.version >= 160000:
		valid = "pg_catalog.pg_input_is_valid(" + v + ", $1)"
		params = [][]byte{[]byte(tgt.format)}
	default:
		var err error
		if valid, err = pr.textOK(v, tgt.base, name); err != nil {
			return "", nil, fmt.Errorf("cannot tell which values would fail the cast to %s on PostgreSQL %d (pg_input_is_valid needs 16)", q.Type, pr.version/10000)
		}
	}
	if name.dims > 0 {
		return valid, params, nil
	}
	// What the modifiers add to the input syntax.
	switch {
	case (tgt.base == "varchar" || tgt.base == "bpchar") && len(name.mods) == 1:
		valid = "CASE WHEN " + valid + " THEN length(rtrim(" + v + ", ' ')) <= " + strconv.Itoa(name.mods[0]) + " ELSE false END"
	case tgt.base == "numeric" && len(name.mods) > 0:
		valid = "CASE WHEN " + valid + " THEN " + pgNumericFits("("+v+")::numeric", name.mods) + " ELSE false END"
	}
	return valid, params, nil
}

// numberOK is castOK between numeric types: x of base type src to tgt.
func (pr *pgProbe) numberOK(x, src, tgt string, mods []int) string {
	isFloat := src == "float4" || src == "float8"
	switch tgt {
	case "int2", "int4", "int8":
		r := pgIntRange[tgt]
		ok := x + " BETWEEN " + r[0] + " AND " + r[1]
		if _, isInt := pgIntRange[src]; !isInt {
			ok = "(" + ok + " AND " + x + " = trunc(" + x + "))"
		}
		return ok
	case "numeric":
		if isFloat && pr.version < 140000 {
			// numeric has no infinity before 14.
			return "CASE WHEN " + x + " IN ('Infinity', '-Infinity') THEN false ELSE " + pgNumericFits(x+"::numeric", mods) + " END"
		}
		return pgNumericFits(x+"::numeric", mods)
	default: // float4, float8
		if _, isInt := pgIntRange[src]; isInt {
			return "true"
		}
		r := pgFloatRange[tgt]
		ok := x + " = 0 OR " + x + " = 'NaN' OR abs(" + x + ") BETWEEN " + r[0] + " AND " + r[1]
		if isFloat || pr.version >= 140000 {
			ok += " OR " + x + " IN ('Infinity', '-Infinity')"
		}
		return "(" + ok + ")"
	}
}

// pgNumericFits is true when numeric x fits numeric(mods): NaN, or no
// digit lost to the scale and under the precision. Without modifiers
// every numeric fits.
func pgNumericFits(x string, mods []int) string {
	if len(mods) == 0 {
		return "true"
	}
	p, s := mods[0], 0
	if len(mods) > 1 {
		s = mods[1]
	}
	r := "round(" + x + ", " + strconv.Itoa(s) + ")"
	return "(" + x + " = 'NaN' OR (" + x + " = " + r + " AND abs(" + r + ") < 1e" + strconv.Itoa(p-s) + "))"
}

// textOK is castOK from text before PostgreSQL 16: a predicate over text
// v that holds when the input function of base type tgt accepts v.
func (pr *pgProbe) textOK(v, tgt string, name pgTypeName) (string, error) {
	if name.dims > 0 {
		return "", errors.New("arrays")
	}
	lit := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	match := func(re string) string { return v + " ~* " + lit(re) }
	switch tgt {
	case "int2", "int4", "int8":
		r := pgIntRange[tgt]
		return "CASE WHEN " + match(pgReInt) + " THEN (" + v + ")::numeric BETWEEN " + r[0] + " AND " + r[1] + " ELSE false END", nil
	case "numeric":
		ok := match(pgReNumber) + " OR " + match(pgReNaN)
		if pr.version >= 140000 {
			ok += " OR " + match(pgReInf)
		}
		return "(" + ok + ")", nil
	case "float4", "float8":
		r := pgFloatRange[tgt]
		return "CASE WHEN " + match(pgReNumber) + " THEN (" + v + ")::numeric = 0 OR abs((" + v + ")::numeric) BETWEEN " + r[0] + " AND " + r[1] +
			" ELSE " + match(pgReNaN) + " OR " + match(pgReInf) + " END", nil
	case "bool":
		return match(pgReBool), nil
	case "uuid":
		return match(pgReUUID), nil
	case "date", "timestamp", "timestamptz":
		re := pgReDateAll
		if tgt != "date" {
			re = pgReStamp
		}
		part := func(k int) string {
			return "(regexp_match(" + v + ", '([0-9]{4})-([0-9]{2})-([0-9]{2})'))[" + strconv.Itoa(k) + "]::int"
		}
		y, m, d := part(1), part(2), part(3)
		return "CASE WHEN " + match(re) + " THEN (CASE WHEN " + y + " >= 1 AND " + m + " BETWEEN 1 AND 12 THEN " + d +
			" BETWEEN 1 AND extract(day FROM make_date(" + y + ", " + m + ", 1) + interval '1 month' - interval '1 day') ELSE false END) ELSE false END", nil
	}
	return "", errors.New("no pattern")
}

// A pgTypeName is a type name as gen spells it (Question.Type), split so
// that the catalog can resolve it without raising an error: to_regtype
// raises on a syntax error or a bad modifier before PostgreSQL 16, and an
// error would abort the probe's transaction.
type pgTypeName struct {
	// lookup is what to_regtype is given: SQL-standard spellings mapped to
	// pg_catalog names, other names quoted, no modifiers, the array
	// brackets kept.
	lookup string
	// mods are the type modifiers: 10, 2 of numeric(10,2).
	mods []int
	// dims is the number of array dimensions.
	dims int
}

// pgTypeAliases maps the SQL-standard spellings of the grammar (lower
// case, single spaces, no modifiers) to pg_catalog type names.
var pgTypeAliases = map[string]string{
	"int": "int4", "integer": "int4", "int4": "int4",
	"smallint": "int2", "int2": "int2",
	"bigint": "int8", "int8": "int8",
	"real": "float4", "float4": "float4",
	"float": "float8", "double precision": "float8", "float8": "float8",
	"decimal": "numeric", "dec": "numeric", "numeric": "numeric",
	"boolean": "bool", "bool": "bool",
	"char": "bpchar", "character": "bpchar", "nchar": "bpchar", "national char": "bpchar", "national character": "bpchar", "bpchar": "bpchar",
	"varchar": "varchar", "character varying": "varchar", "char varying": "varchar", "nchar varying": "varchar",
	"national character varying": "varchar", "national char varying": "varchar",
	"bit": "bit", "bit varying": "varbit", "varbit": "varbit",
	"time": "time", "time without time zone": "time", "time with time zone": "timetz", "timetz": "timetz",
	"timestamp": "timestamp", "timestamp without time zone": "timestamp",
	"timestamp with time zone": "timestamptz", "timestamptz": "timestamptz",
	"interval": "interval",
}

// parsePgTypeName splits a type name; ok is false when gen cannot read it
// safely (it is then reported as not a type).
func parsePgTypeName(s string) (n pgTypeName, ok bool) {
	s = strings.TrimSpace(s)
	for strings.HasSuffix(s, "]") {
		open := strings.LastIndexByte(s, '[')
		if open < 0 || strings.Trim(s[open+1:len(s)-1], "0123456789 ") != "" {
			return n, false
		}
		s = strings.TrimSpace(s[:open])
		n.dims++
	}
	if strings.HasSuffix(strings.ToLower(s), " array") {
		s = strings.TrimSpace(s[:len(s)-len(" array")])
		n.dims++
	}
	if open := strings.IndexByte(s, '('); open >= 0 && !strings.Contains(s[:open], `"`) {
		end := strings.IndexByte(s[open:], ')')
		if end < 0 {
			return n, false
		}
		for _, m := range strings.Split(s[open+1:open+end], ",") {
			v, err := strconv.Atoi(strings.TrimSpace(m))
			if err != nil {
				return n, false
			}
			n.mods = append(n.mods, v)
		}
		s = strings.TrimSpace(s[:open] + " " + s[open+end+1:])
	}
	brackets := strings.Repeat("[]", n.dims)
	if !strings.ContainsAny(s, `".`) {
		words := strings.Join(strings.Fields(strings.ToLower(s)), " ")
		if strings.HasPrefix(words, "interval ") {
			words = "interval" // the fields, e.g. interval day to second
		}
		if words == "float" && len(n.mods) == 1 {
			// float(p): real up to 24 binary digits.
			words = "float8"
			if n.mods[0] <= 24 {
				words = "float4"
			}
			n.mods = nil
		}
		if a, ok := pgTypeAliases[words]; ok {
			n.lookup = "pg_catalog." + a + brackets
			return n, true
		}
	}
	// A name, possibly qualified by a schema: each part a plain
	// identifier (folded to lower case) or a quoted one.
	var parts []string
	for rest := s; ; {
		var part string
		switch {
		case strings.HasPrefix(rest, `"`):
			i := 1
			for ; i < len(rest); i++ {
				if rest[i] == '"' {
					if i+1 < len(rest) && rest[i+1] == '"' {
						i++
						continue
					}
					break
				}
			}
			if i >= len(rest) {
				return n, false
			}
			part = strings.ReplaceAll(rest[1:i], `""`, `"`)
			rest = rest[i+1:]
		default:
			i := 0
			for i < len(rest) && (isWordPart(rest[i]) || rest[i] >= 0x80) {
				i++
			}
			if i == 0 || isDigit(rest[0]) {
				return n, false
			}
			part = strings.ToLower(rest[:i])
			rest = rest[i:]
		}
		if part == "" {
			return n, false
		}
		parts = append(parts, part)
		if rest == "" {
			break
		}
		if rest[0] != '.' || len(parts) == 2 {
			return n, false
		}
		rest = rest[1:]
	}
	for i, p := range parts {
		parts[i] = pgIdent(p)
	}
	n.lookup = strings.Join(parts, ".") + brackets
	return n, true
}

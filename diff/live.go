package diff

import (
	"context"
	"time"
)

// Live-data checks. Compare is pure: it never asks the database anything.
// The live pass runs after it: LiveCheck collects, for every flag whose
// figure depends on the data, a Question; a Prober answers them all from
// the live database in a constant number of round trips, read-only; the
// answers become the flags' figures and grade their severity ("fails: 3
// rows of accounts have NULL nickname", "safe: table is empty").

// Ask is the kind of a Question. Each names the HAZARDS.md live check it
// serves.
type Ask uint8

// The kinds of Question. Unless said otherwise, N of the Answer is a number
// of rows of Question.Table.
const (
	// AskRows: the rows of Table (L2, L9, L13). The Answer also carries
	// Bytes, the table's size with indexes and TOAST (see Answer.Bytes).
	AskRows Ask = iota
	// AskNulls: rows where Columns[0] IS NULL (L1).
	AskNulls
	// AskNonNull: rows where Columns[0] IS NOT NULL, the values a drop
	// loses (L9).
	AskNonNull
	// AskDuplicates: the number of groups of two or more rows sharing the
	// same values of Columns, all non-NULL (NULLs are distinct in a
	// unique index), among the rows where Expr holds when Expr is set (a
	// partial index's predicate) (L3, L4). Columns may hold expressions
	// of an expression index, as SQL text, marked by Exprs.
	AskDuplicates
	// AskOrphans: rows whose Columns are all non-NULL and match no row of
	// RefTable on RefColumns (L5).
	AskOrphans
	// AskViolations: rows where NOT (Expr) is true (L6). NULL results are
	// not violations, as in CHECK.
	AskViolations
	// AskTooLong: rows whose Columns[0], as text, is longer than Length
	// characters (L7).
	AskTooLong
	// AskCastFailures: rows whose non-NULL Columns[0] would not convert to
	// Type (L7): on PostgreSQL, values for which the cast raises an error
	// or changes range (text → integer with non-digits, bigint → integer
	// out of range, numeric scale lost).
	AskCastFailures
	// AskCastable: whether PostgreSQL can cast FromType to Type at all
	// (a pg_cast entry of any context, a binary coercion, or a string
	// type on either side, whose text form converts): N is 1 when
	// `USING col::type` can work, 0 when there is no cast. Catalog only; no
	// rows are read.
	AskCastable
	// AskValueUse: rows whose Columns[0] holds one of Values (L8).
	AskValueUse
	// AskMaxValue: the largest value of integer column Columns[0] (L10);
	// N is 0 for an empty table.
	AskMaxValue
	// AskInvalidIndex: N is 1 when index Index of Table exists and is
	// INVALID (pg_index.indisvalid = false, a failed concurrent build)
	// (L11).
	AskInvalidIndex
	// AskIndexScans: the scans index Index served since the statistics
	// were reset (pg_stat_user_indexes.idx_scan) (L15).
	AskIndexScans
	// AskTimeZone: the session's TimeZone, in Answer.Text (L14).
	AskTimeZone
	// AskForeignKeyCheck: rows of Table that break a foreign key
	// (SQLite PRAGMA foreign_key_check), checked before a rebuild (L12).
	AskForeignKeyCheck
	// AskSequenceValue: the last value handed out by the sequence behind
	// column Columns[0] of Table, a serial or an identity (L10), read from
	// the catalog (pg_sequences.last_value; 0 when never used); Err when
	// the column has no sequence. PostgreSQL only.
	AskSequenceValue
)

// A Question asks the live database for one figure.
type Question struct {
	Ask   Ask
	Table string
	// Columns are the columns concerned, in key order. Where Exprs[i] is
	// true, Columns[i] is an SQL expression over the table's columns
	// rather than a column name.
	Columns []string
	Exprs   []bool
	// RefTable and RefColumns are the referenced side of AskOrphans.
	RefTable   string
	RefColumns []string
	// Expr is the CHECK expression of AskViolations, or the predicate of
	// a partial unique index for AskDuplicates.
	Expr string
	// Type is the new column type (AskCastFailures, AskCastable), in the
	// dialect's spelling; FromType the current one (AskCastable).
	Type, FromType string
	// Length is the new maximum length (AskTooLong).
	Length int
	// Values are the enum values of AskValueUse.
	Values []string
	// Index is the index name of AskInvalidIndex and AskIndexScans.
	Index string
}

// An Answer is a Prober's figure for one Question.
type Answer struct {
	// N is the count (see Ask for what it counts).
	N int64
	// Exact is false when N is the planner's estimate: the table has more
	// rows than ProbeOptions.ExactBelow, so the rows were not read
	// (AskRows from pg_class.reltuples, AskNulls from pg_stats.null_frac).
	Exact bool
	// Bytes is the table's size with its TOAST and indexes, for AskRows:
	// on PostgreSQL the catalog's page counts (as of the last VACUUM,
	// ANALYZE or index build), 0 for a table never analyzed.
	Bytes int64
	// Text is the answer of AskTimeZone.
	Text string
	// Err is set when the database could not answer this question (a
	// statement timeout, a table above the threshold with no estimate,
	// a permission): the figure is then unknown, and Err says why.
	Err error
}

// A Prober answers Questions from the live database. It is implemented
// per dialect next to the inspector (introspect.PostgresProber,
// introspect.SQLiteProber).
type Prober interface {
	// Probe returns one Answer per Question, in order. It reads only: on
	// PostgreSQL it runs in a READ ONLY transaction with a statement
	// timeout, in a constant number of round trips however many questions
	// and tables there are (introspect.PostgresProber: 4 on its
	// connection; when the questions name 200 tables or more, a fixed 3
	// more on a second connection of its own, READ ONLY too, that reads
	// half of the columns and counts half of the tables at the same
	// time). An error is returned only when nothing could
	// be answered (the connection failed); a question the database could
	// not answer has its Answer.Err set instead.
	Probe(ctx context.Context, qs []Question) ([]Answer, error)
}

// ProbeOptions bound what a Prober may cost.
type ProbeOptions struct {
	// ExactBelow is the row count under which a table's rows are counted
	// exactly; above it, a Prober answers from the catalog's estimates
	// (gen.yaml live_checks.exact_below; default DefaultExactBelow).
	ExactBelow int64
	// StatementTimeout bounds each query (gen.yaml
	// live_checks.statement_timeout; default DefaultProbeTimeout).
	StatementTimeout time.Duration
}

// Defaults of ProbeOptions.
const (
	DefaultExactBelow   = 1_000_000
	DefaultProbeTimeout = 5 * time.Second
)

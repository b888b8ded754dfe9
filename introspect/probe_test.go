package introspect

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/internal/testdb"
)

// The probers run against the real servers: the tables below are seeded
// with the rows each question is to find.

// probeSeed is the data both dialects' tests share: in people, 3 NULL
// nicknames; emails in two duplicate groups (x@x twice, y@y three times)
// besides a single one and two NULLs; codes 'abc' and '12'; ages -1 and
// -5 below zero; one bio of 56 characters; 5 non-NULL legacy values. In
// orders, person_id 99 and 100 match no person (and one NULL does not
// count).
const probeSeed = `
INSERT INTO people (id, nickname, email, code, age, bio, legacy) VALUES
	(1, 'a', 'x@x', 'abc', -1, 'This biography is exactly fifty-six characters long, ok.', 'l1'),
	(2, 'b', 'x@x', '12', -5, 'short', 'l2'),
	(3, 'c', 'y@y', NULL, 30, NULL, 'l3'),
	(4, 'd', 'y@y', NULL, 40, 'short too', 'l4'),
	(5, 'e', 'y@y', NULL, NULL, NULL, 'l5'),
	(6, NULL, 'z@z', NULL, 20, NULL, NULL),
	(7, NULL, NULL, NULL, 25, NULL, NULL),
	(8, NULL, NULL, NULL, 35, NULL, NULL);
INSERT INTO orders (id, person_id) VALUES (1, 1), (2, 2), (3, 99), (4, 100), (5, NULL), (6, 1);
`

// probeCommon are the questions both dialects answer alike, with the
// figure each must give.
var probeCommon = []struct {
	q diff.Question
	n int64
}{
	{diff.Question{Ask: diff.AskNulls, Table: "people", Columns: []string{"nickname"}}, 3},
	{diff.Question{Ask: diff.AskDuplicates, Table: "people", Columns: []string{"email"}}, 2},
	{diff.Question{Ask: diff.AskDuplicates, Table: "people", Columns: []string{"email"}, Expr: "id > 2"}, 1},
	{diff.Question{Ask: diff.AskDuplicates, Table: "people", Columns: []string{"lower(email)"}, Exprs: []bool{true}}, 2},
	{diff.Question{Ask: diff.AskDuplicates, Table: "people", Columns: []string{"email", "legacy"}}, 0},
	{diff.Question{Ask: diff.AskOrphans, Table: "orders", Columns: []string{"person_id"}, RefTable: "people", RefColumns: []string{"id"}}, 2},
	{diff.Question{Ask: diff.AskViolations, Table: "people", Expr: "age >= 0"}, 2},
	{diff.Question{Ask: diff.AskTooLong, Table: "people", Columns: []string{"bio"}, Length: 40}, 1},
	{diff.Question{Ask: diff.AskTooLong, Table: "people", Columns: []string{"bio"}, Length: 56}, 0},
	{diff.Question{Ask: diff.AskCastFailures, Table: "people", Columns: []string{"code"}, Type: "integer"}, 1},
	{diff.Question{Ask: diff.AskNonNull, Table: "people", Columns: []string{"legacy"}}, 5},
	{diff.Question{Ask: diff.AskRows, Table: "people"}, 8},
	{diff.Question{Ask: diff.AskValueUse, Table: "people", Columns: []string{"nickname"}, Values: []string{"a", "b", "zz", "it's"}}, 2},
	{diff.Question{Ask: diff.AskMaxValue, Table: "people", Columns: []string{"age"}}, 40},
	{diff.Question{Ask: diff.AskMaxValue, Table: "orders", Columns: []string{"person_id"}}, 100},
}

// checkCommon checks the answers to probeCommon, which ans starts with.
func checkCommon(t *testing.T, ans []diff.Answer) {
	t.Helper()
	for i, c := range probeCommon {
		a := ans[i]
		if a.Err != nil || a.N != c.n || !a.Exact {
			t.Errorf("question %d %+v: got N=%d Exact=%v Err=%v, want N=%d Exact=true", i, c.q, a.N, a.Exact, a.Err, c.n)
		}
		if c.q.Ask == diff.AskRows && a.Bytes <= 0 {
			t.Errorf("question %d %+v: Bytes = %d, want the table's size", i, c.q, a.Bytes)
		}
	}
}

func commonQuestions() []diff.Question {
	qs := make([]diff.Question, len(probeCommon))
	for i, c := range probeCommon {
		qs[i] = c.q
	}
	return qs
}

// wantErr checks that a has an Err containing want.
func wantErr(t *testing.T, what string, a diff.Answer, want string) {
	t.Helper()
	if a.Err == nil || !strings.Contains(a.Err.Error(), want) {
		t.Errorf("%s: got N=%d Err=%v, want an error containing %q", what, a.N, a.Err, want)
	}
}

const pgProbeSchema = `
CREATE TABLE people (id int PRIMARY KEY, nickname text, email text, code text, age int, bio text, legacy text);
CREATE TABLE orders (id int PRIMARY KEY, person_id int);
CREATE INDEX people_nickname ON people (nickname);
CREATE SEQUENCE people_seq;
`

// pgProbeDB returns a test schema seeded with probeSeed, analyzed so that
// the catalog knows the tables' sizes (AskRows' Bytes; a table never
// analyzed has none) and still below the threshold (counted exactly).
func pgProbeDB(t *testing.T) *testdb.PG {
	t.Helper()
	pg := testdb.Postgres(t)
	if _, err := pg.Conn.Exec(context.Background(), pgProbeSchema+probeSeed+"ANALYZE people; ANALYZE orders;"); err != nil {
		t.Fatalf("seeding: %v", err)
	}
	return pg
}

func pgProbe1(t *testing.T, conn *pgx.Conn, schema string, opts diff.ProbeOptions, qs []diff.Question) []diff.Answer {
	t.Helper()
	ans, err := NewPostgresProber(conn, schema, opts).Probe(context.Background(), qs)
	if err != nil {
		t.Fatalf("Probe: %v", err)
	}
	if len(ans) != len(qs) {
		t.Fatalf("Probe returned %d answers for %d questions", len(ans), len(qs))
	}
	if st := conn.PgConn().TxStatus(); st != 'I' {
		t.Fatalf("after Probe the connection's transaction status is %q, want idle (rolled back)", st)
	}
	return ans
}

func TestPostgresProbe(t *testing.T) {
	t.Parallel()
	pg := pgProbeDB(t)
	ctx := context.Background()
	// A unique index built CONCURRENTLY over the duplicate emails fails
	// and leaves an INVALID index behind. It must run outside a
	// transaction, on a connection of its own.
	other, err := pgx.Connect(ctx, pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(ctx)
	if _, err := other.Exec(ctx, "CREATE UNIQUE INDEX CONCURRENTLY people_email_uq ON people (email)"); err == nil {
		t.Fatal("the concurrent unique index over duplicates was built; want it to fail")
	}

	qs := append(commonQuestions(),
		diff.Question{Ask: diff.AskCastable, FromType: "jsonb", Type: "bytea"},
		diff.Question{Ask: diff.AskCastable, FromType: "character varying(40)", Type: "text"},
		diff.Question{Ask: diff.AskCastable, FromType: "integer", Type: "bigint"},
		diff.Question{Ask: diff.AskCastable, FromType: "bigint", Type: "integer"},
		diff.Question{Ask: diff.AskCastable, FromType: "text", Type: "jsonb"},
		diff.Question{Ask: diff.AskCastable, FromType: "integer[]", Type: "bigint[]"},
		diff.Question{Ask: diff.AskCastable, FromType: "integer", Type: "boolean"},
		diff.Question{Ask: diff.AskCastable, FromType: "jsonb", Type: "text"},
		diff.Question{Ask: diff.AskCastable, FromType: "nosuchtype", Type: "text"},
		diff.Question{Ask: diff.AskCastable, FromType: "integer", Type: "varchar("},
		diff.Question{Ask: diff.AskInvalidIndex, Table: "people", Index: "people_email_uq"},
		diff.Question{Ask: diff.AskInvalidIndex, Table: "people", Index: "people_nickname"},
		diff.Question{Ask: diff.AskInvalidIndex, Table: "people", Index: "no_such_index"},
		diff.Question{Ask: diff.AskIndexScans, Table: "people", Index: "people_pkey"},
		diff.Question{Ask: diff.AskIndexScans, Table: "people", Index: "no_such_index"},
		diff.Question{Ask: diff.AskTimeZone},
		diff.Question{Ask: diff.AskForeignKeyCheck, Table: "orders"},
		diff.Question{Ask: diff.AskRows, Table: "no_such_table"},
		diff.Question{Ask: diff.AskNulls, Table: "people", Columns: []string{"no_such_column"}},
		diff.Question{Ask: diff.AskCastFailures, Table: "people", Columns: []string{"code"}, Type: "no_such_type"},
	)
	ans := pgProbe1(t, pg.Conn, pg.Schema, diff.ProbeOptions{}, qs)
	checkCommon(t, ans)
	rest := ans[len(probeCommon):]
	// jsonb → bytea has no cast at all; integer → boolean is an explicit
	// cast, which USING may use; text → jsonb and jsonb → text are I/O
	// conversions through the text form.
	for i, want := range []int64{0, 1, 1, 1, 1, 1, 1, 1} {
		if a := rest[i]; a.Err != nil || a.N != want {
			t.Errorf("AskCastable %s → %s: got N=%d Err=%v, want %d", qs[len(probeCommon)+i].FromType, qs[len(probeCommon)+i].Type, a.N, a.Err, want)
		}
	}
	wantErr(t, "AskCastable from a name that is no type", rest[8], `"nosuchtype" is not a type`)
	wantErr(t, "AskCastable to a malformed name", rest[9], `"varchar(" is not a type`)
	for i, want := range []int64{1, 0, 0} {
		if a := rest[10+i]; a.Err != nil || a.N != want {
			t.Errorf("AskInvalidIndex %s: got N=%d Err=%v, want %d", qs[len(probeCommon)+10+i].Index, a.N, a.Err, want)
		}
	}
	if a := rest[13]; a.Err != nil || a.N < 0 {
		t.Errorf("AskIndexScans people_pkey: got N=%d Err=%v", a.N, a.Err)
	}
	wantErr(t, "AskIndexScans of a missing index", rest[14], "no index no_such_index")
	if a := rest[15]; a.Err != nil || a.Text == "" {
		t.Errorf("AskTimeZone: got Text=%q Err=%v, want the session's TimeZone", a.Text, a.Err)
	}
	wantErr(t, "AskForeignKeyCheck", rest[16], "not a PostgreSQL check")
	wantErr(t, "a missing table", rest[17], "table no_such_table does not exist in schema "+pg.Schema)
	wantErr(t, "a missing column", rest[18], "column no_such_column of table people does not exist")
	wantErr(t, "a cast to a missing type", rest[19], `"no_such_type" is not a type`)

	// The schema defaults to current_schema(), the test's.
	ans = pgProbe1(t, pg.Conn, "", diff.ProbeOptions{}, qs[:len(probeCommon)])
	checkCommon(t, ans)
}

// TestPostgresProbeSizes: AskRows' Bytes is the catalog's size as of the
// last ANALYZE (relpages of the table, its TOAST table and their
// indexes), the sum over the partitions of a partitioned table, and 0
// for a table never analyzed.
func TestPostgresProbeSizes(t *testing.T) {
	t.Parallel()
	pg := pgProbeDB(t)
	ctx := context.Background()
	if _, err := pg.Conn.Exec(ctx, `CREATE TABLE never (id int PRIMARY KEY, v text);
INSERT INTO never SELECT i, repeat('x', 100) FROM generate_series(1, 300) i;
CREATE TABLE parted (id int, v text) PARTITION BY RANGE (id);
CREATE TABLE parted_1 PARTITION OF parted FOR VALUES FROM (0) TO (100);
CREATE TABLE parted_2 PARTITION OF parted FOR VALUES FROM (100) TO (1000);
CREATE INDEX parted_id ON parted (id);
INSERT INTO parted SELECT i, repeat('y', 200) FROM generate_series(1, 500) i;
ANALYZE parted;`); err != nil {
		t.Fatal(err)
	}
	// What the files hold, main forks only: after an ANALYZE, relpages
	// are the blocks of the table and of its indexes (the TOAST table
	// holds no block here).
	files := func(tables ...string) int64 {
		var n int64
		if err := pg.Conn.QueryRow(ctx, `SELECT sum(pg_relation_size(c.oid) + COALESCE(pg_relation_size(NULLIF(c.reltoastrelid, 0)), 0)
	+ (SELECT COALESCE(sum(pg_relation_size(i.indexrelid)), 0) FROM pg_index i WHERE i.indrelid IN (c.oid, c.reltoastrelid)))::int8
FROM pg_class c WHERE c.oid = ANY($1::regclass[])`, tables).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	ans := pgProbe1(t, pg.Conn, pg.Schema, diff.ProbeOptions{}, []diff.Question{
		{Ask: diff.AskRows, Table: "people"},
		{Ask: diff.AskRows, Table: "never"},
		{Ask: diff.AskRows, Table: "parted"},
	})
	if a, want := ans[0], files("people"); a.Err != nil || a.N != 8 || a.Bytes != want || want <= 0 {
		t.Errorf("AskRows people (analyzed): got N=%d Bytes=%d Err=%v, want N=8 Bytes=%d", a.N, a.Bytes, a.Err, want)
	}
	if a := ans[1]; a.Err != nil || a.N != 300 || !a.Exact || a.Bytes != 0 {
		t.Errorf("AskRows never (never analyzed): got N=%d Exact=%v Bytes=%d Err=%v, want N=300 exact, Bytes=0", a.N, a.Exact, a.Bytes, a.Err)
	}
	if a, want := ans[2], files("parted_1", "parted_2"); a.Err != nil || a.N != 500 || a.Bytes != want || want <= 0 {
		t.Errorf("AskRows parted (partitioned): got N=%d Bytes=%d Err=%v, want N=500 Bytes=%d (the partitions')", a.N, a.Bytes, a.Err, want)
	}
}

// TestPostgresProbeSequenceValue: the last value of the sequence behind
// a serial or identity column, from the catalog; 0 when never used; an
// Err for a column without one.
func TestPostgresProbeSequenceValue(t *testing.T) {
	t.Parallel()
	pg := pgProbeDB(t)
	ctx := context.Background()
	if _, err := pg.Conn.Exec(ctx, `CREATE TABLE tickets (id serial PRIMARY KEY, seat int GENERATED ALWAYS AS IDENTITY, row_no bigint GENERATED BY DEFAULT AS IDENTITY, note text);
INSERT INTO tickets (row_no, note) VALUES (7, 'a'), (8, 'b'), (9, 'c');
INSERT INTO tickets (note) VALUES ('d');
CREATE TABLE unused (id bigserial, n int GENERATED BY DEFAULT AS IDENTITY);
CREATE TABLE jumped (id serial);
SELECT setval('jumped_id_seq', 2147483000);`); err != nil {
		t.Fatal(err)
	}
	qs := []diff.Question{
		{Ask: diff.AskSequenceValue, Table: "tickets", Columns: []string{"id"}},
		{Ask: diff.AskSequenceValue, Table: "tickets", Columns: []string{"seat"}},
		{Ask: diff.AskSequenceValue, Table: "tickets", Columns: []string{"row_no"}},
		{Ask: diff.AskSequenceValue, Table: "unused", Columns: []string{"id"}},
		{Ask: diff.AskSequenceValue, Table: "unused", Columns: []string{"n"}},
		{Ask: diff.AskSequenceValue, Table: "jumped", Columns: []string{"id"}},
		// people.id is a plain int: the name id has a sequence on other
		// tables only.
		{Ask: diff.AskSequenceValue, Table: "people", Columns: []string{"id"}},
		{Ask: diff.AskSequenceValue, Table: "tickets", Columns: []string{"note"}},
		{Ask: diff.AskSequenceValue, Table: "tickets", Columns: []string{"no_such_column"}},
		{Ask: diff.AskSequenceValue, Table: "no_such_table", Columns: []string{"id"}},
		{Ask: diff.AskSequenceValue, Table: "tickets"},
		// Counted alongside, in the same Probe.
		{Ask: diff.AskRows, Table: "tickets"},
	}
	ans := pgProbe1(t, pg.Conn, pg.Schema, diff.ProbeOptions{}, qs)
	// row_no's explicit values 7, 8, 9 did not use its sequence: it
	// handed out 1, to the fourth row.
	for i, want := range []int64{4, 4, 1, 0, 0, 2147483000} {
		if a := ans[i]; a.Err != nil || a.N != want || !a.Exact {
			t.Errorf("AskSequenceValue %s.%s: got N=%d Exact=%v Err=%v, want %d", qs[i].Table, qs[i].Columns[0], a.N, a.Exact, a.Err, want)
		}
	}
	wantErr(t, "a plain int column", ans[6], "column id of table people has no sequence")
	wantErr(t, "a text column", ans[7], "column note of table tickets has no sequence")
	wantErr(t, "a missing column", ans[8], "column no_such_column of table tickets does not exist")
	wantErr(t, "a missing table", ans[9], "table no_such_table does not exist")
	wantErr(t, "no column", ans[10], "names no column")
	if a := ans[11]; a.Err != nil || a.N != 4 {
		t.Errorf("AskRows tickets: got %+v, want 4", a)
	}
}

// TestPostgresProbeFolded: the questions on one table that one scan
// answers share a statement and get the answers they would alone;
// identical ones share an aggregate; a question with SQL text of the
// caller's keeps a statement of its own, so that its failure is its own.
func TestPostgresProbeFolded(t *testing.T) {
	t.Parallel()
	pg := pgProbeDB(t)
	cases := []struct {
		q diff.Question
		n int64
	}{
		{diff.Question{Ask: diff.AskRows, Table: "people"}, 8},
		{diff.Question{Ask: diff.AskNulls, Table: "people", Columns: []string{"nickname"}}, 3},
		{diff.Question{Ask: diff.AskNulls, Table: "people", Columns: []string{"email"}}, 2},
		{diff.Question{Ask: diff.AskNonNull, Table: "people", Columns: []string{"legacy"}}, 5},
		{diff.Question{Ask: diff.AskTooLong, Table: "people", Columns: []string{"bio"}, Length: 5}, 2},
		{diff.Question{Ask: diff.AskValueUse, Table: "people", Columns: []string{"nickname"}, Values: []string{"a", "b"}}, 2},
		{diff.Question{Ask: diff.AskValueUse, Table: "people", Columns: []string{"email"}, Values: []string{"y@y"}}, 3},
		{diff.Question{Ask: diff.AskNulls, Table: "people", Columns: []string{"nickname"}}, 3},
		{diff.Question{Ask: diff.AskNulls, Table: "people", Columns: []string{"lower(nickname)"}, Exprs: []bool{true}}, 3},
		{diff.Question{Ask: diff.AskRows, Table: "orders"}, 6},
		{diff.Question{Ask: diff.AskNonNull, Table: "orders", Columns: []string{"person_id"}}, 5},
		{diff.Question{Ask: diff.AskMaxValue, Table: "people", Columns: []string{"age"}}, 40},
	}
	var qs []diff.Question
	for _, c := range cases {
		qs = append(qs, c.q)
	}
	qs = append(qs, diff.Question{Ask: diff.AskViolations, Table: "people", Expr: "no_such_column > 0"})
	ans := pgProbe1(t, pg.Conn, pg.Schema, diff.ProbeOptions{}, qs)
	for i, c := range cases {
		if a := ans[i]; a.Err != nil || a.N != c.n || !a.Exact {
			t.Errorf("question %d %+v: got N=%d Exact=%v Err=%v, want %d", i, c.q, a.N, a.Exact, a.Err, c.n)
		}
	}
	if a := ans[0]; a.Bytes <= 0 {
		t.Errorf("AskRows people, folded: Bytes = %d, want the table's size", a.Bytes)
	}
	wantErr(t, "the failing expression", ans[len(cases)], `column "no_such_column" does not exist`)
}

// TestPostgresProbeFoldedTimeout: when the scan of a folded statement
// times out (here, on a lock another session holds), each question it
// answers gets the timeout, saying the query counted them together; the
// statements before it are answered.
func TestPostgresProbeFoldedTimeout(t *testing.T) {
	t.Parallel()
	pg := pgProbeDB(t)
	ctx := context.Background()
	other, err := pgx.Connect(ctx, pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(ctx)
	tx, err := other.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "LOCK TABLE people IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	ans := pgProbe1(t, pg.Conn, pg.Schema, diff.ProbeOptions{StatementTimeout: 200 * time.Millisecond}, []diff.Question{
		{Ask: diff.AskRows, Table: "orders"},
		{Ask: diff.AskRows, Table: "people"},
		{Ask: diff.AskNulls, Table: "people", Columns: []string{"nickname"}},
	})
	if a := ans[0]; a.Err != nil || a.N != 6 {
		t.Errorf("AskRows orders: got %+v, want 6", a)
	}
	for _, a := range ans[1:] {
		wantErr(t, "a question of the folded statement", a, "statement timeout after 200ms (one query counted 2 figures of people in one scan)")
	}
}

// TestPostgresProbeCastFailures runs AskCastFailures over the source and
// target types the fallback (before PostgreSQL 16) and the numeric
// comparison cover.
func TestPostgresProbeCastFailures(t *testing.T) {
	t.Parallel()
	pg := testdb.Postgres(t)
	ctx := context.Background()
	var version int
	if err := pg.Conn.QueryRow(ctx, "SELECT current_setting('server_version_num')::int").Scan(&version); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		src, values, target string
		want                int64
		err                 string // when the server cannot tell
	}{
		{"text", `'12'), (' 7 '), ('-3'), ('abc'), ('99999999999'), ('1.5'), (NULL`, "integer", 3, ""},
		{"text", `'99999999999'), ('-9223372036854775809'), ('+42'`, "bigint", 1, ""},
		{"text", `'32767'), ('32768'`, "smallint", 1, ""},
		{"text", `'1.25'), ('1.255'), ('12345'), ('NaN'), ('x'), (' -.5e1 '`, "numeric(5,2)", 3, ""},
		{"text", `'1e10'), ('1e40'), ('nan'), ('-Infinity'), ('one'`, "real", 2, ""},
		{"text", `'yes'), ('t'), ('off'), (' FALSE '), ('maybe'), ('o'`, "boolean", 2, ""},
		{"text", `'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'), ('{a0eebc999c0b4ef8bb6d6bb9bd380a11}'), ('nope'`, "uuid", 1, ""},
		{"text", `'2024-02-29'), ('2023-02-29'), ('2024-13-01'), ('0000-01-01'), ('soon'`, "date", 4, ""},
		{"text", `'2024-01-01 10:00:00+02'), ('2024-01-01T25:00'), ('2024-01-01'), ('2024-06-30 23:59:59.5'`, "timestamp with time zone", 1, ""},
		{"text", `'abc'), ('abcd'), ('abc  '`, "character varying(3)", 1, ""},
		{"numeric", `1.0), (1.5), (3000000000), (-2147483648`, "integer", 2, ""},
		{"bigint", `1), (3000000000`, "integer", 1, ""},
		{"double precision", `1e300), (1.5), ('NaN'`, "real", 1, ""},
		{"numeric(10,4)", `1.2300), (1.2345), (12345.67`, "numeric(6,2)", 2, ""},
		{"integer", `1), (2`, "bigint", 0, ""},
		{"timestamp", `'2024-01-01 10:00'`, "date", 0, ""},
		{"integer", `1), (NULL`, "text", 0, ""},
		{"text", `'{}'), ('{bad'`, "jsonb", 1, "cannot tell which values would fail the cast to jsonb"},
	}
	var qs []diff.Question
	var b strings.Builder
	for i, c := range cases {
		fmt.Fprintf(&b, "CREATE TABLE c%02d (v %s); INSERT INTO c%02d (v) VALUES (%s);\n", i, c.src, i, c.values)
		qs = append(qs, diff.Question{Ask: diff.AskCastFailures, Table: fmt.Sprintf("c%02d", i), Columns: []string{"v"}, Type: c.target})
	}
	if _, err := pg.Conn.Exec(ctx, b.String()); err != nil {
		t.Fatalf("seeding: %v", err)
	}
	ans := pgProbe1(t, pg.Conn, pg.Schema, diff.ProbeOptions{}, qs)
	for i, c := range cases {
		a := ans[i]
		if c.err != "" && version < 160000 {
			wantErr(t, fmt.Sprintf("%s → %s", c.src, c.target), a, c.err)
			continue
		}
		if a.Err != nil || a.N != c.want {
			t.Errorf("%s (%s) → %s: got N=%d Err=%v, want %d", c.src, c.values, c.target, a.N, a.Err, c.want)
		}
	}
}

// TestPostgresProbeThreshold: above ExactBelow rows, AskRows and AskNulls
// come from the statistics of ANALYZE and the other counts are refused.
func TestPostgresProbeThreshold(t *testing.T) {
	t.Parallel()
	pg := testdb.Postgres(t)
	ctx := context.Background()
	if _, err := pg.Conn.Exec(ctx, `CREATE TABLE ten (id int PRIMARY KEY, nickname text, email text);
INSERT INTO ten SELECT i, CASE WHEN i <= 3 THEN NULL ELSE 'n' || i END, 'e' || (i % 5) FROM generate_series(1, 10) i;
CREATE TABLE never (id int);
INSERT INTO never VALUES (1), (2), (3);
ANALYZE ten;`); err != nil {
		t.Fatal(err)
	}
	qs := []diff.Question{
		{Ask: diff.AskRows, Table: "ten"},
		{Ask: diff.AskDuplicates, Table: "ten", Columns: []string{"email"}},
		{Ask: diff.AskNulls, Table: "ten", Columns: []string{"nickname"}},
		{Ask: diff.AskMaxValue, Table: "ten", Columns: []string{"id"}},
		{Ask: diff.AskRows, Table: "never"},
	}
	ans := pgProbe1(t, pg.Conn, pg.Schema, diff.ProbeOptions{ExactBelow: 2}, qs)
	if a := ans[0]; a.Err != nil || a.Exact || a.N < 9 || a.N > 11 || a.Bytes <= 0 {
		t.Errorf("AskRows above the threshold: got %+v, want N≈10 Exact=false Bytes>0", a)
	}
	wantErr(t, "AskDuplicates above the threshold", ans[1], "not counted: ten has ~10 rows, above live_checks.exact_below (2)")
	if a := ans[2]; a.Err != nil || a.Exact || a.N != 3 {
		t.Errorf("AskNulls above the threshold: got %+v, want the estimate N=3 Exact=false", a)
	}
	if a := ans[3]; a.Err != nil || !a.Exact || a.N != 10 {
		t.Errorf("AskMaxValue of an indexed column above the threshold: got %+v, want N=10 Exact=true", a)
	}
	// A table never analyzed has no estimate: it counts as small.
	if a := ans[4]; a.Err != nil || !a.Exact || a.N != 3 {
		t.Errorf("AskRows of a table never analyzed: got %+v, want N=3 Exact=true", a)
	}
	// Under the default threshold the same questions are counted.
	ans = pgProbe1(t, pg.Conn, pg.Schema, diff.ProbeOptions{}, qs)
	if a := ans[0]; a.Err != nil || !a.Exact || a.N != 10 {
		t.Errorf("AskRows: got %+v, want N=10 Exact=true", a)
	}
	if a := ans[1]; a.Err != nil || !a.Exact || a.N != 5 {
		t.Errorf("AskDuplicates: got %+v, want N=5 Exact=true", a)
	}
}

// TestPostgresProbeTimeout: a query past the statement timeout fails its
// question and skips the rest of its batch, which get an Err; the Probe
// itself succeeds and the plain counts, sent first, are answered. The
// sleeping expression also shows that Expr is SQL, inlined.
func TestPostgresProbeTimeout(t *testing.T) {
	t.Parallel()
	pg := pgProbeDB(t)
	qs := []diff.Question{
		{Ask: diff.AskViolations, Table: "people", Expr: "pg_sleep(1) IS NULL"},
		{Ask: diff.AskRows, Table: "people"},
		{Ask: diff.AskViolations, Table: "people", Expr: "age >= 0"},
		{Ask: diff.AskNulls, Table: "people", Columns: []string{"nickname"}},
	}
	start := time.Now()
	ans := pgProbe1(t, pg.Conn, pg.Schema, diff.ProbeOptions{StatementTimeout: 100 * time.Millisecond}, qs)
	if d := time.Since(start); d > 900*time.Millisecond {
		t.Errorf("Probe took %s: the statement timeout did not stop the sleep", d)
	}
	wantErr(t, "the sleeping question", ans[0], "statement timeout after 100ms")
	wantErr(t, "the question after it", ans[2], "not run")
	if a := ans[1]; a.Err != nil || a.N != 8 {
		t.Errorf("AskRows: got %+v, want 8", a)
	}
	if a := ans[3]; a.Err != nil || a.N != 3 {
		t.Errorf("AskNulls: got %+v, want 3", a)
	}
	// The connection is still good, and the timeout was local to the
	// probe's transaction.
	var timeout string
	if err := pg.Conn.QueryRow(context.Background(), "SHOW statement_timeout").Scan(&timeout); err != nil {
		t.Fatal(err)
	}
	if timeout != "0" {
		t.Errorf("statement_timeout after Probe = %q, want the session's 0", timeout)
	}
}

// TestPostgresProbeReadOnly: the probe's transaction refuses writes, even
// from an expression.
func TestPostgresProbeReadOnly(t *testing.T) {
	t.Parallel()
	pg := pgProbeDB(t)
	ans := pgProbe1(t, pg.Conn, pg.Schema, diff.ProbeOptions{}, []diff.Question{
		{Ask: diff.AskViolations, Table: "people", Expr: "nextval('people_seq') < 0"},
	})
	wantErr(t, "an expression that writes", ans[0], "read-only transaction")
	var called bool
	if err := pg.Conn.QueryRow(context.Background(), "SELECT is_called FROM people_seq").Scan(&called); err != nil {
		t.Fatal(err)
	}
	if called {
		t.Error("the probe advanced the sequence")
	}
}

// roundTrips counts the round trips of the connections it wraps: the
// times each reads after writing.
type roundTrips struct {
	mu sync.Mutex
	n  int
}

func (r *roundTrips) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

// A roundTripConn is one connection counted by r; wrote is its own (a
// Probe may use two connections at once).
type roundTripConn struct {
	net.Conn
	r     *roundTrips
	wrote *bool
}

func (c roundTripConn) Write(b []byte) (int, error) {
	c.r.mu.Lock()
	*c.wrote = true
	c.r.mu.Unlock()
	return c.Conn.Write(b)
}

func (c roundTripConn) Read(b []byte) (int, error) {
	c.r.mu.Lock()
	if *c.wrote {
		c.r.n++
		*c.wrote = false
	}
	c.r.mu.Unlock()
	return c.Conn.Read(b)
}

// TestPostgresProbeRoundTrips checks that a Probe's round trips do not
// grow with the number of questions and tables: BEGIN, the catalog batch,
// the counting batch, ROLLBACK. They are counted on the wire, and pgx's
// tracer sees the same statements (BEGIN and ROLLBACK; the batches go
// through pgconn) for 10 questions as for 300.
func TestPostgresProbeRoundTrips(t *testing.T) {
	t.Parallel()
	kinds := []diff.Question{
		{Ask: diff.AskRows},
		{Ask: diff.AskNulls, Columns: []string{"name"}},
		{Ask: diff.AskNonNull, Columns: []string{"name"}},
		{Ask: diff.AskDuplicates, Columns: []string{"name"}},
		{Ask: diff.AskViolations, Expr: "id > 0"},
		{Ask: diff.AskTooLong, Columns: []string{"name"}, Length: 3},
		{Ask: diff.AskCastFailures, Columns: []string{"name"}, Type: "integer"},
		{Ask: diff.AskValueUse, Columns: []string{"name"}, Values: []string{"x"}},
		{Ask: diff.AskMaxValue, Columns: []string{"id"}},
		{Ask: diff.AskInvalidIndex, Index: "pk"},
		{Ask: diff.AskIndexScans, Index: "pk"},
		{Ask: diff.AskCastable, FromType: "integer", Type: "bigint"},
		{Ask: diff.AskTimeZone},
		{Ask: diff.AskOrphans, Columns: []string{"id"}, RefColumns: []string{"id"}},
	}
	probe := func(n, splitAt int) (wire int, traced int64) {
		ctx := context.Background()
		pg := testdb.Postgres(t)
		var b strings.Builder
		var qs []diff.Question
		for i := range n {
			tab := fmt.Sprintf("t%04d", i)
			fmt.Fprintf(&b, "CREATE TABLE %s (id int CONSTRAINT %s_pk PRIMARY KEY, name text); INSERT INTO %s VALUES (1, 'one');\n", tab, tab, tab)
			q := kinds[i%len(kinds)]
			q.Table = tab
			if q.Index != "" {
				q.Index = tab + "_pk"
			}
			if q.Ask == diff.AskOrphans {
				q.RefTable = fmt.Sprintf("t%04d", (i+1)%n)
			}
			qs = append(qs, q)
		}
		if _, err := pg.Conn.Exec(ctx, b.String()); err != nil {
			t.Fatalf("creating %d tables: %v", n, err)
		}
		cfg, err := pgx.ParseConfig(pg.URL)
		if err != nil {
			t.Fatal(err)
		}
		cfg.TLSConfig, cfg.Fallbacks = nil, nil
		rt := &roundTrips{}
		dial := cfg.DialFunc
		cfg.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dial(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return roundTripConn{Conn: c, r: rt, wrote: new(bool)}, nil
		}
		tracer := &countingTracer{}
		cfg.Tracer = tracer
		conn, err := pgx.ConnectConfig(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		before, tracedBefore := rt.count(), tracer.n.Load()
		pp := NewPostgresProber(conn, pg.Schema, diff.ProbeOptions{})
		pp.splitAt = splitAt
		ans, err := pp.Probe(ctx, qs)
		if err != nil {
			t.Fatalf("Probe: %v", err)
		}
		if st := conn.PgConn().TxStatus(); st != 'I' {
			t.Fatalf("after Probe the connection's transaction status is %q, want idle (rolled back)", st)
		}
		for i, a := range ans {
			if a.Err != nil {
				t.Fatalf("question %d %+v: %v", i, qs[i], a.Err)
			}
		}
		return rt.count() - before, tracer.n.Load() - tracedBefore
	}
	// Below the split threshold: the four round trips of the connection.
	// Above it (lowered to 5 so that 10 tables reach it), three more on
	// the second connection: its startup, BEGIN READ ONLY with the
	// settings and half of the columns query, its half of the counting
	// batch.
	for _, c := range []struct {
		splitAt, want int
		why           string
	}{
		{1 << 30, 4, "BEGIN, catalog batch, counting batch, ROLLBACK"},
		{5, 7, "the four, plus the second connection's startup, BEGIN with half of the columns query, half of the counting batch"},
	} {
		fewWire, fewTraced := probe(10, c.splitAt)
		manyWire, manyTraced := probe(300, c.splitAt)
		if fewWire != manyWire || fewTraced != manyTraced {
			t.Errorf("split at %d: 10 questions on 10 tables took %d round trips (%d traced statements), 300 on 300 took %d (%d): the count must not grow",
				c.splitAt, fewWire, fewTraced, manyWire, manyTraced)
		}
		if fewWire != c.want {
			t.Errorf("split at %d: a Probe took %d round trips, want %d (%s)", c.splitAt, fewWire, c.want, c.why)
		}
		if fewTraced != 2 {
			t.Errorf("pgx traced %d statements, want 2 (BEGIN, ROLLBACK)", fewTraced)
		}
		t.Logf("split at %d: round trips per Probe: %d for 10 questions, %d for 300", c.splitAt, fewWire, manyWire)
	}
}

// TestPostgresProbeSplit: a counting batch spread over two connections
// gives the same answers, and each half stops at its own first error: a
// timeout on the second connection's half fails that half's questions
// alone, and the "not run" names it.
func TestPostgresProbeSplit(t *testing.T) {
	t.Parallel()
	pg := pgProbeDB(t)
	ctx := context.Background()
	qs := []diff.Question{
		{Ask: diff.AskRows, Table: "people"},
		{Ask: diff.AskNulls, Table: "people", Columns: []string{"nickname"}},
		{Ask: diff.AskMaxValue, Table: "people", Columns: []string{"age"}},
		{Ask: diff.AskRows, Table: "orders"},
		{Ask: diff.AskMaxValue, Table: "orders", Columns: []string{"person_id"}},
		{Ask: diff.AskViolations, Table: "orders", Expr: "person_id < 99"},
	}
	probe := func(opts diff.ProbeOptions) []diff.Answer {
		t.Helper()
		pp := NewPostgresProber(pg.Conn, pg.Schema, opts)
		pp.splitAt = 2
		ans, err := pp.Probe(ctx, qs)
		if err != nil {
			t.Fatalf("Probe: %v", err)
		}
		if st := pg.Conn.PgConn().TxStatus(); st != 'I' {
			t.Fatalf("after Probe the connection's transaction status is %q, want idle", st)
		}
		return ans
	}
	ans := probe(diff.ProbeOptions{})
	for i, want := range []int64{8, 3, 40, 6, 100, 2} {
		if a := ans[i]; a.Err != nil || a.N != want {
			t.Errorf("question %d %+v: got %+v, want %d", i, qs[i], a, want)
		}
	}

	other, err := pgx.Connect(ctx, pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close(ctx)
	tx, err := other.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "LOCK TABLE orders IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	ans = probe(diff.ProbeOptions{StatementTimeout: 200 * time.Millisecond})
	for i, want := range []int64{8, 3, 40} {
		if a := ans[i]; a.Err != nil || a.N != want {
			t.Errorf("question %d %+v (first connection): got %+v, want %d", i, qs[i], a, want)
		}
	}
	wantErr(t, "AskRows orders", ans[3], "statement timeout after 200ms")
	wantErr(t, "AskMaxValue orders", ans[4], "not run: an earlier live-check query failed (statement timeout after 200ms)")
	wantErr(t, "AskViolations orders (first connection, last)", ans[5], "statement timeout after 200ms")
}

// TestPostgresProbeConnectionFailure: a dead connection fails the Probe.
func TestPostgresProbeConnectionFailure(t *testing.T) {
	t.Parallel()
	pg := testdb.Postgres(t)
	conn, err := pgx.Connect(context.Background(), pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	conn.Close(context.Background())
	_, err = NewPostgresProber(conn, pg.Schema, diff.ProbeOptions{}).Probe(context.Background(), []diff.Question{{Ask: diff.AskTimeZone}})
	if err == nil || !strings.Contains(err.Error(), "introspect: postgres:") {
		t.Fatalf("Probe on a closed connection: err = %v, want an introspect: postgres: error", err)
	}
}

// TestPostgresProbeInsideTransaction: on a connection inside a
// transaction the Probe refuses, and leaves the transaction alone.
func TestPostgresProbeInsideTransaction(t *testing.T) {
	t.Parallel()
	pg := pgProbeDB(t)
	ctx := context.Background()
	tx, err := pg.Conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "INSERT INTO people (id) VALUES (9)"); err != nil {
		t.Fatal(err)
	}
	if _, err := NewPostgresProber(pg.Conn, pg.Schema, diff.ProbeOptions{}).Probe(ctx, []diff.Question{{Ask: diff.AskRows, Table: "people"}}); err == nil ||
		!strings.Contains(err.Error(), "outside any transaction") {
		t.Fatalf("Probe inside a transaction: err = %v, want a refusal", err)
	}
	var n int
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM people").Scan(&n); err != nil || n != 9 {
		t.Fatalf("the caller's transaction after Probe: count = %d, err = %v; want 9 rows, still open", n, err)
	}
}

func TestParsePgTypeName(t *testing.T) {
	for _, c := range []struct {
		in, lookup string
		mods       []int
		ok         bool
	}{
		{"integer", "pg_catalog.int4", nil, true},
		{"character varying(40)", "pg_catalog.varchar", []int{40}, true},
		{"numeric(10, 2)", "pg_catalog.numeric", []int{10, 2}, true},
		{"timestamp(3) with time zone", "pg_catalog.timestamptz", []int{3}, true},
		{"double precision[]", "pg_catalog.float8[]", nil, true},
		{"float(10)", "pg_catalog.float4", nil, true},
		{"interval day to second", "pg_catalog.interval", nil, true},
		{"jsonb", `"jsonb"`, nil, true},
		{"Mood", `"mood"`, nil, true},
		{`app."Mood"[]`, `"app"."Mood"[]`, nil, true},
		{`"a""b"`, `"a""b"`, nil, true},
		{"varchar(", "", nil, false},
		{"int[", "", nil, false},
		{"a.b.c", "", nil, false},
		{"integer; DROP TABLE x", "", nil, false},
		{"two words", "", nil, false},
		{"", "", nil, false},
	} {
		n, ok := parsePgTypeName(c.in)
		if ok != c.ok || (ok && (n.lookup != c.lookup || fmt.Sprint(n.mods) != fmt.Sprint(c.mods))) {
			t.Errorf("parsePgTypeName(%q) = %+v, %v; want lookup %q mods %v, %v", c.in, n, ok, c.lookup, c.mods, c.ok)
		}
	}
}

const sqliteProbeSchema = `
CREATE TABLE people (id integer PRIMARY KEY, nickname text, email text, code text, age integer, bio text, legacy text);
CREATE TABLE orders (id integer PRIMARY KEY, person_id integer REFERENCES people (id));
CREATE INDEX people_nickname ON people (nickname);
`

func sqliteProbe1(t *testing.T, db *sql.DB, opts diff.ProbeOptions, qs []diff.Question) []diff.Answer {
	t.Helper()
	ans, err := NewSQLiteProber(db, opts).Probe(context.Background(), qs)
	if err != nil {
		t.Fatalf("Probe: %v", err)
	}
	if len(ans) != len(qs) {
		t.Fatalf("Probe returned %d answers for %d questions", len(ans), len(qs))
	}
	return ans
}

func TestSQLiteProbe(t *testing.T) {
	t.Parallel()
	db := openSQLite(t, sqliteProbeSchema+probeSeed)
	db.SetMaxOpenConns(1) // so that the PRAGMA checks below see the probe's connection
	qs := append(commonQuestions(),
		diff.Question{Ask: diff.AskForeignKeyCheck, Table: "orders"},
		diff.Question{Ask: diff.AskForeignKeyCheck, Table: "people"},
		diff.Question{Ask: diff.AskCastable, FromType: "text", Type: "integer"},
		diff.Question{Ask: diff.AskInvalidIndex, Table: "people", Index: "people_nickname"},
		diff.Question{Ask: diff.AskIndexScans, Table: "people", Index: "people_nickname"},
		diff.Question{Ask: diff.AskTimeZone},
		diff.Question{Ask: diff.AskRows, Table: "no_such_table"},
		diff.Question{Ask: diff.AskValueUse, Table: "people", Columns: []string{"nickname"}},
		diff.Question{Ask: diff.AskSequenceValue, Table: "people", Columns: []string{"id"}},
		// SQLite reads "no_such_column" as a string: the prober checks names.
		diff.Question{Ask: diff.AskNulls, Table: "people", Columns: []string{"no_such_column"}},
		diff.Question{Ask: diff.AskDuplicates, Table: "people", Columns: []string{"no_such_column"}},
		diff.Question{Ask: diff.AskOrphans, Table: "orders", Columns: []string{"person_id"}, RefTable: "people", RefColumns: []string{"no_such_column"}},
	)
	ans := sqliteProbe1(t, db, diff.ProbeOptions{}, qs)
	checkCommon(t, ans)
	rest := ans[len(probeCommon):]
	if a := rest[0]; a.Err != nil || a.N != 2 {
		t.Errorf("AskForeignKeyCheck orders: got %+v, want 2", a)
	}
	if a := rest[1]; a.Err != nil || a.N != 0 {
		t.Errorf("AskForeignKeyCheck people: got %+v, want 0", a)
	}
	if a := rest[2]; a.Err != nil || a.N != 1 {
		t.Errorf("AskCastable: got %+v, want 1 (SQLite converts anything)", a)
	}
	for i := 3; i < 6; i++ {
		wantErr(t, fmt.Sprintf("question %+v", qs[len(probeCommon)+i]), rest[i], "not a SQLite check")
	}
	wantErr(t, "a missing table", rest[6], "no such table")
	if a := rest[7]; a.Err != nil || a.N != 0 {
		t.Errorf("AskValueUse without values: got %+v, want 0", a)
	}
	wantErr(t, "AskSequenceValue", rest[8], "not a SQLite check")
	wantErr(t, "AskNulls of a missing column", rest[9], "column no_such_column of people does not exist")
	wantErr(t, "AskDuplicates of a missing column", rest[10], "column no_such_column of people does not exist")
	wantErr(t, "AskOrphans to a missing column", rest[11], "column no_such_column of people does not exist")
	var queryOnly int
	if err := db.QueryRow("PRAGMA query_only").Scan(&queryOnly); err != nil {
		t.Fatal(err)
	}
	if queryOnly != 0 {
		t.Errorf("PRAGMA query_only = %d after Probe, want it restored to 0", queryOnly)
	}
	if _, err := db.Exec("INSERT INTO people (id) VALUES (9)"); err != nil {
		t.Errorf("writing after Probe: %v", err)
	}
}

// TestSQLiteProbeCastFailures: values that do not take the target's
// affinity.
func TestSQLiteProbeCastFailures(t *testing.T) {
	t.Parallel()
	db := openSQLite(t, `CREATE TABLE v (x);
INSERT INTO v VALUES ('12'), (' 7 '), (3.0), (1.5), ('1.5'), ('abc'), (x'00'), (5), (NULL), ('99999999999999999999');`)
	for _, c := range []struct {
		typ  string
		want int64
	}{
		{"INTEGER", 5}, // 1.5, '1.5', 'abc', the blob, the huge one
		{"bigint", 5},
		{"REAL", 2},    // 'abc', the blob
		{"numeric", 2}, // 'abc', the blob
		{"TEXT", 1},    // the blob
		{"varchar(10)", 1},
		{"BLOB", 0},
		{"", 0},
	} {
		ans := sqliteProbe1(t, db, diff.ProbeOptions{}, []diff.Question{{Ask: diff.AskCastFailures, Table: "v", Columns: []string{"x"}, Type: c.typ}})
		if a := ans[0]; a.Err != nil || a.N != c.want {
			t.Errorf("AskCastFailures to %q: got N=%d Err=%v, want %d", c.typ, a.N, a.Err, c.want)
		}
	}
}

// TestSQLiteProbeTimeout: a query past the statement timeout fails its
// question only.
func TestSQLiteProbeTimeout(t *testing.T) {
	t.Parallel()
	db := openSQLite(t, sqliteProbeSchema+probeSeed)
	slow := "(WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 1000000000) SELECT count(*) FROM r) < 0"
	start := time.Now()
	ans := sqliteProbe1(t, db, diff.ProbeOptions{StatementTimeout: 50 * time.Millisecond}, []diff.Question{
		{Ask: diff.AskViolations, Table: "people", Expr: slow},
		{Ask: diff.AskNulls, Table: "people", Columns: []string{"nickname"}},
	})
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Probe took %s", d)
	}
	wantErr(t, "the slow question", ans[0], "statement timeout after 50ms")
	if a := ans[1]; a.Err != nil || a.N != 3 {
		t.Errorf("AskNulls after the timeout: got %+v, want 3", a)
	}
}

// TestSQLiteProbeCancelledMidway: when ctx ends during a query the Probe
// fails, and the pool gets back no connection left read-only.
func TestSQLiteProbeCancelledMidway(t *testing.T) {
	t.Parallel()
	db := openSQLite(t, sqliteProbeSchema+probeSeed)
	db.SetMaxOpenConns(1)
	slow := "(WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 1000000000) SELECT count(*) FROM r) < 0"
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := NewSQLiteProber(db, diff.ProbeOptions{}).Probe(ctx, []diff.Question{{Ask: diff.AskViolations, Table: "people", Expr: slow}}); err == nil {
		t.Fatal("Probe whose context ended succeeded")
	}
	if _, err := db.Exec("INSERT INTO people (id) VALUES (9)"); err != nil {
		t.Fatalf("writing after the cancelled Probe: %v", err)
	}
}

// TestSQLiteProbeCancelled: a context that ends fails the Probe.
func TestSQLiteProbeCancelled(t *testing.T) {
	t.Parallel()
	db := openSQLite(t, sqliteProbeSchema+probeSeed)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewSQLiteProber(db, diff.ProbeOptions{}).Probe(ctx, []diff.Question{{Ask: diff.AskRows, Table: "people"}}); err == nil {
		t.Fatal("Probe with a cancelled context succeeded")
	}
}

// TestPostgresProbeSplitWithoutSecondConnection: when the second
// connection cannot be opened, the first does all the work (the columns
// the second would have read, then the whole counting batch) and every
// answer is the same.
func TestPostgresProbeSplitWithoutSecondConnection(t *testing.T) {
	t.Parallel()
	pg := pgProbeDB(t)
	ctx := context.Background()
	cfg, err := pgx.ParseConfig(pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	cfg.TLSConfig, cfg.Fallbacks = nil, nil
	var dials atomic.Int32
	dial := cfg.DialFunc
	cfg.DialFunc = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) > 1 {
			return nil, errors.New("no second connection")
		}
		return dial(ctx, network, addr)
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	qs := []diff.Question{
		{Ask: diff.AskRows, Table: "people"},
		{Ask: diff.AskNulls, Table: "people", Columns: []string{"nickname"}},
		{Ask: diff.AskMaxValue, Table: "people", Columns: []string{"age"}},
		{Ask: diff.AskRows, Table: "orders"},
		{Ask: diff.AskMaxValue, Table: "orders", Columns: []string{"person_id"}},
		{Ask: diff.AskViolations, Table: "orders", Expr: "person_id < 99"},
	}
	pp := NewPostgresProber(conn, pg.Schema, diff.ProbeOptions{})
	pp.splitAt = 2
	ans, err := pp.Probe(ctx, qs)
	if err != nil {
		t.Fatalf("Probe: %v", err)
	}
	if dials.Load() < 2 {
		t.Fatalf("the Probe did not try a second connection")
	}
	for i, want := range []int64{8, 3, 40, 6, 100, 2} {
		if a := ans[i]; a.Err != nil || a.N != want {
			t.Errorf("question %d %+v: got %+v, want %d", i, qs[i], a, want)
		}
	}
	if st := conn.PgConn().TxStatus(); st != 'I' {
		t.Fatalf("after Probe the connection's transaction status is %q, want idle", st)
	}
}

// TestPostgresProbeSplitOtherSchema: a second connection that resolves
// another schema than the first (the first's search_path was changed
// after it connected, and the prober follows current_schema()) does none
// of the work.
func TestPostgresProbeSplitOtherSchema(t *testing.T) {
	t.Parallel()
	pg := pgProbeDB(t)
	ctx := context.Background()
	cfg, err := pgx.ParseConfig(pg.URL)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RuntimeParams["search_path"] = "public"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SET search_path TO "+pgx.Identifier{pg.Schema}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	qs := []diff.Question{
		{Ask: diff.AskRows, Table: "people"},
		{Ask: diff.AskNulls, Table: "people", Columns: []string{"nickname"}},
		{Ask: diff.AskRows, Table: "orders"},
		{Ask: diff.AskMaxValue, Table: "orders", Columns: []string{"person_id"}},
	}
	pp := NewPostgresProber(conn, "", diff.ProbeOptions{})
	pp.splitAt = 2
	ans, err := pp.Probe(ctx, qs)
	if err != nil {
		t.Fatalf("Probe: %v", err)
	}
	for i, want := range []int64{8, 3, 6, 100} {
		if a := ans[i]; a.Err != nil || a.N != want {
			t.Errorf("question %d %+v: got %+v, want %d", i, qs[i], a, want)
		}
	}
}

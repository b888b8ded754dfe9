package gen

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/internal/testdb"
	"github.com/genmigrate/gen/introspect"
	"github.com/genmigrate/gen/migrations"
	"github.com/genmigrate/gen/model"
	"github.com/genmigrate/gen/render"
)

// The round-trip property (DESIGN.md): for every model the loader accepts,
// render the CREATE, apply it to the real database, inspect, diff against
// the models: no changes. And every ALTER gen renders from one version of
// a model to the next lands exactly on the next, and its Down exactly on
// the previous.

// roundTripCase is one struct; Fields are its field declarations. A case
// whose Dialects is set runs only there.
type roundTripCase struct {
	Name     string
	Fields   string
	Dialects []string
}

// roundTripCases covers every Go type and tag the loader accepts.
var roundTripCases = []roundTripCase{
	{Name: "Ints", Fields: "ID uint\nA int\nB int8\nC int16\nD int32\nE int64"},
	{Name: "Uints", Fields: "ID uint\nA uint8\nB uint16\nC uint32\nD uint64\nE uint"},
	{Name: "Strings", Fields: "ID uint\nA string\nB string `gorm:\"size:80\"`\nC string `gorm:\"size:10485760\"`"},
	{Name: "Scalars", Fields: "ID uint\nA bool\nB float32\nC float64\nD time.Time\nE []byte"},
	{Name: "Pointers", Fields: "ID uint\nA *int\nB *string\nC *bool\nD *float64\nE *time.Time\nF *uint16"},
	{Name: "SQLNulls", Fields: "ID uint\nA sql.NullString\nB sql.NullInt64\nC sql.NullInt32\nD sql.NullInt16\nE sql.NullByte\nF sql.NullFloat64\nG sql.NullBool\nH sql.NullTime"},
	{Name: "NamedTypes", Fields: "ID uint\nA Status\nB Cents"},
	{Name: "NotNull", Fields: "ID uint\nA string `gorm:\"not null\"`\nB int `gorm:\"notNull\"`\nC time.Time `gorm:\"not null\"`"},
	{Name: "Defaults", Fields: "ID uint\n" +
		"A string `gorm:\"default:active\"`\n" +
		"B string `gorm:\"default:'it''s'\"`\n" +
		"C int `gorm:\"default:0\"`\n" +
		"D int `gorm:\"default:-1\"`\n" +
		"E float64 `gorm:\"default:1.5\"`\n" +
		"F float64 `gorm:\"default:-2.25\"`\n" +
		"G bool `gorm:\"default:true\"`\n" +
		"H bool `gorm:\"default:false\"`\n" +
		"I string `gorm:\"size:20;default:''\"`\n" +
		"J time.Time `gorm:\"default:CURRENT_TIMESTAMP\"`\n" +
		"K int `gorm:\"not null;default:7\"`"},
	{Name: "PGFunctionDefaults", Dialects: []string{"postgres"}, Fields: "ID uint\nA time.Time `gorm:\"default:now()\"`\nB string `gorm:\"type:uuid;default:gen_random_uuid()\"`"},
	// What GORM tags declare of issue 8's kinds: operator classes through
	// expression: (with type:gin), INCLUDE and NULLS NOT DISTINCT through
	// option:, a default naming its function qualified.
	{Name: "PGIndexFidelity", Dialects: []string{"postgres"}, Fields: "ID uint\n" +
		"Data []byte `gorm:\"type:jsonb;index:idx_pgf_data,type:gin,expression:data jsonb_path_ops\"`\n" +
		"Sku string `gorm:\"index:idx_pgf_sku,expression:sku text_pattern_ops,option:INCLUDE (data)\"`\n" +
		"Code string `gorm:\"uniqueIndex:idx_pgf_code,option:INCLUDE (sku) NULLS NOT DISTINCT\"`\n" +
		"Token string `gorm:\"type:uuid;default:pg_catalog.gen_random_uuid()\"`"},
	{Name: "ExplicitTypes", Fields: "ID uint\nA string `gorm:\"type:varchar(100)\"`\nB int `gorm:\"type:smallint\"`\nC float64 `gorm:\"type:numeric(10,2)\"`\nD string `gorm:\"type:text\"`"},
	{Name: "PGTypes", Dialects: []string{"postgres"}, Fields: "ID uint\nA string `gorm:\"type:uuid\"`\nB []byte `gorm:\"type:jsonb\"`\nC time.Time `gorm:\"type:date\"`\nD string `gorm:\"type:char(3)\"`\nE time.Time `gorm:\"type:timestamp\"`\nF float64 `gorm:\"type:double precision\"`"},
	{Name: "Precision", Fields: "ID uint\nA float64 `gorm:\"precision:10\"`\nB float64 `gorm:\"precision:12;scale:4\"`\nC time.Time `gorm:\"precision:3\"`"},
	{Name: "Columns", Fields: "ID uint\nA string `gorm:\"column:full_name\"`\nHTTPServer string\nUserID uint\nAddress2 string\nSkipped string `gorm:\"-\"`"},
	{Name: "StringKey", Fields: "Code string `gorm:\"primaryKey;size:8\"`\nName string"},
	{Name: "CompositeKey", Fields: "TenantID uint `gorm:\"primaryKey;autoIncrement:false\"`\nID uint `gorm:\"primaryKey;autoIncrement:false\"`\nName string"},
	{Name: "ExplicitAutoIncrement", Fields: "Key int64 `gorm:\"primaryKey;autoIncrement\"`\nA string"},
	{Name: "NoAutoIncrement", Fields: "ID int64 `gorm:\"primaryKey;autoIncrement:false\"`"},
	{Name: "SmallSerial", Fields: "ID int16 `gorm:\"primaryKey\"`\nA string"},
	{Name: "Serial", Fields: "ID int32 `gorm:\"primaryKey\"`\nA string"},
	{Name: "Uniques", Fields: "ID uint\nA string `gorm:\"unique\"`\nB string `gorm:\"size:40;unique\"`\nC int `gorm:\"not null;unique\"`"},
	{Name: "Indexes", Fields: "ID uint\n" +
		"A string `gorm:\"index\"`\n" +
		"B string `gorm:\"index:idx_named\"`\n" +
		"C string `gorm:\"uniqueIndex\"`\n" +
		"D int `gorm:\"index:idx_pair,priority:2\"`\n" +
		"E int `gorm:\"index:idx_pair,priority:1\"`\n" +
		"F int `gorm:\"uniqueIndex:uix_both\"`\n" +
		"G int `gorm:\"uniqueIndex:uix_both\"`\n" +
		"H time.Time `gorm:\"index:,sort:desc\"`"},
	{Name: "Embedded", Fields: "ID uint\nStamps\nAudit Stamps `gorm:\"embedded;embeddedPrefix:audit_\"`"},
	{Name: "Comments", Dialects: []string{"postgres"}, Fields: "ID uint\nA string `gorm:\"comment:the a column\"`"},
}

// roundTripTypes are the declarations the cases use besides their structs.
const roundTripTypes = `
// Status is a named string type.
type Status string

// Cents is a named integer type.
type Cents int64

// Stamps is embedded in other models, never a table of its own.
type Stamps struct {
	CreatedAt time.Time
	UpdatedAt time.Time
}
`

// writeModels writes a module holding one struct per case and returns its directory.
func writeModels(t *testing.T, dir string, cases []roundTripCase) {
	t.Helper()
	var b strings.Builder
	b.WriteString("package models\n\nimport (\n\t\"database/sql\"\n\t\"time\"\n)\n\nvar _ sql.NullString\n")
	b.WriteString(roundTripTypes)
	for _, c := range cases {
		fmt.Fprintf(&b, "\ntype %s struct {\n", c.Name)
		for _, f := range strings.Split(c.Fields, "\n") {
			fmt.Fprintf(&b, "\t%s\n", f)
		}
		b.WriteString("}\n")
	}
	must(t, os.MkdirAll(filepath.Join(dir, "models"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/roundtrip\n\ngo 1.22\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "models", "models.go"), []byte(b.String()), 0o644))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// target is a real database to round-trip through.
type target struct {
	dialect string
	exec    func(ctx context.Context, stmts []migrations.Stmt) error
	inspect func(ctx context.Context) (*schema.Schema, error)
	count   func(ctx context.Context, table string) (int, error)
}

func postgresTarget(t *testing.T) *target {
	pg := testdb.Postgres(t)
	return &target{
		dialect: "postgres",
		exec: func(ctx context.Context, stmts []migrations.Stmt) error {
			for _, s := range stmts {
				if _, err := pg.Conn.Exec(ctx, s.SQL); err != nil {
					return fmt.Errorf("%s: %w", s.SQL, err)
				}
			}
			return nil
		},
		inspect: func(ctx context.Context) (*schema.Schema, error) {
			return introspect.Postgres(ctx, pg.Conn, introspect.Options{Schema: pg.Schema})
		},
		count: func(ctx context.Context, table string) (n int, err error) {
			err = pg.Conn.QueryRow(ctx, fmt.Sprintf("SELECT count(*) FROM %q", table)).Scan(&n)
			return n, err
		},
	}
}

func sqliteTarget(t *testing.T) *target {
	db, err := sql.Open("sqlite", testdb.SQLitePath(t))
	must(t, err)
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return &target{
		dialect: "sqlite",
		exec: func(ctx context.Context, stmts []migrations.Stmt) error {
			// As gen's runner does: foreign keys off around one transaction.
			if _, err := db.ExecContext(ctx, "PRAGMA foreign_keys = off"); err != nil {
				return err
			}
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			for _, s := range stmts {
				if _, err := tx.ExecContext(ctx, s.SQL); err != nil {
					return fmt.Errorf("%s: %w", s.SQL, err)
				}
			}
			return tx.Commit()
		},
		inspect: func(ctx context.Context) (*schema.Schema, error) {
			return introspect.SQLite(ctx, db, introspect.Options{})
		},
		count: func(ctx context.Context, table string) (n int, err error) {
			err = db.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*) FROM %q", table)).Scan(&n)
			return n, err
		},
	}
}

func targets(t *testing.T) map[string]func(*testing.T) *target {
	return map[string]func(*testing.T) *target{"postgres": postgresTarget, "sqlite": sqliteTarget}
}

func loadModels(t *testing.T, dir, dialect string) *schema.Schema {
	t.Helper()
	res, err := model.Load(context.Background(), model.Config{Dir: dir, Patterns: []string{"./models"}, Dialect: dialect})
	if err != nil {
		t.Fatalf("loading the models: %v", err)
	}
	for _, w := range res.Warnings {
		t.Errorf("unexpected warning: %v", w)
	}
	return res.Schema
}

func casesFor(dialect string, cases []roundTripCase) []roundTripCase {
	var out []roundTripCase
	for _, c := range cases {
		if len(c.Dialects) == 0 || slices.Contains(c.Dialects, dialect) {
			out = append(out, c)
		}
	}
	return out
}

// apply renders plan and runs it on tgt.
func apply(t *testing.T, tgt *target, plan *diff.Plan) {
	t.Helper()
	s, err := render.Render(plan)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	if err := tgt.exec(context.Background(), s.Stmts); err != nil {
		t.Fatalf("apply: %v", err)
	}
}

// changesByTable groups a plan's summary lines by the table they are about.
func changesByTable(p *diff.Plan) map[string][]string {
	m := make(map[string][]string)
	for _, c := range p.Changes {
		name := ""
		switch {
		case c.To != nil:
			name = c.To.Name
		case c.From != nil:
			name = c.From.Name
		}
		m[name] = append(m[name], c.Summary()...)
	}
	return m
}

func TestRoundTripCreate(t *testing.T) {
	for dialect, open := range targets(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			tgt := open(t)
			cases := casesFor(dialect, roundTripCases)
			dir := t.TempDir()
			writeModels(t, dir, cases)
			desired := loadModels(t, dir, dialect)
			ctx := context.Background()

			empty, err := tgt.inspect(ctx)
			must(t, err)
			up, err := diff.Compare(empty, desired, diff.Options{Dialect: dialect})
			must(t, err)
			apply(t, tgt, up)

			live, err := tgt.inspect(ctx)
			must(t, err)
			after, err := diff.Compare(live, desired, diff.Options{Dialect: dialect})
			must(t, err)
			byTable := changesByTable(after)
			for _, tbl := range desired.Tables {
				if _, ok := live.Table(tbl.Name); !ok {
					t.Errorf("table %s was not created", tbl.Name)
				}
			}
			for _, c := range cases {
				t.Run(c.Name, func(t *testing.T) {
					name := tableOf(desired, c.Name)
					if changes := byTable[name]; len(changes) > 0 {
						t.Errorf("after creating %s, diff still reports:\n  %s", name, strings.Join(changes, "\n  "))
					}
				})
			}
			if !after.Empty() && len(byTable) > len(cases) {
				t.Errorf("unexpected changes: %v", after.Summary())
			}

			// The Down of the creation leaves nothing behind.
			apply(t, tgt, up.Reverse())
			live, err = tgt.inspect(ctx)
			must(t, err)
			if len(live.Tables) != 0 {
				t.Errorf("after the Down, tables remain: %v", tableNames(live))
			}
		})
	}
}

// tableOf returns the table name the loader gave struct goName.
func tableOf(s *schema.Schema, goName string) string {
	for _, t := range s.Tables {
		if g, ok := attr.Get[*attr.GoName](t.Attrs); ok && g.Type == goName {
			return t.Name
		}
	}
	return "?" + goName
}

func tableNames(s *schema.Schema) []string {
	var names []string
	for _, t := range s.Tables {
		names = append(names, t.Name)
	}
	return names
}

// alterCase is a model before and after a change.
type alterCase struct {
	Name          string
	Before, After string
	Dialects      []string
}

// alterCases are the changes gen renders as ALTERs (or, on SQLite, as
// table rebuilds). Every Before holds a row when the change runs. Widths
// are PostgreSQL-only: GORM's SQLite types ignore size and int width.
var alterCases = []alterCase{
	{Name: "AddNullable", Before: "ID uint\nA string", After: "ID uint\nA string\nB *string"},
	{Name: "AddNotNullWithDefault", Before: "ID uint", After: "ID uint\nB int `gorm:\"not null;default:3\"`"},
	{Name: "DropColumn", Before: "ID uint\nA string\nB int", After: "ID uint\nA string"},
	{Name: "WidenVarchar", Dialects: []string{"postgres"}, Before: "ID uint\nA string `gorm:\"size:80\"`", After: "ID uint\nA string `gorm:\"size:120\"`"},
	{Name: "IntToBigint", Dialects: []string{"postgres"}, Before: "ID uint\nA int32", After: "ID uint\nA int64"},
	{Name: "StringToText", Dialects: []string{"postgres"}, Before: "ID uint\nA string `gorm:\"size:10\"`", After: "ID uint\nA string"},
	{Name: "SetNotNullWithDefault", Before: "ID uint\nA string", After: "ID uint\nA string `gorm:\"not null;default:x\"`"},
	{Name: "DropNotNull", Before: "ID uint\nA int `gorm:\"not null;default:1\"`", After: "ID uint\nA int"},
	{Name: "ChangeDefault", Before: "ID uint\nA int `gorm:\"default:1\"`", After: "ID uint\nA int `gorm:\"default:2\"`"},
	{Name: "DropDefault", Before: "ID uint\nA string `gorm:\"default:x\"`", After: "ID uint\nA string"},
	{Name: "AddUnique", Before: "ID uint\nA string", After: "ID uint\nA string `gorm:\"unique\"`"},
	{Name: "DropUnique", Before: "ID uint\nA string `gorm:\"unique\"`", After: "ID uint\nA string"},
	{Name: "AddIndex", Before: "ID uint\nA string", After: "ID uint\nA string `gorm:\"index\"`"},
	{Name: "DropIndex", Before: "ID uint\nA string `gorm:\"index\"`", After: "ID uint\nA string"},
	{Name: "IndexToUnique", Before: "ID uint\nA string `gorm:\"index:idx_a\"`", After: "ID uint\nA string `gorm:\"uniqueIndex:idx_a\"`"},
	{Name: "ReorderComposite", Before: "ID uint\nA int `gorm:\"index:idx_ab,priority:1\"`\nB int `gorm:\"index:idx_ab,priority:2\"`",
		After: "ID uint\nA int `gorm:\"index:idx_ab,priority:2\"`\nB int `gorm:\"index:idx_ab,priority:1\"`"},
	{Name: "AddCommentPG", Dialects: []string{"postgres"}, Before: "ID uint\nA string", After: "ID uint\nA string `gorm:\"comment:hello\"`"},
}

func alterModels(cases []alterCase, after bool) []roundTripCase {
	out := make([]roundTripCase, len(cases))
	for i, c := range cases {
		f := c.Before
		if after {
			f = c.After
		}
		out[i] = roundTripCase{Name: c.Name, Fields: f, Dialects: c.Dialects}
	}
	return out
}

func TestRoundTripAlter(t *testing.T) {
	for dialect, open := range targets(t) {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			tgt := open(t)
			var cases []alterCase
			for _, c := range alterCases {
				if len(c.Dialects) == 0 || slices.Contains(c.Dialects, dialect) {
					cases = append(cases, c)
				}
			}
			ctx := context.Background()
			dir := t.TempDir()
			writeModels(t, dir, alterModels(cases, false))
			before := loadModels(t, dir, dialect)
			empty, err := tgt.inspect(ctx)
			must(t, err)
			create, err := diff.Compare(empty, before, diff.Options{Dialect: dialect})
			must(t, err)
			apply(t, tgt, create)
			var rows []migrations.Stmt
			for _, tbl := range before.Tables {
				rows = append(rows, migrations.Stmt{SQL: fmt.Sprintf("INSERT INTO %q DEFAULT VALUES", tbl.Name)})
			}
			must(t, tgt.exec(ctx, rows))

			writeModels(t, dir, alterModels(cases, true))
			after := loadModels(t, dir, dialect)
			live, err := tgt.inspect(ctx)
			must(t, err)
			up, err := diff.Compare(live, after, diff.Options{Dialect: dialect})
			must(t, err)
			upByTable := changesByTable(up)
			for _, c := range cases {
				if len(upByTable[tableOf(after, c.Name)]) == 0 {
					t.Errorf("%s: diff found no change to make", c.Name)
				}
			}
			apply(t, tgt, up)

			live, err = tgt.inspect(ctx)
			must(t, err)
			left, err := diff.Compare(live, after, diff.Options{Dialect: dialect})
			must(t, err)
			leftByTable := changesByTable(left)
			for _, c := range cases {
				if ch := leftByTable[tableOf(after, c.Name)]; len(ch) > 0 {
					t.Errorf("%s: after the Up, diff still reports:\n  %s", c.Name, strings.Join(ch, "\n  "))
				}
			}

			apply(t, tgt, up.Reverse())
			live, err = tgt.inspect(ctx)
			must(t, err)
			back, err := diff.Compare(live, before, diff.Options{Dialect: dialect})
			must(t, err)
			backByTable := changesByTable(back)
			for _, c := range cases {
				if ch := backByTable[tableOf(before, c.Name)]; len(ch) > 0 {
					t.Errorf("%s: after the Down, diff against the old models reports:\n  %s", c.Name, strings.Join(ch, "\n  "))
				}
			}
			// Every row survived both directions.
			for _, tbl := range before.Tables {
				n, err := tgt.count(ctx, tbl.Name)
				must(t, err)
				if n != 1 {
					t.Errorf("table %s holds %d rows after Up and Down, want 1", tbl.Name, n)
				}
			}
		})
	}
}

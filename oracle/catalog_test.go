package oracle

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm/logger"
)

// pgCatalog describes a PostgreSQL schema straight from pg_catalog, one fact
// a line, with PostgreSQL's own printers (format_type, pg_get_expr,
// pg_get_constraintdef, pg_get_indexdef): a view of the database that does
// not go through gen's inspector, so that what the inspector does not read
// still shows. conn's search_path must be the schema, so that the printers
// leave names unqualified and two schemas compare equal.
func pgCatalog(t *testing.T, conn *pgx.Conn, schemaName string) []string {
	t.Helper()
	ctx := context.Background()
	var lines []string
	query := func(label, sql string) {
		rows, err := conn.Query(ctx, sql, schemaName)
		if err != nil {
			t.Fatalf("reading %s of schema %s: %v", label, schemaName, err)
		}
		defer rows.Close()
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatalf("reading %s of schema %s: %v", label, schemaName, err)
			}
			// pg_get_indexdef qualifies the table whatever the search_path.
			line = strings.ReplaceAll(line, " ON "+pgx.Identifier{schemaName}.Sanitize()+".", " ON ")
			line = strings.ReplaceAll(line, " ON "+schemaName+".", " ON ")
			lines = append(lines, line)
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("reading %s of schema %s: %v", label, schemaName, err)
		}
	}
	// Every line starts with the table name so that sorting groups a
	// table's facts; the second word orders them.
	query("tables", `
		SELECT c.relname || ' 0 table' || coalesce(' comment ' || quote_literal(obj_description(c.oid, 'pg_class')), '')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> 'gen_migrations'`)
	query("columns", `
		SELECT c.relname || ' 1 column ' || lpad(a.attnum::text, 3, '0') || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
			|| CASE WHEN a.attnotnull THEN ' not null' ELSE ' null' END
			|| coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
			|| CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END
			|| CASE a.attgenerated WHEN 's' THEN ' stored' WHEN 'v' THEN ' virtual' ELSE '' END
			|| CASE WHEN a.attcollation <> ty.typcollation THEN ' collate ' || co.collname ELSE '' END
			|| coalesce(' comment ' || quote_literal(col_description(c.oid, a.attnum)), '')
		FROM pg_attribute a
		JOIN pg_class c ON c.oid = a.attrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_type ty ON ty.oid = a.atttypid
		LEFT JOIN pg_collation co ON co.oid = a.attcollation
		LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
		WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> 'gen_migrations'
			AND a.attnum > 0 AND NOT a.attisdropped`)
	query("constraints", `
		SELECT c.relname || ' 2 constraint ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
		FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relname <> 'gen_migrations'`)
	query("indexes", `
		SELECT c.relname || ' 3 index ' || pg_get_indexdef(i.indexrelid)
		FROM pg_index i
		JOIN pg_class c ON c.oid = i.indrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relname <> 'gen_migrations'`)
	query("sequences", `
		SELECT coalesce(t.relname, '~') || ' 4 sequence ' || s.relname || ' ' || format_type(q.seqtypid, NULL)
			|| ' start ' || q.seqstart || ' increment ' || q.seqincrement
			|| coalesce(' owned by ' || a.attname, '')
		FROM pg_sequence q
		JOIN pg_class s ON s.oid = q.seqrelid
		JOIN pg_namespace n ON n.oid = s.relnamespace
		LEFT JOIN pg_depend dep ON dep.objid = s.oid AND dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
		LEFT JOIN pg_class t ON t.oid = dep.refobjid
		LEFT JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
		WHERE n.nspname = $1 AND s.relname NOT LIKE 'gen\_migrations%'`)
	slices.Sort(lines)
	return lines
}

// sqlRecorder is a GORM logger that records every statement GORM runs.
type sqlRecorder struct {
	mu    sync.Mutex
	stmts []string
}

func (r *sqlRecorder) LogMode(logger.LogLevel) logger.Interface { return r }
func (r *sqlRecorder) Info(context.Context, string, ...any)     {}
func (r *sqlRecorder) Warn(context.Context, string, ...any)     {}
func (r *sqlRecorder) Error(context.Context, string, ...any)    {}

func (r *sqlRecorder) Trace(_ context.Context, _ time.Time, fc func() (string, int64), err error) {
	sql, _ := fc()
	if err != nil {
		sql += fmt.Sprintf(" -- error: %v", err)
	}
	r.mu.Lock()
	r.stmts = append(r.stmts, sql)
	r.mu.Unlock()
}

// ddl returns the recorded statements that change the schema.
func (r *sqlRecorder) ddl() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, s := range r.stmts {
		w := strings.ToUpper(strings.TrimSpace(s))
		for _, verb := range []string{"CREATE ", "ALTER ", "DROP ", "COMMENT "} {
			if strings.HasPrefix(w, verb) {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

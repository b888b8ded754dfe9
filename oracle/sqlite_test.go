package oracle

import (
	"context"
	"database/sql"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	_ "modernc.org/sqlite" // package gen leaves the driver to the program, as cmd/gen does
)

// The model packages of the SQLite oracle, relative to the oracle module.
var sqlitePackages = []string{
	"gormmodels/kinds",
	"gormsqlite/keys",
	"gormsqlite/indexes",
	"gormsqlite/tablename",
	"gormsqlite/mixed",
	"gormmodels/embedded",
	"gormmodels/relations",
	"gormmodels/valuers",
	"gormmodels/registered",
}

// migrateSQLite runs GORM's AutoMigrate over pkg on the SQLite file path,
// with glebarez/sqlite, in a process of its own (see internal/sqlitemigrate).
func migrateSQLite(t *testing.T, pkg, path string) {
	t.Helper()
	out, err := exec.Command(sqliteMigrate, pkg, path).CombinedOutput()
	if err != nil {
		t.Fatalf("GORM AutoMigrate on SQLite: %v\n%s", err, out)
	}
}

// TestGORMSQLite is the oracle for GORM on SQLite: after AutoMigrate with
// glebarez/sqlite, gen over the same package sees nothing to do.
func TestGORMSQLite(t *testing.T) {
	t.Parallel()
	for _, pkg := range sqlitePackages {
		t.Run(filepath.Base(filepath.Dir(pkg))+"/"+filepath.Base(pkg), func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "gorm.db")
			migrateSQLite(t, pkg, path)
			requireNoChanges(t, newProject(t, "sqlite:"+path, "./"+pkg))
		})
	}
}

// TestGORMSQLiteAutoMigrateIsIdempotent checks the SQLite oracle itself: a
// second AutoMigrate leaves the catalog as the first one made it. (It
// compares SQLite's pragmas, not the CREATE text: glebarez/sqlite rebuilds
// some tables on every AutoMigrate, and the rename that ends a rebuild
// respells the table name in the text.)
func TestGORMSQLiteAutoMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	for _, pkg := range sqlitePackages {
		t.Run(filepath.Base(filepath.Dir(pkg))+"/"+filepath.Base(pkg), func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "gorm.db")
			migrateSQLite(t, pkg, path)
			before := sqliteCatalog(t, path)
			migrateSQLite(t, pkg, path)
			if diff := cmp.Diff(before, sqliteCatalog(t, path)); diff != "" {
				t.Errorf("the schema changed on the second AutoMigrate (-first +second):\n%s", diff)
			}
		})
	}
}

// TestGenCreatesWhatGORMCreatesSQLite applies gen's own migration for a
// package to a second SQLite file and compares it with GORM's: through
// gen's inspector, and through SQLite's own pragmas.
func TestGenCreatesWhatGORMCreatesSQLite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, pkg := range sqlitePackages {
		t.Run(filepath.Base(filepath.Dir(pkg))+"/"+filepath.Base(pkg), func(t *testing.T) {
			t.Parallel()
			byGORM := filepath.Join(t.TempDir(), "gorm.db")
			migrateSQLite(t, pkg, byGORM)
			byGen := filepath.Join(t.TempDir(), "gen.db")
			p := newProject(t, "sqlite:"+byGen, "./"+pkg)
			if !migrateWithGen(t, p) {
				return
			}
			t.Run("inspector", func(t *testing.T) {
				ormSide, err := newProject(t, "sqlite:"+byGORM, "./"+pkg).Inspect(ctx)
				if err != nil {
					t.Fatal(err)
				}
				genSide, err := p.Inspect(ctx)
				if err != nil {
					t.Fatal(err)
				}
				sameLines(t, "gen's inspector sees a difference between the schema GORM created (-) and the one gen created (+)",
					dumpSchema(ormSide), dumpSchema(genSide))
			})
			t.Run("catalog", func(t *testing.T) {
				sameLines(t, "SQLite's pragmas differ between the schema GORM created (-) and the one gen created (+)",
					sqliteCatalog(t, byGORM), sqliteCatalog(t, byGen))
			})
		})
	}
}

// openSQLite opens an SQLite file with gen's driver (modernc.org/sqlite).
func openSQLite(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// sqliteCatalog describes the tables of an SQLite file through SQLite's
// pragmas (table_xinfo, index_list, index_xinfo, foreign_key_list), one fact
// a line starting with the table name: a view that does not go through
// gen's inspector and does not depend on how the CREATE text is spelled.
func sqliteCatalog(t *testing.T, path string) []string {
	t.Helper()
	db := openSQLite(t, path)
	tables := queryStrings(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name <> 'gen_migrations'`)
	var lines []string
	for _, tb := range tables {
		lines = append(lines, tb+" 0 table")
		lines = append(lines, queryStrings(t, db, `SELECT ? || ' 1 column ' || printf('%03d', cid) || ' ' || name || ' ' || lower(type)
			|| CASE WHEN "notnull" THEN ' not null' ELSE ' null' END
			|| coalesce(' default ' || dflt_value, '') || CASE WHEN pk > 0 THEN ' pk ' || pk ELSE '' END
			|| CASE hidden WHEN 2 THEN ' generated virtual' WHEN 3 THEN ' generated stored' ELSE '' END
			FROM pragma_table_xinfo(?)`, tb, tb)...)
		for _, ix := range queryStrings(t, db, `SELECT name FROM pragma_index_list(?)`, tb) {
			head := queryStrings(t, db, `SELECT ? || ' 2 index ' || CASE WHEN name LIKE 'sqlite\_autoindex\_%' ESCAPE '\' THEN '(auto) ' ELSE name || ' ' END
				|| CASE WHEN "unique" THEN 'unique ' ELSE '' END || origin || CASE WHEN partial THEN ' partial' ELSE '' END
				FROM pragma_index_list(?) WHERE name = ?`, tb, tb, ix)
			cols := queryStrings(t, db, `SELECT coalesce(name, '<expr>') || CASE WHEN "desc" THEN ' desc' ELSE '' END || ' ' || coll
				FROM pragma_index_xinfo(?) WHERE key ORDER BY seqno`, ix)
			lines = append(lines, head[0]+" ("+strings.Join(cols, ", ")+")")
		}
		// Not the key's id: GORM orders a table's foreign keys by map
		// iteration, so ids change from run to run.
		lines = append(lines, queryStrings(t, db, `SELECT ? || ' 3 foreign key ' || "from" || ' → ' || "table" || '(' || coalesce("to", '') || ') on update ' || on_update || ' on delete ' || on_delete
			FROM pragma_foreign_key_list(?)`, tb, tb)...)
		// The index's text holds its predicate, which no pragma shows;
		// quotes and spaces are spelling, not schema.
		for _, s := range queryStrings(t, db, `SELECT coalesce(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, tb) {
			lines = append(lines, tb+" 4 index sql "+indexSQL.Replace(strings.ToLower(strings.Join(strings.Fields(s), " "))))
		}
	}
	slices.Sort(lines)
	return lines
}

// indexSQL drops what only spells an index's text differently.
var indexSQL = strings.NewReplacer("`", "", `"`, "", " (", "(", "( ", "(", " )", ")", ", ", ",")

func queryStrings(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

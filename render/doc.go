// Package render turns a diff.Plan into SQL statements for one dialect:
// PostgreSQL, and SQLite, where the ALTERs SQLite lacks become the table
// rebuild its documentation prescribes. Identifiers are always quoted.
//
// render is pure: it never touches a database. The Down script of a
// migration is the rendering of the reversed plan:
//
//	up, err := render.Render(plan)
//	if err != nil {
//		return err
//	}
//	down, err := render.Render(plan.Reverse())
//	if err != nil {
//		return err
//	}
//	for _, st := range up.Stmts {
//		fmt.Println(st.SQL + ";")
//	}
//
// Each Stmt is one statement without its trailing semicolon; its Comments
// (the change's diff.Change.Notes, and what render adds, such as that a
// table is rebuilt) go above it in the migration file, which package
// migrations writes.
//
// # PostgreSQL
//
// Table names are unqualified: the connection's search_path selects the
// schema. A column change becomes one ALTER TABLE per aspect that changes,
// in an order that applies: a default that may not survive a type change
// is dropped first and set again after it; a change to or from a serial
// creates or drops the sequence the column owns, and one to a serial or an
// identity moves the sequence past the largest existing value. Enum types
// are created, dropped, and extended with ALTER TYPE … ADD VALUE; any other
// enum change returns an error wrapping ErrManualChange.
//
// # SQLite
//
// A ModifyTable that SQLite's ALTER TABLE can do (ADD COLUMN where allowed,
// DROP COLUMN where allowed, RENAME COLUMN, plain indexes) uses it. Any
// other becomes one rebuild of Change.From into Change.To
// (sqlite.org/lang_altertable.html, section 7): CREATE TABLE "new_t",
// INSERT … SELECT of every column on both sides (following renames, with
// COALESCE to the default for a column that becomes NOT NULL), DROP TABLE,
// RENAME, then the indexes. The rebuild expects gen's SQLite runner, which
// turns foreign_keys off around the revision's transaction and runs
// PRAGMA foreign_key_check before COMMIT. SQLite has no comments: comment
// changes render nothing there.
package render

package diff

import (
	"fmt"
	"strings"
	"time"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/internal/typecache"
)

// dialect answers the questions whose answer depends on the database.
type dialect interface {
	// typesEqual reports whether two column types are the same type.
	typesEqual(from, to *schema.ColumnType) bool
	// comparesPKNullability is false where the catalog's nullability of a
	// primary-key column is not meaningful (SQLite).
	comparesPKNullability() bool
	// normalizeDefault rewrites a default's SQL text into the spelling
	// the dialect's other writers use for the same value.
	normalizeDefault(string) string
	// separateForeignKeys reports whether foreign keys are added and dropped
	// by statements of their own, ordered around all other changes
	// (PostgreSQL), rather than as part of their table (SQLite rebuilds).
	separateForeignKeys() bool

	// generatedBlockTypeChange says whether the database refuses to
	// change the type of a column that a generated column reads, so that
	// the generated column is dropped and added again around the change.
	generatedBlockTypeChange() bool
	// viewsBlockTypeChange says whether the database refuses to change
	// the type of a column that a view reads, so that the view (and those
	// reading it) are dropped and created again around the change.
	viewsBlockTypeChange() bool
	// manualGeneratedChange says whether making a column generated, or
	// changing its expression, needs a step written by hand: no ALTER
	// does it, and the renderer does not rebuild the table.
	manualGeneratedChange() bool
	// rebuildsOnAlter says whether altering a table may rebuild it (a new
	// table, the rows copied, the old one dropped), after which the
	// rows' foreign keys are checked: the live check then asks whether
	// they hold.
	rebuildsOnAlter() bool
	// onlineDDL says whether the database builds and drops indexes
	// without blocking writes (CONCURRENTLY), adds foreign keys and
	// CHECKs NOT VALID to validate later, and enforces NOT NULL through
	// a validated CHECK. Stages then puts those in an online revision
	// run outside a transaction; without it they stay plain statements
	// of the main revision (on SQLite a rebuild that fills NULLs from
	// the column's default).
	onlineDDL() bool
	// indexUsageStats says whether the database counts the scans of each
	// index, so that dropping one is flagged with how much it is used.
	indexUsageStats() bool
	// tableLocks says whether building or rewriting a table's data (a
	// primary key's index, a volatile default, a stored generated or a
	// numbered column) holds a lock on the table that makes its reads and
	// writes wait, which the flags grade by the table's size. SQLite
	// locks the whole database for any write, and has nothing to grade
	// per change.
	tableLocks() bool
	// strictTypes says whether a column holds only values of its type:
	// changing the type converts every value (and may rewrite the
	// table), which fails on a value that does not convert, and a length
	// limit is enforced. SQLite's columns take any value.
	strictTypes() bool
	// boundedKeys says whether an integer key numbered by a sequence has
	// the range of its type (smallint, integer), which a busy table can
	// use up. SQLite's integers are all 64-bit.
	boundedKeys() bool
}

// dialectFor returns the dialect of that name, as Options.Dialect and
// Plan.Dialect spell it: the one place diff picks one.
func dialectFor(name string) (dialect, error) {
	switch name {
	case "postgres":
		return pgDialect{}, nil
	case "sqlite":
		return sqliteDialect{}, nil
	case "":
		return nil, fmt.Errorf("diff: no dialect given")
	}
	return nil, fmt.Errorf("diff: dialect %q is not supported yet", name)
}

type pgDialect struct{}

func (pgDialect) typesEqual(from, to *schema.ColumnType) bool {
	return pgTypeString(from) == pgTypeString(to)
}

// pgTypeString is the canonical spelling of t: the enum's name, or
// postgres.FormatType of the parsed raw type, so that `varchar(80)` and
// `character varying(80)` are one type.
func pgTypeString(t *schema.ColumnType) string {
	if t == nil {
		return ""
	}
	if e, ok := t.Type.(*schema.EnumType); ok {
		return e.T
	}
	raw := t.Raw
	if raw == "" && t.Type != nil {
		if f, err := postgres.FormatType(t.Type); err == nil {
			raw = f
		}
	}
	if f, ok := typecache.FormatPG(raw); ok {
		return f
	}
	return strings.ToLower(strings.Join(strings.Fields(raw), " "))
}

func (pgDialect) comparesPKNullability() bool      { return true }
func (pgDialect) normalizeDefault(s string) string { return s }
func (pgDialect) separateForeignKeys() bool        { return true }

// "cannot alter type of a column used by a generated column", and "… used
// by a view or rule".
func (pgDialect) generatedBlockTypeChange() bool { return true }
func (pgDialect) viewsBlockTypeChange() bool     { return true }

// ALTER COLUMN … DROP EXPRESSION exists; nothing adds or changes one.
func (pgDialect) manualGeneratedChange() bool { return true }
func (pgDialect) rebuildsOnAlter() bool       { return false }
func (pgDialect) onlineDDL() bool             { return true }

// pg_stat_user_indexes.idx_scan.
func (pgDialect) indexUsageStats() bool { return true }

// ACCESS EXCLUSIVE.
func (pgDialect) tableLocks() bool  { return true }
func (pgDialect) strictTypes() bool { return true }
func (pgDialect) boundedKeys() bool { return true }

type sqliteDialect struct{}

func (sqliteDialect) typesEqual(from, to *schema.ColumnType) bool {
	return sqliteTypeString(from) == sqliteTypeString(to)
}

func sqliteTypeString(t *schema.ColumnType) string {
	if t == nil {
		return ""
	}
	raw := strings.ToLower(strings.Join(strings.Fields(t.Raw), " "))
	return strings.ReplaceAll(strings.ReplaceAll(raw, "( ", "("), " )", ")")
}

func (sqliteDialect) comparesPKNullability() bool { return false }

// normalizeDefault turns a default written as a double-quoted string into a
// single-quoted one: SQLite reads `DEFAULT "x"` as the string 'x' (GORM's
// SQLite drivers write string defaults that way), not as a column.
func (sqliteDialect) normalizeDefault(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' && !strings.Contains(s[1:len(s)-1], `"`) {
		return "'" + strings.ReplaceAll(s[1:len(s)-1], "'", "''") + "'"
	}
	return s
}
func (sqliteDialect) separateForeignKeys() bool { return false }

// SQLite changes a type by rebuilding the table, whose generated columns
// are part of the new definition; views are not checked against it.
func (sqliteDialect) generatedBlockTypeChange() bool { return false }
func (sqliteDialect) viewsBlockTypeChange() bool     { return false }

// The renderer rebuilds the table.
func (sqliteDialect) manualGeneratedChange() bool { return false }

// See render.SQLiteRebuild; PRAGMA foreign_key_check runs after it.
func (sqliteDialect) rebuildsOnAlter() bool { return true }
func (sqliteDialect) onlineDDL() bool       { return false }
func (sqliteDialect) indexUsageStats() bool { return false }
func (sqliteDialect) tableLocks() bool      { return false }

// Type affinity: a column takes any value, and varchar(n) limits nothing.
func (sqliteDialect) strictTypes() bool { return false }
func (sqliteDialect) boundedKeys() bool { return false }

// exprText returns the SQL text of a default expression, or "" for none.
// An explicit NULL default is no default.
func exprText(e schema.Expr) string {
	var s string
	switch e := e.(type) {
	case *schema.Literal:
		s = e.V
	case *schema.RawExpr:
		s = e.X
	case nil:
		return ""
	default:
		return fmt.Sprint(e)
	}
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "null") {
		return ""
	}
	return s
}

// defaultsEqual reports whether two defaults' SQL texts (see exprText)
// are equivalent.
func defaultsEqual(x, y string) bool {
	if x == "" || y == "" {
		return x == y
	}
	if lx, ok := literalOf(x); ok {
		if ly, ok := literalOf(y); ok {
			return lx.equal(ly)
		}
	}
	return exprEqual(x, y)
}

// literal is a normalized literal value.
type literal struct {
	kind tokKind // tokString, tokNumber, or tokIdent for true/false
	text string
}

func (l literal) equal(o literal) bool {
	switch {
	case l.kind == o.kind && l.kind == tokNumber:
		return numEqual(l.text, o.text)
	case l.kind == o.kind:
		return l.text == o.text
	// PostgreSQL prints a negative number default as a quoted string with
	// a cast ('-1'::integer): a string holding a number equals that number.
	case l.kind == tokString && o.kind == tokNumber:
		return numEqual(l.text, o.text)
	case l.kind == tokNumber && o.kind == tokString:
		return numEqual(l.text, o.text)
	// PostgreSQL prints a boolean default written 'true' as true; on a
	// text column, DEFAULT true stores the string 'true' too.
	case l.kind == tokString && o.kind == tokIdent, l.kind == tokIdent && o.kind == tokString:
		return l.text == o.text
	}
	return false
}

// literalOf returns the literal s denotes after normalization, if it is one.
func literalOf(s string) (literal, bool) {
	toks := normalizeExpr(s)
	switch {
	case len(toks) == 1 && (toks[0].kind == tokString || toks[0].kind == tokNumber):
		return literal{toks[0].kind, toks[0].text}, true
	case len(toks) == 1 && toks[0].kind == tokIdent && (toks[0].text == "true" || toks[0].text == "false"):
		return literal{tokIdent, toks[0].text}, true
	case len(toks) == 2 && toks[0].text == "-" && toks[1].kind == tokNumber:
		return literal{tokNumber, "-" + toks[1].text}, true
	case len(toks) == 2 && toks[0].text == "+" && toks[1].kind == tokNumber:
		return literal{tokNumber, toks[1].text}, true
	}
	return literal{}, false
}

// timestampDefaultsEqual reports whether two string-literal defaults of a
// timestamp column name the same time. PostgreSQL prints a timestamptz
// default back with the session's offset ('2020-01-01 00:00:00+00' for a
// model's '2020-01-01 00:00:00'); a literal with no offset was read in the
// session's time zone, so against one that has an offset it is compared by
// wall clock. Two literals with offsets compare as instants. String
// defaults of an interval column compare by the interval's value ('2 weeks'
// reads back '14 days').
func timestampDefaultsEqual(t *schema.ColumnType, x, y string) bool {
	if t == nil {
		return false
	}
	typ := strings.ToLower(t.Raw + pgTypeString(t))
	lx, okx := literalOf(x)
	ly, oky := literalOf(y)
	if !okx || !oky || lx.kind != tokString || ly.kind != tokString {
		return false
	}
	if strings.HasPrefix(typ, "interval") {
		kx, okx := intervalKey(lx.text)
		ky, oky := intervalKey(ly.text)
		return okx && oky && kx == ky
	}
	if !strings.Contains(typ, "timestamp") {
		return false
	}
	tx, zx, okx := parseTimestamp(lx.text)
	ty, zy, oky := parseTimestamp(ly.text)
	if !okx || !oky {
		return false
	}
	if zx && zy {
		return tx.Equal(ty)
	}
	const wall = "2006-01-02 15:04:05.999999999"
	return tx.Format(wall) == ty.Format(wall)
}

// parseTimestamp reads a timestamp literal as PostgreSQL prints one or a
// model writes one; zoned reports whether it carried an offset.
func parseTimestamp(s string) (t time.Time, zoned, ok bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07", "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999-07:00:00", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true, true
		}
	}
	for _, layout := range []string{"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, false, true
		}
	}
	return time.Time{}, false, false
}

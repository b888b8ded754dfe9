package render

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/internal/sqllex"
)

// sqliteWriter renders changes for SQLite. What SQLite's ALTER TABLE can
// do is done with it; anything else rebuilds the table as
// sqlite.org/lang_altertable.html section 7 prescribes.
type sqliteWriter struct{}

// The comments put on the first statement of a table rebuild.
const (
	rebuildNote   = "rebuilds table %q (O(rows)): %s"
	rebuildFKNote = "gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT"
)

func (w *sqliteWriter) change(c *diff.Change) ([]stmt, error) {
	v := &sqliteVisit{w: w, c: c}
	if err := c.Op.Accept(v); err != nil {
		return nil, err
	}
	return v.s, nil
}

// sqliteVisit renders the operations of one change. SQLite has none of
// PostgreSQL's online forms (NOT VALID, CONCURRENTLY, USING INDEX): diff
// plans them for PostgreSQL only, and meeting one here is a bug.
type sqliteVisit struct {
	w *sqliteWriter
	c *diff.Change
	s stmts
}

var _ diff.Visitor = (*sqliteVisit)(nil)

func (v *sqliteVisit) Atlas(o *diff.Atlas) error {
	s := &v.s
	switch op := o.Change.(type) {
	case *schema.AddTable:
		return v.w.createTable(s, op.T.Name, op.T)
	case *schema.DropTable:
		s.add("DROP TABLE %s", ident(op.T.Name))
	case *schema.RenameTable:
		s.add("ALTER TABLE %s RENAME TO %s", ident(op.From.Name), ident(op.To.Name))
	case *schema.AddObject, *schema.DropObject, *schema.ModifyObject:
		return fmt.Errorf("render: sqlite: %T: SQLite has no enum or other schema-level types (an enum is a text column with a CHECK); this is a bug in gen, please report it", op)
	default:
		return unknownChange("sqlite", o.Change, "")
	}
	return nil
}

// AlterTable renders atlas's changes of the table together (one rebuild
// when SQLite needs one), then gen's placeholders (backfills, manual
// steps); the online forms have no SQLite spelling and are an error.
func (v *sqliteVisit) AlterTable(o *diff.AlterTable) error {
	var atlas, rest []diff.Op
	for _, op := range o.Ops {
		if _, ok := op.(*diff.Atlas); ok {
			atlas = append(atlas, op)
		} else {
			rest = append(rest, op)
		}
	}
	if len(atlas) > 0 {
		changes, err := diff.AtlasChanges(atlas)
		if err != nil {
			return fmt.Errorf("render: sqlite: %w", err)
		}
		if err := v.w.modifyTable(&v.s, v.c, &schema.ModifyTable{T: o.T, Changes: changes}); err != nil {
			return err
		}
	}
	for _, op := range rest {
		if err := op.Accept(v); err != nil {
			return err
		}
	}
	return nil
}

func (v *sqliteVisit) NotValid(o *diff.NotValid) error         { return v.onlineErr("NOT VALID") }
func (v *sqliteVisit) Validate(o *diff.Validate) error         { return v.onlineErr("VALIDATE CONSTRAINT") }
func (v *sqliteVisit) Concurrently(o *diff.Concurrently) error { return v.onlineErr("CONCURRENTLY") }
func (v *sqliteVisit) AttachUnique(o *diff.AttachUnique) error { return v.onlineErr("USING INDEX") }
func (v *sqliteVisit) EnforceNotNull(o *diff.EnforceNotNull) error {
	return v.onlineErr("NOT NULL through a CHECK")
}

func (v *sqliteVisit) onlineErr(what string) error {
	return fmt.Errorf("render: sqlite: %s has no SQLite form: diff plans it for PostgreSQL only; this is a bug in gen, please report it", what)
}

func (v *sqliteVisit) Backfill(o *diff.Backfill) error {
	t := ""
	if v.c.To != nil {
		t = v.c.To.Name
	}
	if o.Value != "" {
		v.s.add("UPDATE %s SET %s = %s WHERE %s IS NULL", ident(t), ident(o.C.Name), o.Value, ident(o.C.Name))
		return nil
	}
	v.s.placeholder(backfillPlaceholder(t, o.C.Name, o))
	// SQLite has no RAISE outside triggers: a named CHECK on a temporary
	// table makes the error say what is missing.
	guard := ident("gen_backfill_guard")
	v.s.add("CREATE TEMP TABLE %s (pending integer CONSTRAINT %s CHECK (pending = 0))", guard, ident("backfill_not_written_"+t+"_"+o.C.Name))
	v.s.comment(guardComment(t, o.C.Name))
	v.s.add("INSERT INTO %s SELECT count(*) FROM %s WHERE %s IS NULL", guard, ident(t), ident(o.C.Name))
	v.s.comment(guardComment(t, o.C.Name))
	v.s.add("DROP TABLE temp.%s", guard)
	v.s.comment(guardComment(t, o.C.Name))
	return nil
}

func (v *sqliteVisit) Manual(o *diff.Manual) error {
	v.s.placeholder(manualPlaceholder(o))
	return nil
}

// Dependents are PostgreSQL's: the SQLite inspector reads none, and a
// table rebuild leaves views to resolve by name.
func (v *sqliteVisit) Dependents(o *diff.Dependents) error {
	return fmt.Errorf("render: sqlite: %s: views are recreated on PostgreSQL only; this is a bug in gen, please report it", dependentsWhat(o))
}

// sqliteType returns the declared type of a column.
func sqliteType(c *schema.Column) (string, error) {
	if c.Type == nil {
		return "", fmt.Errorf("render: sqlite: column %q has no type", c.Name)
	}
	if c.Type.Raw != "" {
		return c.Type.Raw, nil
	}
	if c.Type.Type != nil {
		if f, err := sqlite.FormatType(c.Type.Type); err == nil {
			return f, nil
		}
	}
	return "", fmt.Errorf("render: sqlite: column %q has no type text (ColumnType.Raw is empty)", c.Name)
}

var (
	reSQLiteTimeConst = regexp.MustCompile(`(?i)^current_(time|date|timestamp)$`)
	reSQLiteLiteral   = regexp.MustCompile(`(?i)^([+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?|0x[0-9a-f]+|'([^']|'')*'|x'[0-9a-f]*'|null|true|false)$`)
)

// sqliteDefault returns a column's DEFAULT text: literals and the
// CURRENT_* keywords as they are, any other expression in parentheses, as
// SQLite's grammar requires.
func sqliteDefault(c *schema.Column) string {
	d := defaultText(c)
	if d == "" {
		return ""
	}
	if _, ok := c.Default.(*schema.Literal); ok || reSQLiteLiteral.MatchString(d) || reSQLiteTimeConst.MatchString(d) {
		return d
	}
	return paren(d)
}

// autoIncrement reports whether the table's primary key is one column
// declared AUTOINCREMENT, and returns that column.
func autoIncrement(t *schema.Table) *schema.Column {
	pk := t.PrimaryKey
	if pk == nil || len(pk.Parts) != 1 || pk.Parts[0].C == nil {
		return nil
	}
	c, ok := t.Column(pk.Parts[0].C.Name)
	if !ok {
		return nil
	}
	if attr.Has[*sqlite.AutoIncrement](c.Attrs) || attr.Has[*sqlite.AutoIncrement](pk.Attrs) || attr.Has[*sqlite.AutoIncrement](t.Attrs) {
		return c
	}
	return nil
}

// sqliteColumn returns a column definition as in CREATE TABLE and ADD
// COLUMN. autoinc is set on the column declared INTEGER PRIMARY KEY
// AUTOINCREMENT.
func sqliteColumn(c *schema.Column, autoinc bool) (string, error) {
	typ, err := sqliteType(c)
	if err != nil {
		return "", err
	}
	b := []string{ident(c.Name), typ}
	if autoinc {
		b = append(b, "PRIMARY KEY AUTOINCREMENT")
	} else if !c.Type.Null {
		b = append(b, "NOT NULL")
	}
	if d := sqliteDefault(c); d != "" {
		b = append(b, "DEFAULT "+d)
	}
	if g := generated(c, "VIRTUAL"); g != "" {
		b = append(b, g)
	}
	return strings.Join(b, " "), nil
}

// inlineUnique reports whether an index of a SQLite table is declared in
// CREATE TABLE: a unique constraint, or an index SQLite made for one (its
// sqlite_autoindex_ name is reserved and cannot be used by CREATE INDEX).
func inlineUnique(i *schema.Index) bool {
	return isConstraint(i) || strings.HasPrefix(i.Name, "sqlite_autoindex_")
}

// createTable renders CREATE TABLE name with t's definition, then its
// indexes. name differs from t.Name in a rebuild.
func (w *sqliteWriter) createTable(s *stmts, name string, t *schema.Table) error {
	auto := autoIncrement(t)
	var defs []string
	for _, c := range t.Columns {
		d, err := sqliteColumn(c, c == auto)
		if err != nil {
			return fmt.Errorf("render: sqlite: table %q: %w", t.Name, err)
		}
		defs = append(defs, d)
	}
	if t.PrimaryKey != nil && len(t.PrimaryKey.Parts) > 0 && auto == nil {
		defs = append(defs, "PRIMARY KEY ("+indexParts(t.PrimaryKey)+")")
	}
	for _, i := range t.Indexes {
		if inlineUnique(i) {
			u := *i
			if strings.HasPrefix(u.Name, "sqlite_autoindex_") {
				u.Name = ""
			}
			defs = append(defs, uniqueConstraint(&u))
		}
	}
	for _, c := range checksOf(t.Attrs) {
		defs = append(defs, check(c))
	}
	for _, fk := range t.ForeignKeys {
		d, err := foreignKey(fk)
		if err != nil {
			return err
		}
		defs = append(defs, d)
	}
	s.add("CREATE TABLE %s (\n  %s\n)", ident(name), strings.Join(defs, ",\n  "))
	for _, i := range t.Indexes {
		if !inlineUnique(i) {
			s.add("%s", createIndex(t.Name, i, false))
		}
	}
	createTriggers(s, t)
	return nil
}

// createTriggers adds the CREATE TRIGGER statements of t's triggers,
// verbatim: gen does not manage triggers, it only keeps them.
func createTriggers(s *stmts, t *schema.Table) {
	for _, a := range t.Attrs {
		if tr, ok := a.(*attr.Trigger); ok && strings.TrimSpace(tr.SQL) != "" {
			s.add("%s", strings.TrimSuffix(strings.TrimSpace(tr.SQL), ";"))
		}
	}
}

func (w *sqliteWriter) modifyTable(s *stmts, c *diff.Change, op *schema.ModifyTable) error {
	t, err := alteredTable(c, &diff.AlterTable{T: op.T})
	if err != nil {
		return err
	}
	reason, err := w.rebuildReason(c, op)
	if err != nil {
		return err
	}
	if reason != "" {
		return w.rebuild(s, c, op, reason)
	}
	for _, sc := range op.Changes {
		switch sc := sc.(type) {
		case *schema.AddColumn:
			d, err := sqliteColumn(sc.C, false)
			if err != nil {
				return fmt.Errorf("render: sqlite: table %q: %w", t, err)
			}
			s.add("ALTER TABLE %s ADD COLUMN %s", ident(t), d)
		case *schema.DropColumn:
			s.add("ALTER TABLE %s DROP COLUMN %s", ident(t), ident(sc.C.Name))
		case *schema.RenameColumn:
			s.add("ALTER TABLE %s RENAME COLUMN %s TO %s", ident(t), ident(sc.From.Name), ident(sc.To.Name))
		case *schema.AddIndex:
			s.add("%s", createIndex(t, sc.I, false))
		case *schema.DropIndex:
			s.add("DROP INDEX %s", ident(sc.I.Name))
		case *schema.ModifyColumn, *schema.AddAttr, *schema.ModifyAttr, *schema.DropAttr:
			// Comments only (rebuildReason said so): SQLite has none.
		default:
			return unknownChange("sqlite", sc, t)
		}
	}
	return nil
}

// rebuildReason returns why a ModifyTable needs the table rebuilt, or ""
// when SQLite's ALTER TABLE can do every sub-change. An unknown sub-change
// is an error.
func (w *sqliteWriter) rebuildReason(c *diff.Change, op *schema.ModifyTable) (string, error) {
	t, _ := alteredTable(c, &diff.AlterTable{T: op.T})
	droppedIdx := make(map[string]bool)
	for _, sc := range op.Changes {
		switch sc := sc.(type) {
		case *schema.AddColumn:
			if r := addColumnReason(c.To, sc.C); r != "" {
				return r, nil
			}
		case *schema.DropColumn:
			if r := dropColumnReason(c.From, sc.C, droppedIdx); r != "" {
				return r, nil
			}
		case *schema.RenameColumn:
		case *schema.ModifyColumn:
			if fa, ta := attr.Has[*sqlite.AutoIncrement](sc.From.Attrs), attr.Has[*sqlite.AutoIncrement](sc.To.Attrs); fa != ta && sc.From.Type != nil && sc.To.Type != nil && sc.From.Type.Raw == sc.To.Type.Raw {
				verb := "add AUTOINCREMENT to"
				if fa {
					verb = "remove AUTOINCREMENT from"
				}
				return fmt.Sprintf("SQLite cannot %s column %q in place", verb, sc.To.Name), nil
			}
			if k := sc.Change &^ schema.ChangeComment; k != schema.NoChange {
				return fmt.Sprintf("SQLite cannot change the %s of column %q in place", changeWords(k), sc.To.Name), nil
			}
		case *schema.AddIndex:
			if inlineUnique(sc.I) {
				return fmt.Sprintf("SQLite cannot add the unique constraint %q to an existing table", sc.I.Name), nil
			}
		case *schema.DropIndex:
			if inlineUnique(sc.I) {
				return fmt.Sprintf("SQLite cannot drop the unique constraint %q from an existing table", sc.I.Name), nil
			}
			droppedIdx[sc.I.Name] = true
		case *schema.AddPrimaryKey, *schema.DropPrimaryKey:
			return "SQLite cannot change the primary key of an existing table", nil
		case *schema.AddForeignKey, *schema.DropForeignKey:
			return "SQLite cannot add or drop a foreign key of an existing table", nil
		case *schema.AddCheck, *schema.DropCheck, *schema.ModifyCheck:
			return "SQLite cannot add or drop a CHECK constraint of an existing table", nil
		case *schema.AddAttr:
			if _, ok := sc.A.(*schema.Comment); !ok {
				return "", unknownChange("sqlite", sc, t)
			}
		case *schema.ModifyAttr:
			if _, ok := sc.To.(*schema.Comment); !ok {
				return "", unknownChange("sqlite", sc, t)
			}
		case *schema.DropAttr:
			if _, ok := sc.A.(*schema.Comment); !ok {
				return "", unknownChange("sqlite", sc, t)
			}
		default:
			return "", unknownChange("sqlite", sc, t)
		}
	}
	return "", nil
}

// changeWords names the parts of a column that change, for comments.
func changeWords(k schema.ChangeKind) string {
	var w []string
	for _, p := range []struct {
		k schema.ChangeKind
		s string
	}{{schema.ChangeType, "type"}, {schema.ChangeNull, "nullability"}, {schema.ChangeDefault, "default"}, {schema.ChangeGenerated, "generation expression"}} {
		if k.Is(p.k) {
			w = append(w, p.s)
		}
	}
	if len(w) == 0 {
		return "definition"
	}
	if len(w) == 1 {
		return w[0]
	}
	return strings.Join(w[:len(w)-1], ", ") + " and " + w[len(w)-1]
}

// addColumnReason returns why ALTER TABLE ADD COLUMN cannot add col to
// table t (sqlite.org/lang_altertable.html, "ALTER TABLE ADD COLUMN"), or
// "".
func addColumnReason(t *schema.Table, col *schema.Column) string {
	why := func(s string) string {
		return fmt.Sprintf("SQLite cannot add column %q with ALTER TABLE: %s", col.Name, s)
	}
	if t != nil && t.PrimaryKey != nil {
		for _, p := range t.PrimaryKey.Parts {
			if p.C != nil && p.C.Name == col.Name {
				return why("it is part of the primary key")
			}
		}
	}
	if t != nil {
		for _, i := range t.Indexes {
			if inlineUnique(i) && indexUses(i, col.Name) {
				return why("it is part of a unique constraint")
			}
		}
		for _, fk := range t.ForeignKeys {
			for _, fc := range fk.Columns {
				if fc.Name == col.Name {
					return why("it is part of a foreign key")
				}
			}
		}
	}
	d := sqliteDefault(col)
	switch {
	case reSQLiteTimeConst.MatchString(d):
		return why("its default is " + strings.ToUpper(d))
	case wrapped(d):
		return why("its default is an expression")
	case !col.Type.Null && (d == "" || strings.EqualFold(d, "null")):
		return why("it is NOT NULL without a default")
	}
	if g, ok := attr.Get[*schema.GeneratedExpr](col.Attrs); ok && strings.EqualFold(strings.TrimSpace(g.Type), "STORED") {
		return why("it is a STORED generated column")
	}
	return ""
}

// dropColumnReason returns why ALTER TABLE DROP COLUMN cannot drop col from
// table t, or "". dropped holds the indexes dropped earlier in the change.
func dropColumnReason(t *schema.Table, col *schema.Column, dropped map[string]bool) string {
	why := func(s string) string {
		return fmt.Sprintf("SQLite cannot drop column %q with ALTER TABLE: %s", col.Name, s)
	}
	if t == nil {
		return ""
	}
	if t.PrimaryKey != nil && indexUses(t.PrimaryKey, col.Name) {
		return why("it is part of the primary key")
	}
	for _, i := range t.Indexes {
		if dropped[i.Name] {
			continue
		}
		if indexUses(i, col.Name) {
			if inlineUnique(i) {
				return why(fmt.Sprintf("it is part of the unique constraint %q", i.Name))
			}
			return why(fmt.Sprintf("it is used by index %q", i.Name))
		}
	}
	for _, fk := range t.ForeignKeys {
		for _, fc := range fk.Columns {
			if fc.Name == col.Name {
				return why("it is part of a foreign key")
			}
		}
	}
	for _, c := range checksOf(t.Attrs) {
		if mentions(c.Expr, col.Name) {
			return why("a CHECK constraint uses it")
		}
	}
	for _, oc := range t.Columns {
		if g, ok := attr.Get[*schema.GeneratedExpr](oc.Attrs); ok && oc.Name != col.Name && mentions(g.Expr, col.Name) {
			return why(fmt.Sprintf("generated column %q uses it", oc.Name))
		}
	}
	if g, ok := attr.Get[*schema.GeneratedExpr](col.Attrs); ok && strings.EqualFold(strings.TrimSpace(g.Type), "STORED") {
		return why("it is a STORED generated column")
	}
	return ""
}

// indexUses reports whether an index's key or predicate uses a column.
func indexUses(i *schema.Index, col string) bool {
	for _, p := range i.Parts {
		if p.C != nil && p.C.Name == col || p.X != nil && mentions(exprText(p.X), col) {
			return true
		}
	}
	if p, ok := attr.Get[*attr.IndexPredicate](i.Attrs); ok && mentions(p.P, col) {
		return true
	}
	return false
}

// mentions reports whether an SQL expression refers to an identifier
// (case-insensitively; bare, "quoted", `quoted` or [quoted]), outside
// string literals.
func mentions(expr, name string) bool {
	found := false
	eachIdent(expr, func(_, _ int, id string) bool {
		found = strings.EqualFold(id, name)
		return !found
	})
	return found
}

// eachIdent calls fn for each identifier of an SQL expression outside
// string literals and comments (bare, "quoted", `quoted` or [quoted]),
// with the byte offsets of its token, quotes included, and its unquoted
// text; it stops when fn returns false. Keywords and function names are
// identifiers too. The text is read by SQLite's rules (internal/sqllex).
func eachIdent(expr string, fn func(start, end int, name string) bool) {
	s := sqllex.New(expr, sqllex.SQLite)
	for t := s.Next(); t.Kind != sqllex.EOF; t = s.Next() {
		if (t.Kind == sqllex.Ident || t.Kind == sqllex.QuotedIdent) && !fn(t.Pos, t.End, t.Name()) {
			return
		}
	}
}

// rebuild renders the table rebuild of sqlite.org/lang_altertable.html
// section 7: create the new table under a temporary name, copy the rows,
// drop the old table, rename the new one, recreate the indexes and the
// triggers. The new table is rebuiltTable's: To's definition, so that
// every sub-change of op is done, plus what the change leaves alone;
// RenameColumn sub-changes map old column names to new ones.
func (w *sqliteWriter) rebuild(s *stmts, c *diff.Change, op *schema.ModifyTable, reason string) error {
	from, to := c.From, c.To
	if from == nil || to == nil {
		return fmt.Errorf("render: sqlite: table %q: a rebuild needs both versions of the table (Change.From and Change.To); this is a bug in gen, please report it", tableName(op.T))
	}
	t, err := alteredTable(c, &diff.AlterTable{T: op.T})
	if err != nil {
		return err
	}
	nt, notes := rebuiltTable(c, op)
	tmp := "new_" + t
	start := len(*s)
	if err := w.createTable(s, tmp, tableWithoutIndexes(nt)); err != nil {
		return err
	}
	(*s)[start].Comments = append(append((*s)[start].Comments, fmt.Sprintf(rebuildNote, t, reason), rebuildFKNote), notes...)

	renamed := renamedColumns(op)
	var cols, exprs []string
	for _, tc := range to.Columns {
		if attr.Has[*schema.GeneratedExpr](tc.Attrs) {
			continue
		}
		src := tc.Name
		for old, n := range renamed {
			if n == tc.Name {
				src = old
			}
		}
		fc, ok := from.Column(src)
		if !ok {
			continue
		}
		e := ident(fc.Name)
		if d := sqliteDefault(tc); d != "" && fc.Type.Null && !tc.Type.Null {
			e = "COALESCE(" + e + ", " + d + ")"
		}
		cols = append(cols, ident(tc.Name))
		exprs = append(exprs, e)
	}
	if len(cols) > 0 {
		s.add("INSERT INTO %s (%s) SELECT %s FROM %s", ident(tmp), strings.Join(cols, ", "), strings.Join(exprs, ", "), ident(t))
	}
	if autoIncrement(from) != nil && autoIncrement(to) != nil {
		// The copy sets the new table's sequence to its largest key; the
		// old one may be higher (rows deleted at the end), and AUTOINCREMENT
		// promises never to hand out those keys again.
		s.add("DELETE FROM sqlite_sequence WHERE name = %s", quoteString(tmp))
		s.comment("keeps the AUTOINCREMENT sequence: keys of deleted rows are not handed out again")
		s.add("INSERT INTO sqlite_sequence (name, seq) SELECT %s, seq FROM sqlite_sequence WHERE name = %s", quoteString(tmp), quoteString(t))
	}
	s.add("DROP TABLE %s", ident(t))
	// Between the DROP and the rename, views and other tables' triggers
	// name a table that is not there, and SQLite's RENAME (3.26+) checks
	// the whole schema and fails on them. The legacy rename does not; they
	// name the table again once it is back.
	s.add("PRAGMA legacy_alter_table = ON")
	s.comment("views and triggers naming " + ident(t) + " would make the rename fail while it is dropped; they name it again after the rename")
	s.add("ALTER TABLE %s RENAME TO %s", ident(tmp), ident(t))
	s.add("PRAGMA legacy_alter_table = OFF")
	for _, i := range nt.Indexes {
		if !inlineUnique(i) {
			s.add("%s", createIndex(t, i, false))
		}
	}
	createTriggers(s, nt)
	return nil
}

// renamedColumns maps the old names of the columns op renames to their
// new ones.
func renamedColumns(op *schema.ModifyTable) map[string]string {
	renamed := make(map[string]string)
	for _, sc := range op.Changes {
		if r, ok := sc.(*schema.RenameColumn); ok {
			renamed[r.From.Name] = r.To.Name
		}
	}
	return renamed
}

// rebuiltTable returns the table a rebuild of c creates (under its final
// name), and notes on what it could not keep. A rebuild drops the old
// table with everything on it, so the new one must hold, besides the
// desired table c.To, every object of the current table c.From that the
// change leaves alone:
//
//   - indexes that are not unique constraints, which op does not drop and
//     c.To does not declare (by name): the hand-made indexes of a Bun or
//     sqlx table, which diff keeps because the models cannot declare them
//     (attr.Undeclarable), or any other diff leaves alone;
//   - foreign keys, with their ON DELETE and ON UPDATE actions, which op
//     does not drop and c.To has no equal of (by constraint name, else by
//     columns, referenced table and columns, and actions): Bun's and
//     sqlx's, which their tags cannot declare;
//   - CHECK constraints which op does not drop or modify and c.To has no
//     equal of (by name, else by expression);
//   - triggers (attr.Trigger), which gen does not manage: c.To's and those
//     of c.From that c.To does not have (by name), created verbatim after
//     the rename.
//
// Unique constraints and the primary key are managed (diff drops the ones
// the models do not declare), so c.To has exactly the ones to keep.
// AUTOINCREMENT is not carried either: diff compares it, so c.To has it
// exactly when the table should; rebuild keeps the sequence when both
// sides have it.
//
// Carried indexes, foreign keys and checks follow op's column renames
// (key columns, and identifiers in expressions and predicates); trigger
// text is kept as it is. One that uses a column the new table lacks is
// not carried, as the database would refuse it (PostgreSQL drops such an
// index with its column); notes says so.
func rebuiltTable(c *diff.Change, op *schema.ModifyTable) (*schema.Table, []string) {
	from, to := c.From, c.To
	nt := *to
	nt.Indexes = slices.Clone(to.Indexes)
	nt.ForeignKeys = slices.Clone(to.ForeignKeys)
	nt.Attrs = slices.Clone(to.Attrs)
	var notes []string
	cr := &carrier{from: from, to: &nt, renamed: renamedColumns(op)}
	lost := func(what, name, col string) {
		notes = append(notes, fmt.Sprintf("does not keep %s %q: it uses column %q, which this change drops", what, name, col))
	}

	droppedIdx := make(map[*schema.Index]bool)
	droppedFK := make(map[*schema.ForeignKey]bool)
	droppedChk := make(map[*schema.Check]bool)
	for _, sc := range op.Changes {
		switch sc := sc.(type) {
		case *schema.DropIndex:
			droppedIdx[sc.I] = true
		case *schema.DropForeignKey:
			droppedFK[sc.F] = true
		case *schema.DropCheck:
			droppedChk[sc.C] = true
		case *schema.ModifyCheck:
			droppedChk[sc.From] = true
		}
	}

	for _, fi := range from.Indexes {
		if inlineUnique(fi) || droppedIdx[fi] || slices.ContainsFunc(to.Indexes, func(ti *schema.Index) bool { return strings.EqualFold(ti.Name, fi.Name) }) {
			continue
		}
		ni, col := cr.index(fi)
		if col != "" {
			lost("index", fi.Name, col)
			continue
		}
		nt.Indexes = append(nt.Indexes, ni)
	}
	for _, ff := range from.ForeignKeys {
		if droppedFK[ff] {
			continue
		}
		nf, col := cr.foreignKey(ff)
		if col != "" {
			lost("foreign key", fkName(ff), col)
			continue
		}
		if slices.ContainsFunc(to.ForeignKeys, func(tf *schema.ForeignKey) bool { return sameForeignKey(nf, tf) }) {
			continue
		}
		nt.ForeignKeys = append(nt.ForeignKeys, nf)
	}
	toChecks := checksOf(to.Attrs)
	for _, fc := range checksOf(from.Attrs) {
		if droppedChk[fc] {
			continue
		}
		expr, col := cr.expr(fc.Expr)
		if col != "" {
			lost("CHECK", cmp.Or(fc.Name, fc.Expr), col)
			continue
		}
		nc := &schema.Check{Name: fc.Name, Expr: expr, Attrs: fc.Attrs}
		if slices.ContainsFunc(toChecks, func(tc *schema.Check) bool { return sameCheck(nc, tc) }) {
			continue
		}
		nt.Attrs = append(nt.Attrs, nc)
	}
	for _, a := range from.Attrs {
		tr, ok := a.(*attr.Trigger)
		if !ok {
			continue
		}
		if !slices.ContainsFunc(to.Attrs, func(a schema.Attr) bool {
			t, ok := a.(*attr.Trigger)
			return ok && strings.EqualFold(t.Name, tr.Name)
		}) {
			nt.Attrs = append(nt.Attrs, tr)
		}
	}
	return &nt, notes
}

// carrier moves objects of the current table (from) onto the table a
// rebuild creates (to), through the change's column renames (old name →
// new name).
type carrier struct {
	from, to *schema.Table
	renamed  map[string]string
}

// column returns the new table's column for a column name of the current
// table, or nil when the new table has none (the change drops it).
func (cr *carrier) column(name string) *schema.Column {
	if n, ok := cr.renamed[name]; ok {
		name = n
	} else if cr.renamedAway(name) {
		return nil
	}
	c, _ := columnFold(cr.to, name)
	return c
}

// renamedAway reports whether a column of the current table is renamed
// (so that its old name, should the new table reuse it, is another column).
func (cr *carrier) renamedAway(name string) bool {
	for old := range cr.renamed {
		if strings.EqualFold(old, name) {
			return true
		}
	}
	return false
}

// expr rewrites the column names of an expression over the current table
// into the new table's; col is a column it uses that the new table lacks.
func (cr *carrier) expr(x string) (out, col string) {
	var b strings.Builder
	last := 0
	eachIdent(x, func(i, j int, name string) bool {
		fc, ok := columnFold(cr.from, name)
		if !ok {
			return true
		}
		nc := cr.column(fc.Name)
		if nc == nil {
			col = fc.Name
			return false
		}
		if nc.Name != fc.Name {
			b.WriteString(x[last:i] + ident(nc.Name))
			last = j
		}
		return true
	})
	if col != "" {
		return "", col
	}
	b.WriteString(x[last:])
	return b.String(), ""
}

// index returns a copy of an index of the current table for the new one;
// col is a column it uses that the new table lacks.
func (cr *carrier) index(fi *schema.Index) (*schema.Index, string) {
	ni := &schema.Index{Name: fi.Name, Unique: fi.Unique, Table: cr.to}
	for _, p := range fi.Parts {
		np := &schema.IndexPart{SeqNo: p.SeqNo, Desc: p.Desc, Attrs: p.Attrs}
		switch {
		case p.C != nil:
			if np.C = cr.column(p.C.Name); np.C == nil {
				return nil, p.C.Name
			}
		case p.X != nil:
			x, col := cr.expr(exprText(p.X))
			if col != "" {
				return nil, col
			}
			np.X = &schema.RawExpr{X: x}
		}
		ni.Parts = append(ni.Parts, np)
	}
	for _, a := range fi.Attrs {
		if p, ok := a.(*attr.IndexPredicate); ok {
			x, col := cr.expr(p.P)
			if col != "" {
				return nil, col
			}
			a = &attr.IndexPredicate{P: x}
		}
		ni.Attrs = append(ni.Attrs, a)
	}
	return ni, ""
}

// foreignKey returns a copy of a foreign key of the current table for the
// new one, actions included; a reference to the table itself points to the
// new table. col is a column it uses that the new table lacks.
func (cr *carrier) foreignKey(ff *schema.ForeignKey) (*schema.ForeignKey, string) {
	nf := &schema.ForeignKey{Symbol: ff.Symbol, Table: cr.to, RefTable: ff.RefTable, RefColumns: ff.RefColumns,
		OnUpdate: ff.OnUpdate, OnDelete: ff.OnDelete, Attrs: ff.Attrs}
	for _, c := range ff.Columns {
		nc := cr.column(c.Name)
		if nc == nil {
			return nil, c.Name
		}
		nf.Columns = append(nf.Columns, nc)
	}
	if ff.RefTable == cr.from || ff.RefTable != nil && strings.EqualFold(ff.RefTable.Name, cr.from.Name) {
		nf.RefTable, nf.RefColumns = cr.to, nil
		for _, c := range ff.RefColumns {
			nc := cr.column(c.Name)
			if nc == nil {
				return nil, c.Name
			}
			nf.RefColumns = append(nf.RefColumns, nc)
		}
	}
	return nf, ""
}

// fkName names a foreign key in notes: its constraint name, else its
// columns.
func fkName(fk *schema.ForeignKey) string {
	if fk.Symbol != "" {
		return fk.Symbol
	}
	return "(" + columnList(fk.Columns) + ")"
}

func columnList(cs []*schema.Column) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// sameForeignKey reports whether two foreign keys are one: the same
// constraint name, else the same columns, referenced table and columns,
// and actions.
func sameForeignKey(a, b *schema.ForeignKey) bool {
	if a.Symbol != "" && b.Symbol != "" {
		return strings.EqualFold(a.Symbol, b.Symbol)
	}
	return a.RefTable != nil && b.RefTable != nil && strings.EqualFold(a.RefTable.Name, b.RefTable.Name) &&
		strings.EqualFold(columnList(a.Columns), columnList(b.Columns)) &&
		strings.EqualFold(columnList(a.RefColumns), columnList(b.RefColumns)) &&
		refAction(a.OnDelete) == refAction(b.OnDelete) && refAction(a.OnUpdate) == refAction(b.OnUpdate)
}

// sameCheck reports whether two CHECK constraints are one: the same name,
// else the same expression up to spacing, comments and the case of names
// (strings keep theirs: CHECK (a <> 'X') is not CHECK (a <> 'x')).
func sameCheck(a, b *schema.Check) bool {
	if a.Name != "" && b.Name != "" {
		return strings.EqualFold(a.Name, b.Name)
	}
	return sqllex.Equal(a.Expr, b.Expr, sqllex.SQLite)
}

// columnFold returns the column of t with that name, compared
// case-insensitively as SQLite does.
func columnFold(t *schema.Table, name string) (*schema.Column, bool) {
	if c, ok := t.Column(name); ok {
		return c, true
	}
	for _, c := range t.Columns {
		if strings.EqualFold(c.Name, name) {
			return c, true
		}
	}
	return nil, false
}

// tableWithoutIndexes returns a copy of t holding only the indexes
// declared inside CREATE TABLE, and no triggers: a rebuild creates the
// others after the rename, under the table's final name.
func tableWithoutIndexes(t *schema.Table) *schema.Table {
	c := *t
	c.Indexes = nil
	for _, i := range t.Indexes {
		if inlineUnique(i) {
			c.Indexes = append(c.Indexes, i)
		}
	}
	c.Attrs = slices.DeleteFunc(slices.Clone(t.Attrs), func(a schema.Attr) bool { return attr.Has[*attr.Trigger]([]schema.Attr{a}) })
	return &c
}

// SQLiteRebuild returns why the SQLite renderer rebuilds the table of c
// (sqlite.org/lang_altertable.html, section 7) rather than altering it in
// place, or "" when it does not. It is diff.Options.Rebuilds for SQLite.
func SQLiteRebuild(c *diff.Change) string {
	a, ok := c.Op.(*diff.AlterTable)
	if !ok {
		return ""
	}
	changes, err := diff.AtlasChanges(a.Ops)
	if err != nil {
		return ""
	}
	reason, err := (&sqliteWriter{}).rebuildReason(c, &schema.ModifyTable{T: a.T, Changes: changes})
	if err != nil {
		return ""
	}
	return reason
}

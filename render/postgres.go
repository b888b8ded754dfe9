package render

import (
	"fmt"
	"slices"
	"strings"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/migrations"
)

// pgWriter renders changes for PostgreSQL. Table names are unqualified:
// the connection's search_path selects the schema.
type pgWriter struct{}

func (w *pgWriter) change(c *diff.Change) ([]stmt, error) {
	v := &pgVisit{w: w, c: c}
	if err := c.Op.Accept(v); err != nil {
		return nil, err
	}
	return v.s, nil
}

// pgVisit renders the operations of one change.
type pgVisit struct {
	w *pgWriter
	c *diff.Change
	s stmts
	// t is the table an AlterTable alters, as it is called when the
	// change runs; "" outside one.
	t string
	// renamed maps a column's name before a RenameColumn of this change to
	// its name after it: a ModifyColumn of a renamed column names the
	// column as it is called when the ModifyColumn runs.
	renamed map[string]string
}

var _ diff.Visitor = (*pgVisit)(nil)

func (v *pgVisit) Atlas(o *diff.Atlas) error {
	if v.t != "" {
		return v.sub(o)
	}
	s := &v.s
	switch op := o.Change.(type) {
	case *schema.AddTable:
		return v.w.createTable(s, op.T)
	case *schema.DropTable:
		s.add("DROP TABLE %s", ident(op.T.Name))
	case *schema.RenameTable:
		s.add("ALTER TABLE %s RENAME TO %s", ident(op.From.Name), ident(op.To.Name))
	case *schema.AddObject:
		e, ok := op.O.(*schema.EnumType)
		if !ok {
			return unknownObject(op, op.O)
		}
		s.add("CREATE TYPE %s AS ENUM (%s)", ident(e.T), enumValues(e.Values))
	case *schema.DropObject:
		e, ok := op.O.(*schema.EnumType)
		if !ok {
			return unknownObject(op, op.O)
		}
		s.add("DROP TYPE %s", ident(e.T))
	case *schema.ModifyObject:
		from, ok1 := op.From.(*schema.EnumType)
		to, ok2 := op.To.(*schema.EnumType)
		if !ok1 || !ok2 {
			return unknownObject(op, op.To)
		}
		return v.w.modifyEnum(s, from, to, v.c.Uses)
	default:
		return unknownChange("postgres", o.Change, "")
	}
	return nil
}

func (v *pgVisit) AlterTable(o *diff.AlterTable) error {
	t, err := alteredTable(v.c, o)
	if err != nil {
		return err
	}
	v.t, v.renamed = t, make(map[string]string)
	defer func() { v.t = "" }()
	for _, sub := range o.Ops {
		if err := sub.Accept(v); err != nil {
			return err
		}
	}
	return nil
}

func (v *pgVisit) NotValid(o *diff.NotValid) error {
	var def string
	switch a := o.Add.(type) {
	case *schema.AddForeignKey:
		d, err := pgForeignKey(a.F)
		if err != nil {
			return err
		}
		def = d
	case *schema.AddCheck:
		def = check(a.C)
	default:
		return unknownChange("postgres", o.Add, v.t)
	}
	v.s.add("ALTER TABLE %s ADD %s NOT VALID", ident(v.t), def)
	return nil
}

func (v *pgVisit) Validate(o *diff.Validate) error {
	v.s.add("ALTER TABLE %s VALIDATE CONSTRAINT %s", ident(v.t), ident(o.Name))
	return nil
}

func (v *pgVisit) Concurrently(o *diff.Concurrently) error {
	switch c := o.C.(type) {
	case *schema.AddIndex:
		// A failed concurrent build leaves an INVALID index of that name
		// behind: dropping it first makes the revision safe to run again.
		v.s.add("DROP INDEX CONCURRENTLY IF EXISTS %s", ident(c.I.Name)).noTx = true
		st := v.s.add("%s", strings.Replace(pgCreateIndex(v.t, c.I), " INDEX ", " INDEX CONCURRENTLY ", 1))
		st.noTx = true
	case *schema.DropIndex:
		// IF EXISTS: re-runnable after a stop, and in a Down the index may
		// be gone already with the unique constraint that took it over.
		v.s.add("DROP INDEX CONCURRENTLY IF EXISTS %s", ident(c.I.Name)).noTx = true
	default:
		return unknownChange("postgres", o.C, v.t)
	}
	return nil
}

func (v *pgVisit) AttachUnique(o *diff.AttachUnique) error {
	v.s.add("ALTER TABLE %s ADD CONSTRAINT %s UNIQUE USING INDEX %s%s", ident(v.t), ident(o.I.Name), ident(o.I.Name), deferrable(o.I.Attrs))
	return nil
}

func (v *pgVisit) EnforceNotNull(o *diff.EnforceNotNull) error {
	name := v.column(o.From.Name)
	t := ident(v.t)
	// Re-runnable: a run stopped after the ADD leaves the CHECK behind.
	v.s.add("ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s", t, ident(o.Check))
	v.s.add("ALTER TABLE %s ADD CONSTRAINT %s CHECK (%s IS NOT NULL) NOT VALID", t, ident(o.Check), ident(name))
	v.s.add("ALTER TABLE %s VALIDATE CONSTRAINT %s", t, ident(o.Check))
	v.s.add("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL", t, ident(name))
	v.s.comment("PostgreSQL 12+ skips the scan: the validated CHECK proves there is no NULL")
	v.s.add("ALTER TABLE %s DROP CONSTRAINT %s", t, ident(o.Check))
	return nil
}

func (v *pgVisit) Backfill(o *diff.Backfill) error {
	col := v.column(o.C.Name)
	if o.Value != "" {
		v.s.add("UPDATE %s SET %s = %s WHERE %s IS NULL", ident(v.t), ident(col), o.Value, ident(col))
		v.s.comment("rows holding NULL take the default before NOT NULL is enforced")
		return nil
	}
	v.s.placeholder(backfillPlaceholder(v.t, col, o))
	v.s.add("DO $$\nBEGIN\n  IF EXISTS (SELECT 1 FROM %s WHERE %s IS NULL) THEN\n    RAISE EXCEPTION 'backfill not written: rows of %s have no %s; write the UPDATE in this revision';\n  END IF;\nEND\n$$",
		ident(v.t), ident(col), strings.ReplaceAll(v.t, "'", "''"), strings.ReplaceAll(col, "'", "''"))
	v.s.comment(guardComment(v.t, col))
	return nil
}

func (v *pgVisit) Manual(o *diff.Manual) error {
	v.s.placeholder(manualPlaceholder(o))
	return nil
}

// Dependents writes the catalog's own statements: the drops last first,
// the definitions first first. A database built by the migrations alone
// may not have a dependent (a DBA made it on production): the drop notes,
// in a setting of the transaction (gen.dependent_N), whether it was there,
// and the recreation runs only where it was, in a DO block.
func (v *pgVisit) Dependents(o *diff.Dependents) error {
	if o.Drop {
		for n, d := range slices.Backward(o.List) {
			v.s.add("SELECT pg_catalog.set_config('gen.dependent_%d', (%s)::text, true)", n+1, d.Exists)
			v.s.comment(fmt.Sprintf("%s %s: dropped for the change below, recreated after it if it was there", d.Kind, d.Name))
			v.s.add("%s", d.Drop)
		}
		return nil
	}
	for n, d := range o.List {
		// A dollar-quote tag no statement holds.
		tag := "$gen$"
		for k := 1; slices.ContainsFunc(d.Create, func(q string) bool { return strings.Contains(q, tag) }); k++ {
			tag = fmt.Sprintf("$gen%d$", k)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "DO %s\nBEGIN\nIF current_setting('gen.dependent_%d', true) = 'true' THEN\n", tag, n+1)
		for _, q := range d.Create {
			b.WriteString(q)
			b.WriteString(";\n")
		}
		b.WriteString("END IF;\nEND\n" + tag)
		v.s.add("%s", b.String())
		v.s.comment(fmt.Sprintf("%s %s, as the catalog defined it, where the drop above found it", d.Kind, d.Name))
	}
	return nil
}

// column returns the name of a column when the statements run.
func (v *pgVisit) column(name string) string {
	if n, ok := v.renamed[name]; ok {
		return n
	}
	return name
}

func unknownObject(c schema.Change, o schema.Object) error {
	return fmt.Errorf("render: postgres: unsupported object %T in %T; only enum types are managed, this is a bug in gen, please report it", o, c)
}

func enumValues(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = quoteString(v)
	}
	return strings.Join(q, ", ")
}

// modifyEnum appends the values added at the end of an enum type. Any
// other change (a value removed, renamed or reordered) has no ALTER TYPE
// form: the type is rebuilt under its name and the columns of uses are
// converted through text, so that a row holding a removed value makes the
// migration fail instead of losing the value.
func (w *pgWriter) modifyEnum(s *stmts, from, to *schema.EnumType, uses []*schema.Table) error {
	if len(to.Values) >= len(from.Values) && slices.Equal(from.Values, to.Values[:len(from.Values)]) {
		for i, v := range to.Values[len(from.Values):] {
			s.add("ALTER TYPE %s ADD VALUE %s", ident(to.T), quoteString(v))
			if i == 0 {
				s.comment("PostgreSQL lets a transaction use a value added to an enum only after it commits: a statement of this migration that uses the new value fails")
			}
		}
		return nil
	}
	old := from.T + "_gen_old"
	s.add("ALTER TYPE %s RENAME TO %s", ident(from.T), ident(old))
	s.comment(fmt.Sprintf("enum type %s changes from (%s) to (%s): PostgreSQL can only append values, so the type is rebuilt; "+
		"a row holding a value that is gone makes this migration fail, and nothing is lost", from.T, enumValues(from.Values), enumValues(to.Values)))
	s.add("CREATE TYPE %s AS ENUM (%s)", ident(to.T), enumValues(to.Values))
	for _, t := range uses {
		for _, c := range t.Columns {
			if e, ok := c.Type.Type.(*schema.EnumType); !ok || e.T != from.T {
				continue
			}
			alter := "ALTER TABLE " + ident(t.Name) + " ALTER COLUMN " + ident(c.Name)
			d := defaultText(c)
			if d != "" {
				s.add("%s DROP DEFAULT", alter)
			}
			s.add("%s TYPE %s USING %s::text::%s", alter, ident(to.T), ident(c.Name), ident(to.T))
			if d != "" {
				s.add("%s SET DEFAULT %s", alter, d)
			}
		}
	}
	s.add("DROP TYPE %s", ident(old))
	return nil
}

// pgType returns the type text of a column: the enum's quoted name, or the
// canonical spelling in Raw.
func pgType(c *schema.Column) (string, error) {
	if c.Type == nil {
		return "", fmt.Errorf("render: postgres: column %q has no type", c.Name)
	}
	if e, ok := c.Type.Type.(*schema.EnumType); ok && e.T != "" {
		return ident(e.T), nil
	}
	if c.Type.Raw != "" {
		return c.Type.Raw, nil
	}
	if c.Type.Type != nil {
		if f, err := postgres.FormatType(c.Type.Type); err == nil {
			return f, nil
		}
	}
	return "", fmt.Errorf("render: postgres: column %q has no type text (ColumnType.Raw is empty)", c.Name)
}

// pgBaseType is the type a column's values have: the integer type under a
// serial, the column type otherwise.
func pgBaseType(c *schema.Column) (string, error) {
	if st, ok := c.Type.Type.(*postgres.SerialType); ok {
		return st.IntegerType().T, nil
	}
	if c.Type.Type == nil {
		if t, err := postgres.ParseType(c.Type.Raw); err == nil {
			if st, ok := t.(*postgres.SerialType); ok {
				return st.IntegerType().T, nil
			}
		}
	}
	return pgType(c)
}

func isSerial(c *schema.Column) bool {
	if _, ok := c.Type.Type.(*postgres.SerialType); ok {
		return true
	}
	switch strings.ToLower(c.Type.Raw) {
	case "smallserial", "serial", "bigserial", "serial2", "serial4", "serial8":
		return true
	}
	return false
}

// identity returns a column's identity generation ("" for none).
func identity(c *schema.Column) string {
	id, ok := attr.Get[*postgres.Identity](c.Attrs)
	if !ok {
		return ""
	}
	if g := strings.ToUpper(strings.TrimSpace(id.Generation)); g != "" {
		return g
	}
	return "BY DEFAULT"
}

// generated returns the GENERATED ALWAYS AS clause of a column, "" for
// none. PostgreSQL before 18 has stored generated columns only.
func generated(c *schema.Column, defaultType string) string {
	g, ok := attr.Get[*schema.GeneratedExpr](c.Attrs)
	if !ok {
		return ""
	}
	typ := strings.ToUpper(strings.TrimSpace(g.Type))
	if typ == "" {
		typ = defaultType
	}
	return "GENERATED ALWAYS AS " + paren(g.Expr) + " " + typ
}

// pgColumn returns a column definition as in CREATE TABLE and ADD COLUMN.
func pgColumn(c *schema.Column) (string, error) {
	typ, err := pgType(c)
	if err != nil {
		return "", err
	}
	b := []string{ident(c.Name), typ}
	if !c.Type.Null {
		b = append(b, "NOT NULL")
	}
	if d := defaultText(c); d != "" {
		b = append(b, "DEFAULT "+d)
	}
	if g := generated(c, "STORED"); g != "" {
		b = append(b, g)
	}
	if id := identity(c); id != "" {
		b = append(b, "GENERATED "+id+" AS IDENTITY")
	}
	return strings.Join(b, " "), nil
}

// pgPrimaryKey returns the PRIMARY KEY clause of table t, naming the
// constraint only when its name is not PostgreSQL's default.
func pgPrimaryKey(t string, pk *schema.Index) string {
	s := "PRIMARY KEY (" + indexParts(pk) + ")" + pgIndexOptions(pk) + deferrable(pk.Attrs)
	if pk.Name != "" && pk.Name != t+"_pkey" {
		s = "CONSTRAINT " + ident(pk.Name) + " " + s
	}
	return s
}

func (w *pgWriter) createTable(s *stmts, t *schema.Table) error {
	var defs []string
	for _, c := range t.Columns {
		d, err := pgColumn(c)
		if err != nil {
			return fmt.Errorf("render: postgres: table %q: %w", t.Name, err)
		}
		defs = append(defs, d)
	}
	if t.PrimaryKey != nil && len(t.PrimaryKey.Parts) > 0 {
		defs = append(defs, pgPrimaryKey(t.Name, t.PrimaryKey))
	}
	for _, i := range t.Indexes {
		if isConstraint(i) {
			defs = append(defs, pgUniqueConstraint(i))
		}
	}
	for _, c := range checksOf(t.Attrs) {
		defs = append(defs, check(c))
	}
	for _, fk := range t.ForeignKeys {
		d, err := pgForeignKey(fk)
		if err != nil {
			return err
		}
		defs = append(defs, d)
	}
	s.add("CREATE TABLE %s (\n  %s\n)", ident(t.Name), strings.Join(defs, ",\n  "))
	for _, i := range t.Indexes {
		if !isConstraint(i) {
			w.createIndex(s, t.Name, i, false)
		}
	}
	if text, ok := commentOf(t.Attrs); ok && text != "" {
		s.add("COMMENT ON TABLE %s IS %s", ident(t.Name), quoteString(text))
	}
	for _, c := range t.Columns {
		if text, ok := commentOf(c.Attrs); ok && text != "" {
			s.add("COMMENT ON COLUMN %s.%s IS %s", ident(t.Name), ident(c.Name), quoteString(text))
		}
	}
	return nil
}

// createIndex renders CREATE INDEX. existing says whether the table held
// rows before this migration: that is where CREATE INDEX CONCURRENTLY
// (and a no-transaction script) will go.
func (w *pgWriter) createIndex(s *stmts, table string, i *schema.Index, existing bool) {
	_ = existing
	s.add("%s", pgCreateIndex(table, i))
}

// pgCreateIndex returns CREATE [UNIQUE] INDEX for a plain (non-constraint)
// index of table t, with every clause PostgreSQL keeps for it, in the
// order its grammar wants: USING, the key list (operator classes
// included), INCLUDE, NULLS NOT DISTINCT, WITH, WHERE.
func pgCreateIndex(t string, i *schema.Index) string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if i.Unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX " + ident(i.Name) + " ON " + ident(t))
	if m, ok := attr.Get[*attr.IndexMethod](i.Attrs); ok && m.T != "" && !strings.EqualFold(m.T, "btree") {
		b.WriteString(" USING " + strings.ToLower(m.T))
	}
	b.WriteString(" (" + indexParts(i) + ")")
	b.WriteString(pgIndexOptions(i))
	if s, ok := attr.Get[*attr.IndexStorage](i.Attrs); ok && len(s.Params) > 0 {
		b.WriteString(" WITH (" + strings.Join(s.Params, ", ") + ")")
	}
	if p, ok := attr.Get[*attr.IndexPredicate](i.Attrs); ok && strings.TrimSpace(p.P) != "" {
		b.WriteString(" WHERE " + strings.TrimSpace(p.P))
	}
	return b.String()
}

// pgIndexOptions returns the INCLUDE and NULLS NOT DISTINCT clauses of an
// index, each with a leading space, "" for neither.
func pgIndexOptions(i *schema.Index) string {
	var s string
	if inc, ok := attr.Get[*postgres.IndexInclude](i.Attrs); ok && len(inc.Columns) > 0 {
		s += " INCLUDE (" + idents(inc.Columns) + ")"
	}
	if nullsNotDistinct(i) {
		s += " NULLS NOT DISTINCT"
	}
	return s
}

// nullsNotDistinct reports whether a unique index or constraint treats
// NULLs as equal (PostgreSQL 15+).
func nullsNotDistinct(i *schema.Index) bool {
	nd, ok := attr.Get[*postgres.IndexNullsDistinct](i.Attrs)
	return ok && !nd.V
}

// pgUniqueConstraint returns the UNIQUE table constraint of i:
// CONSTRAINT name UNIQUE [NULLS NOT DISTINCT] (…) [INCLUDE (…)]
// [DEFERRABLE [INITIALLY DEFERRED]].
func pgUniqueConstraint(i *schema.Index) string {
	s := "UNIQUE "
	if nullsNotDistinct(i) {
		s += "NULLS NOT DISTINCT "
	}
	s += "(" + indexParts(i) + ")"
	if inc, ok := attr.Get[*postgres.IndexInclude](i.Attrs); ok && len(inc.Columns) > 0 {
		s += " INCLUDE (" + idents(inc.Columns) + ")"
	}
	s += deferrable(i.Attrs)
	if i.Name != "" {
		s = "CONSTRAINT " + ident(i.Name) + " " + s
	}
	return s
}

// pgForeignKey returns the FOREIGN KEY clause of fk with its DEFERRABLE.
func pgForeignKey(fk *schema.ForeignKey) (string, error) {
	d, err := foreignKey(fk)
	if err != nil {
		return "", err
	}
	return d + deferrable(fk.Attrs), nil
}

// deferrable returns " DEFERRABLE [INITIALLY DEFERRED]" for a constraint
// that is, "" for one that is not (the default).
func deferrable(attrs []schema.Attr) string {
	d, ok := attr.Get[*attr.Deferrable](attrs)
	switch {
	case !ok:
		return ""
	case d.InitiallyDeferred:
		return " DEFERRABLE INITIALLY DEFERRED"
	}
	return " DEFERRABLE"
}

// sub renders one atlas sub-change of an AlterTable.
func (v *pgVisit) sub(o *diff.Atlas) error {
	w, s, t, c := v.w, &v.s, v.t, v.c
	var err error
	switch sc := o.Change.(type) {
	case *schema.AddColumn:
		var d string
		if d, err = pgColumn(sc.C); err == nil {
			s.add("ALTER TABLE %s ADD COLUMN %s", ident(t), d)
			if text, ok := commentOf(sc.C.Attrs); ok && text != "" {
				s.add("COMMENT ON COLUMN %s.%s IS %s", ident(t), ident(sc.C.Name), quoteString(text))
			}
		}
	case *schema.DropColumn:
		s.add("ALTER TABLE %s DROP COLUMN %s", ident(t), ident(sc.C.Name))
	case *schema.RenameColumn:
		s.add("ALTER TABLE %s RENAME COLUMN %s TO %s", ident(t), ident(sc.From.Name), ident(sc.To.Name))
		v.renamed[sc.From.Name] = sc.To.Name
	case *schema.ModifyColumn:
		err = w.modifyColumn(s, t, v.column(sc.From.Name), sc, noCast(o))
	case *schema.AddIndex:
		if isConstraint(sc.I) {
			s.add("ALTER TABLE %s ADD %s", ident(t), pgUniqueConstraint(sc.I))
		} else {
			w.createIndex(s, t, sc.I, true)
		}
	case *schema.DropIndex:
		if isConstraint(sc.I) {
			s.add("ALTER TABLE %s DROP CONSTRAINT %s", ident(t), ident(sc.I.Name))
		} else {
			s.add("DROP INDEX %s", ident(sc.I.Name))
		}
	case *schema.AddPrimaryKey:
		s.add("ALTER TABLE %s ADD %s", ident(t), pgPrimaryKey(t, sc.P))
	case *schema.DropPrimaryKey:
		name := sc.P.Name
		if name == "" && c.From != nil && c.From.PrimaryKey != nil {
			name = c.From.PrimaryKey.Name
		}
		if name == "" {
			name = t + "_pkey"
		}
		s.add("ALTER TABLE %s DROP CONSTRAINT %s", ident(t), ident(name))
	case *schema.AddForeignKey:
		var d string
		if d, err = pgForeignKey(sc.F); err == nil {
			s.add("ALTER TABLE %s ADD %s", ident(t), d)
		}
	case *schema.DropForeignKey:
		name := sc.F.Symbol
		if name == "" {
			// PostgreSQL's own name for an unnamed foreign key.
			cols := make([]string, len(sc.F.Columns))
			for i, c := range sc.F.Columns {
				cols[i] = c.Name
			}
			name = t + "_" + strings.Join(cols, "_") + "_fkey"
		}
		s.add("ALTER TABLE %s DROP CONSTRAINT %s", ident(t), ident(name))
	case *schema.AddCheck:
		s.add("ALTER TABLE %s ADD %s", ident(t), check(sc.C))
	case *schema.DropCheck:
		err = w.dropCheck(s, t, sc.C)
	case *schema.ModifyCheck:
		if err = w.dropCheck(s, t, sc.From); err == nil {
			s.add("ALTER TABLE %s ADD %s", ident(t), check(sc.To))
		}
	case *schema.AddAttr:
		err = w.tableComment(s, t, sc, sc.A, true)
	case *schema.ModifyAttr:
		err = w.tableComment(s, t, sc, sc.To, true)
	case *schema.DropAttr:
		err = w.tableComment(s, t, sc, sc.A, false)
	default:
		err = unknownChange("postgres", sc, t)
	}
	return err
}

func (w *pgWriter) dropCheck(s *stmts, t string, c *schema.Check) error {
	if c.Name == "" {
		return fmt.Errorf("%w: table %q: CHECK %s has no name, so it cannot be dropped by name; name the constraint in the model (GORM `check:name,expr`) or write the DROP CONSTRAINT by hand",
			ErrManualChange, t, paren(c.Expr))
	}
	s.add("ALTER TABLE %s DROP CONSTRAINT %s", ident(t), ident(c.Name))
	return nil
}

// tableComment renders a change of the table comment, the only table
// attribute gen manages.
func (w *pgWriter) tableComment(s *stmts, t string, sc schema.Change, a schema.Attr, set bool) error {
	cm, ok := a.(*schema.Comment)
	if !ok {
		return unknownChange("postgres", sc, t)
	}
	if set && cm.Text != "" {
		s.add("COMMENT ON TABLE %s IS %s", ident(t), quoteString(cm.Text))
	} else {
		s.add("COMMENT ON TABLE %s IS NULL", ident(t))
	}
	return nil
}

// pgCategory returns "string" or "numeric" for the types whose values
// convert within the category without an explicit cast (USING is then left
// out), "" for any other.
func pgCategory(c *schema.Column) string {
	t := c.Type.Type
	if t == nil {
		t, _ = postgres.ParseType(c.Type.Raw)
	}
	switch t.(type) {
	case *schema.StringType:
		return "string"
	case *schema.IntegerType, *schema.DecimalType, *schema.FloatType, *postgres.SerialType:
		return "numeric"
	}
	return ""
}

// sequenceName returns the name of the sequence behind serial column c,
// now called name, of table t: the one the inspector read, or
// PostgreSQL's default.
func sequenceName(t, name string, c *schema.Column) string {
	if st, ok := c.Type.Type.(*postgres.SerialType); ok && st.SequenceName != "" {
		return st.SequenceName
	}
	return t + "_" + name + "_seq"
}

// autoKind returns how a column numbers itself: "serial", "identity" or "".
func autoKind(c *schema.Column) string {
	switch {
	case isSerial(c):
		return "serial"
	case identity(c) != "":
		return "identity"
	}
	return ""
}

// modifyColumn renders one ModifyColumn as ALTER TABLE statements, one per
// aspect that changes, in an order that applies: a default that may not
// survive a type change is dropped first and set again after it, NOT NULL
// is settled before an identity is added, and so on.
//
// name is the column's name when the statements run: a ModifyColumn of a
// renamed column has From and To under their own names.
// noCast reports whether the live checks found no cast for the type change
// of o: the USING expression is then the author's to write.
func noCast(o *diff.Atlas) bool {
	for _, f := range o.Flags {
		if f.Code == migrations.CodeNoCast && f.Severity == migrations.Error {
			return true
		}
	}
	return false
}

func (w *pgWriter) modifyColumn(s *stmts, t, name string, mc *schema.ModifyColumn, noCast bool) error {
	from, to, k := mc.From, mc.To, mc.Change
	alter := "ALTER TABLE " + ident(t) + " ALTER COLUMN " + ident(name)

	if k.Is(schema.ChangeGenerated) {
		_, fromGen := attr.Get[*schema.GeneratedExpr](from.Attrs)
		_, toGen := attr.Get[*schema.GeneratedExpr](to.Attrs)
		if !fromGen || toGen {
			return fmt.Errorf("%w: column %s.%s: PostgreSQL cannot make a column generated or change its expression in place; "+
				"drop the column and add it again in a hand-written migration (indexes on it must be recreated)", ErrManualChange, t, name)
		}
		s.add("%s DROP EXPRESSION", alter)
	}

	fromAuto, toAuto := autoKind(from), autoKind(to)
	fromDefault, toDefault := defaultText(from), defaultText(to)
	defaultDropped := false
	if k.Is(schema.ChangeType) && fromAuto != toAuto {
		switch fromAuto {
		case "identity":
			s.add("%s DROP IDENTITY", alter)
		case "serial":
			s.add("%s DROP DEFAULT", alter)
			s.add("DROP SEQUENCE %s", ident(sequenceName(t, name, from)))
			defaultDropped = true
		}
	}

	fromBase, err := pgBaseType(from)
	if err != nil {
		return fmt.Errorf("render: postgres: table %q: %w", t, err)
	}
	toBase, err := pgBaseType(to)
	if err != nil {
		return fmt.Errorf("render: postgres: table %q: %w", t, err)
	}
	retype := k.Is(schema.ChangeType) && fromBase != toBase
	// A default is cast along with the column, and that cast may not
	// exist ('x'::text → integer); an identity cannot have a default at all.
	if fromAuto != "serial" && fromDefault != "" && (retype || toAuto == "identity" || toAuto == "serial" && fromAuto != "serial") {
		s.add("%s DROP DEFAULT", alter)
		defaultDropped = true
	}
	if retype {
		st := s.add("%s TYPE %s", alter, toBase)
		switch fc, tc := pgCategory(from), pgCategory(to); {
		case noCast:
			// Left unrunnable on purpose: PostgreSQL has no cast, and only
			// the author knows how the values convert.
			st.SQL += fmt.Sprintf(" USING <write an expression converting %s from %s to %s>", ident(name), from.Type.Raw, toBase)
			st.Comments = append(st.Comments, "TO WRITE: PostgreSQL has no cast from "+from.Type.Raw+" to "+toBase+"; replace the placeholder after USING, then run `gen hash`")
		case fc == "" || fc != tc:
			st.SQL += " USING " + ident(name) + "::" + toBase
		}
		if fromAuto == "serial" && toAuto == "serial" {
			s.add("ALTER SEQUENCE %s AS %s", ident(sequenceName(t, name, from)), toBase)
		}
	}

	if k.Is(schema.ChangeNull) {
		if to.Type.Null {
			s.add("%s DROP NOT NULL", alter)
		} else {
			// Rows holding NULL take the new default first, as the
			// SQLite rebuild does with COALESCE; without a default
			// SET NOT NULL fails on them, which is the truth to report.
			if toDefault != "" && toAuto == "" {
				s.add("UPDATE %s SET %s = %s WHERE %s IS NULL", ident(t), ident(name), toDefault, ident(name))
				s.comment("rows holding NULL take the default before NOT NULL is enforced")
			}
			s.add("%s SET NOT NULL", alter)
		}
	}

	if k.Is(schema.ChangeType) {
		fromID, toID := identity(from), identity(to)
		switch {
		case toAuto == "identity" && fromAuto != "identity":
			s.add("%s ADD GENERATED %s AS IDENTITY", alter, toID)
			s.add("SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX(%s), 0) + 1, false) FROM %s",
				quoteString(ident(t)), quoteString(name), ident(name), ident(t))
			s.comment("existing rows keep their values: the identity continues after the largest one")
		case toAuto == "identity" && fromID != toID:
			s.add("%s SET GENERATED %s", alter, toID)
		case toAuto == "serial" && fromAuto != "serial":
			seq := sequenceName(t, name, to)
			s.add("CREATE SEQUENCE %s AS %s OWNED BY %s.%s", ident(seq), toBase, ident(t), ident(name))
			s.add("%s SET DEFAULT nextval(%s::regclass)", alter, quoteString(ident(seq)))
			s.add("SELECT setval(%s, COALESCE(MAX(%s), 0) + 1, false) FROM %s", quoteString(ident(seq)), ident(name), ident(t))
			s.comment("existing rows keep their values: the sequence continues after the largest one")
		}
	}

	if toAuto != "serial" && (k.Is(schema.ChangeDefault) || defaultDropped) {
		switch {
		case toDefault != "":
			s.add("%s SET DEFAULT %s", alter, toDefault)
		case !defaultDropped && fromDefault != "":
			s.add("%s DROP DEFAULT", alter)
		}
	}

	if k.Is(schema.ChangeComment) {
		if text, ok := commentOf(to.Attrs); ok && text != "" {
			s.add("COMMENT ON COLUMN %s.%s IS %s", ident(t), ident(name), quoteString(text))
		} else {
			s.add("COMMENT ON COLUMN %s.%s IS NULL", ident(t), ident(name))
		}
	}
	return nil
}

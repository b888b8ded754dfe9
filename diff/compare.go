package diff

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"
	"ariga.io/atlas/sql/sqlite"

	"github.com/genmigrate/gen/attr"
)

// Options configures Compare.
type Options struct {
	// Dialect is "postgres" or "sqlite".
	Dialect string
	// Renames are column renames given on the command line
	// (`--rename users.email=email_address`), in addition to the
	// `gen:"renamed_from=…"` hints the models carry.
	Renames []Rename
	// Rebuilds says why the dialect's renderer rebuilds the table of a
	// change, "" when it alters it in place (SQLite: render.SQLiteRebuild).
	// Stages flags each rebuild (CodeRebuild) with the rows it copies.
	Rebuilds func(*Change) string
}

// A Rename says that column From of Table is now called To.
type Rename struct {
	Table, From, To string
}

// ParseRename parses "table.old=new".
func ParseRename(s string) (Rename, error) {
	lhs, to, ok := strings.Cut(s, "=")
	table, from, ok2 := strings.Cut(lhs, ".")
	if !ok || !ok2 || table == "" || from == "" || to == "" {
		return Rename{}, fmt.Errorf("diff: invalid rename %q: want table.old_column=new_column", s)
	}
	return Rename{Table: table, From: from, To: to}, nil
}

// Compare returns the plan that turns current into desired. current is the
// live schema, desired the one the models declare; both follow the
// conventions of docs/ARCHITECTURE.md. Neither is modified.
func Compare(current, desired *schema.Schema, opts Options) (*Plan, error) {
	d, err := dialectFor(opts.Dialect)
	if err != nil {
		return nil, err
	}
	c := &comparer{d: d, opts: opts, renamed: make(map[string]bool)}
	return c.compare(current, desired)
}

type comparer struct {
	d    dialect
	opts Options
	// hintErrs are the rename hints that name nothing.
	hintErrs []string
	// renamed records the "table.new" columns a rename applied to.
	renamed map[string]bool
	// searchPath is the live connection's (attr.SearchPath): a function
	// qualified by one of its schemas is the same function unqualified.
	searchPath []string
}

// ErrUnmatchedHint is returned by Compare when a rename hint
// (gen:"renamed_from=…", //gen:renamed_from) names neither a column nor a
// table of the database: a typo there would otherwise drop the data the
// hint was written to keep.
var ErrUnmatchedHint = errors.New("diff: a rename hint names nothing in the database")

func hasColumn(t *schema.Table, name string) bool {
	_, ok := t.Column(name)
	return ok
}

// where returns "file:line:col: " for the position in attrs, "" without one.
func where(attrs []schema.Attr) string {
	if p := posOf(attrs); p != nil {
		return fmt.Sprintf("%s:%d:%d: ", p.Filename, p.Start.Line, p.Start.Column)
	}
	return ""
}

// tablePair is a table on both sides, matched by name or by a rename.
type tablePair struct{ from, to *schema.Table }

func (c *comparer) compare(current, desired *schema.Schema) (*Plan, error) {
	if current == nil {
		current = &schema.Schema{}
	}
	if desired == nil {
		desired = &schema.Schema{}
	}
	if sp, ok := attr.Get[*attr.SearchPath](current.Attrs); ok {
		c.searchPath = sp.Schemas
	}
	var (
		added   []*schema.Table
		dropped []*schema.Table
		pairs   []tablePair
	)
	matched := make(map[*schema.Table]bool)
	currentTables := indexTables(current)
	for _, to := range desired.Tables {
		from, ok := currentTables.Table(to.Name)
		if !ok {
			if rf, ok := attr.Get[*attr.RenamedFrom](to.Attrs); ok {
				if old, ok := current.Table(rf.Name); ok && !tableWanted(desired, old.Name) {
					from = old
				} else if !ok && len(current.Tables) > 0 {
					c.hintErrs = append(c.hintErrs, fmt.Sprintf("%s//gen:renamed_from %s on table %s names no table of the database: fix the name, or remove the hint",
						where(to.Attrs), rf.Name, to.Name))
				}
			}
		}
		if from == nil || matched[from] {
			added = append(added, to)
			continue
		}
		matched[from] = true
		pairs = append(pairs, tablePair{from, to})
	}
	for _, from := range current.Tables {
		if !matched[from] {
			dropped = append(dropped, from)
		}
	}

	b := &builder{d: c.d, modified: make(map[string]bool), altered: make(map[string]bool)}
	b.enums(current, desired)
	// Modifications are computed before additions (they are emitted after
	// them): a new table's foreign key can be declared inline only if the
	// table it references is not modified later in the plan.
	for _, p := range pairs {
		if err := c.modifyTable(b, p.from, p.to); err != nil {
			return nil, err
		}
	}
	for _, t := range sortByReferences(added) {
		b.addTable(t, added)
	}
	for _, t := range slices.Backward(sortByReferences(dropped)) {
		b.dropTable(t)
	}
	b.dropEnums(current, desired)
	for _, r := range c.opts.Renames {
		t, ok := desired.Table(r.Table)
		switch {
		case c.renamed[r.Table+"."+r.To]:
		case !ok:
			c.hintErrs = append(c.hintErrs, fmt.Sprintf("--rename %s.%s=%s: the models declare no table %s", r.Table, r.From, r.To, r.Table))
		case !hasColumn(t, r.To):
			c.hintErrs = append(c.hintErrs, fmt.Sprintf("--rename %s.%s=%s: the models declare no column %s in %s (it has %s)", r.Table, r.From, r.To, r.To, r.Table, strings.Join(columnList(t.Columns), ", ")))
		default:
			c.hintErrs = append(c.hintErrs, fmt.Sprintf("--rename %s.%s=%s: nothing to rename: the database has %s.%s already, or no %s.%s", r.Table, r.From, r.To, r.Table, r.To, r.Table, r.From))
		}
	}
	if len(c.hintErrs) > 0 {
		return nil, fmt.Errorf("%w:\n%s", ErrUnmatchedHint, strings.Join(c.hintErrs, "\n"))
	}
	p := b.plan(c.opts.Dialect)
	p.rebuilds = c.opts.Rebuilds
	manualSteps(p)
	fl := &flagger{d: c.d}
	fl.raiseFlags(p)
	planDependents(current, p)
	return p, nil
}

// tableWanted reports whether the desired schema has a table of that name.
func tableWanted(s *schema.Schema, name string) bool {
	_, ok := s.Table(name)
	return ok
}

// tableChanges are the changes of one table found by the matchers, by
// kind; modifyTable puts them in the order they must run.
type tableChanges struct {
	fkDrops, idxDrops, chkDrops, pkDrops []schema.Change
	renames, colDrops, modifies, adds    []schema.Change
	pkAdds, idxAdds, chkAdds, fkAdds     []schema.Change
	attrChanges                          []schema.Change
}

// modifyTable compares a table present on both sides: each matcher pairs
// one kind of object and says what changes, then the changes are recorded
// in the order they must run.
func (c *comparer) modifyTable(b *builder, from, to *schema.Table) error {
	if from.Name != to.Name {
		b.renameTable(from, to)
	}
	var tc tableChanges
	c.matchColumns(&tc, from, to)
	matchPrimaryKey(&tc, from, to)
	matchIndexes(&tc, from, to)
	matchForeignKeys(&tc, from, to)
	matchChecks(&tc, from, to)
	matchComment(&tc, from, to)
	if c.d.generatedBlockTypeChange() {
		regenerate(&tc, from, to)
	}

	if c.d.separateForeignKeys() {
		b.dropForeignKeys(from, to, tc.fkDrops)
		tc.fkDrops = nil
		b.addForeignKeys(from, to, tc.fkAdds)
		tc.fkAdds = nil
	}
	changes := slices.Concat(tc.fkDrops, tc.idxDrops, tc.chkDrops, tc.pkDrops, tc.renames, tc.colDrops, tc.modifies, tc.adds,
		tc.pkAdds, tc.idxAdds, tc.chkAdds, tc.fkAdds, tc.attrChanges)
	if len(changes) > 0 {
		b.modifyTable(from, to, changes)
	}
	return nil
}

// matchColumns pairs columns by name, or by a rename (--rename, or a
// `renamed_from` hint) to a current column no longer wanted under its own
// name; the rest are added and dropped.
func (c *comparer) matchColumns(tc *tableChanges, from, to *schema.Table) {
	renamedFrom := make(map[string]string) // new name → old name
	for _, r := range c.opts.Renames {
		if r.Table == to.Name || r.Table == from.Name {
			renamedFrom[r.To] = r.From
		}
	}
	used := make(map[*schema.Column]bool)
	for _, col := range to.Columns {
		if attr.Has[*attr.Unmanaged](col.Attrs) {
			if fc, ok := from.Column(col.Name); ok {
				used[fc] = true
			}
			continue
		}
		fc, ok := from.Column(col.Name)
		if !ok {
			old := renamedFrom[col.Name]
			if rf, ok := attr.Get[*attr.RenamedFrom](col.Attrs); ok && old == "" {
				old = rf.Name
				if _, ok := from.Column(old); !ok {
					c.hintErrs = append(c.hintErrs, fmt.Sprintf("%sgen:\"renamed_from=%s\" on %s.%s names no column of %s (it has %s): fix the name, or remove the hint",
						where(col.Attrs), old, to.Name, col.Name, from.Name, strings.Join(columnList(from.Columns), ", ")))
				}
			}
			if oc, ok := from.Column(old); ok && old != "" && !used[oc] {
				if _, stillWanted := to.Column(old); !stillWanted {
					tc.renames = append(tc.renames, &schema.RenameColumn{From: oc, To: col})
					fc = oc
					c.renamed[to.Name+"."+col.Name] = true
				}
			}
		}
		if fc == nil || used[fc] {
			tc.adds = append(tc.adds, &schema.AddColumn{C: col})
			continue
		}
		used[fc] = true
		want := identityForSerial(fc, col)
		if k := c.columnChange(from, to, fc, want); k != schema.NoChange {
			tc.modifies = append(tc.modifies, &schema.ModifyColumn{From: fc, To: want, Change: k})
		}
	}
	for _, fc := range from.Columns {
		if !used[fc] {
			tc.colDrops = append(tc.colDrops, &schema.DropColumn{C: fc})
		}
	}
}

// matchPrimaryKey compares the primary keys.
func matchPrimaryKey(tc *tableChanges, from, to *schema.Table) {
	if pkEqual(from.PrimaryKey, to.PrimaryKey) {
		return
	}
	if from.PrimaryKey != nil {
		tc.pkDrops = append(tc.pkDrops, &schema.DropPrimaryKey{P: from.PrimaryKey})
	}
	if to.PrimaryKey != nil {
		tc.pkAdds = append(tc.pkAdds, &schema.AddPrimaryKey{P: to.PrimaryKey})
	}
}

// undeclarable says which kinds of object the models of to cannot declare
// (Bun, sqlx): the database's own of those kinds are left alone.
func undeclarable(to *schema.Table) *attr.Undeclarable {
	u, _ := attr.Get[*attr.Undeclarable](to.Attrs)
	return u
}

// matchIndexes pairs indexes and unique constraints, first by name, then
// by meaning: a unique constraint and a unique index of the same
// definition (sameGuarantee) are one guarantee, whatever their names and
// whichever kind each side has, and the live one is kept as it is (a
// foreign key may depend on it). A current index whose name the database
// generated (SQLite autoindexes) matches a desired one of the same
// definition. A changed index is dropped and added again.
func matchIndexes(tc *tableChanges, from, to *schema.Table) {
	idxUsed := make(map[*schema.Index]bool)
	paired := make(map[*schema.Index]bool) // desired indexes matched by name
	for _, ti := range to.Indexes {
		if fi := indexNamed(from, ti.Name, idxUsed); fi != nil && (indexEqual(fi, ti) || sameGuarantee(fi, ti)) {
			idxUsed[fi], paired[ti] = true, true
		}
	}
	for _, ti := range to.Indexes {
		if paired[ti] {
			continue
		}
		if fi := indexLike(from, to, ti, idxUsed); fi != nil {
			idxUsed[fi] = true
			continue
		}
		if fi := indexNamed(from, ti.Name, idxUsed); fi != nil {
			idxUsed[fi] = true
			tc.idxDrops = append(tc.idxDrops, &schema.DropIndex{I: fi})
		}
		tc.idxAdds = append(tc.idxAdds, &schema.AddIndex{I: ti})
	}
	// An ORM that cannot declare indexes (Bun, sqlx) leaves the database's
	// own alone; unique constraints it declares stay managed.
	u := undeclarable(to)
	for _, fi := range from.Indexes {
		keep := u != nil && u.Indexes && !isUniqueConstraint(fi)
		if !idxUsed[fi] && !keep {
			tc.idxDrops = append(tc.idxDrops, &schema.DropIndex{I: fi})
		}
	}
}

// matchForeignKeys pairs foreign keys by constraint name, else by
// definition.
func matchForeignKeys(tc *tableChanges, from, to *schema.Table) {
	fkUsed := make(map[*schema.ForeignKey]bool)
	for _, tf := range to.ForeignKeys {
		ff := findForeignKey(from, to, tf, fkUsed)
		if ff != nil {
			fkUsed[ff] = true
			if foreignKeyEqual(ff, tf) {
				continue
			}
			tc.fkDrops = append(tc.fkDrops, &schema.DropForeignKey{F: ff})
		}
		tc.fkAdds = append(tc.fkAdds, &schema.AddForeignKey{F: tf})
	}
	u := undeclarable(to)
	for _, ff := range from.ForeignKeys {
		if !fkUsed[ff] && (u == nil || !u.ForeignKeys) {
			tc.fkDrops = append(tc.fkDrops, &schema.DropForeignKey{F: ff})
		}
	}
}

// matchChecks pairs CHECK constraints by name, else by expression.
func matchChecks(tc *tableChanges, from, to *schema.Table) {
	fromChecks, toChecks := checks(from.Attrs), checks(to.Attrs)
	chkUsed := make(map[*schema.Check]bool)
	for _, want := range toChecks {
		fc := findCheck(fromChecks, want, chkUsed)
		if fc != nil {
			chkUsed[fc] = true
			if exprEqual(fc.Expr, want.Expr) {
				continue
			}
			tc.chkDrops = append(tc.chkDrops, &schema.DropCheck{C: fc})
		}
		tc.chkAdds = append(tc.chkAdds, &schema.AddCheck{C: want})
	}
	// An ORM that cannot declare CHECKs (Bun, sqlx) leaves the
	// database's own alone.
	if u := undeclarable(to); u != nil && u.Checks {
		return
	}
	for _, fc := range fromChecks {
		if !chkUsed[fc] {
			tc.chkDrops = append(tc.chkDrops, &schema.DropCheck{C: fc})
		}
	}
}

// matchComment compares the table comments. No tag dialect declares a
// table comment, so a comment the models do not declare is the
// database's: it is never dropped (a table comment appears or changes only
// when the desired table carries one).
func matchComment(tc *tableChanges, from, to *schema.Table) {
	fcm, fok := attr.Get[*schema.Comment](from.Attrs)
	tcm, tok := attr.Get[*schema.Comment](to.Attrs)
	switch {
	case fok && tok && fcm.Text != tcm.Text:
		tc.attrChanges = append(tc.attrChanges, &schema.ModifyAttr{From: fcm, To: tcm})
	case !fok && tok && tcm.Text != "":
		tc.attrChanges = append(tc.attrChanges, &schema.AddAttr{A: tcm})
	}
}

// columnChange returns what differs between a current and a desired column.
func (c *comparer) columnChange(ft, tt *schema.Table, from, to *schema.Column) schema.ChangeKind {
	var k schema.ChangeKind
	if !c.d.typesEqual(from.Type, to.Type) || identityOf(from) != identityOf(to) {
		k |= schema.ChangeType
	}
	// A NOT NULL domain makes its column NOT NULL whatever the column
	// says: that is the domain's, which gen does not manage.
	domainNotNull := domainOf(from) != nil && !domainOf(from).Null && from.Type.Null
	if from.Type.Null != to.Type.Null && !domainNotNull && (c.d.comparesPKNullability() || !(inPK(ft, from) && inPK(tt, to))) {
		k |= schema.ChangeNull
	}
	fd, td := c.d.normalizeDefault(exprText(from.Default)), c.d.normalizeDefault(exprText(to.Default))
	if d := domainOf(from); d != nil && fd == "" && td != "" {
		// A column of a domain without a default of its own takes the
		// domain's: a model declaring that one declares no change.
		fd = c.d.normalizeDefault(exprText(d.Default))
	}
	fd, td = unqualifyCalls(fd, c.searchPath), unqualifyCalls(td, c.searchPath)
	if !defaultsEqual(fd, td) && !timestampDefaultsEqual(to.Type, fd, td) {
		k |= schema.ChangeDefault
	}
	// A column comment the models cannot declare (Bun, sqlx) is the
	// database's to keep.
	if u := undeclarable(tt); commentOf(from.Attrs) != commentOf(to.Attrs) && (u == nil || !u.Comments || commentOf(to.Attrs) != "") {
		k |= schema.ChangeComment
	}
	fg, fok := attr.Get[*schema.GeneratedExpr](from.Attrs)
	tg, tok := attr.Get[*schema.GeneratedExpr](to.Attrs)
	if fok != tok || fok && (!exprEqual(fg.Expr, tg.Expr) || !strings.EqualFold(genType(fg), genType(tg))) {
		k |= schema.ChangeGenerated
	}
	return k
}

func genType(g *schema.GeneratedExpr) string {
	if g.Type == "" {
		return "VIRTUAL"
	}
	return g.Type
}

// identityOf returns how a column generates its keys: its identity
// generation, or AUTOINCREMENT for a SQLite key declared with it ("" when
// it has neither).
func identityOf(c *schema.Column) string {
	if attr.Has[*sqlite.AutoIncrement](c.Attrs) {
		return "AUTOINCREMENT"
	}
	if id, ok := attr.Get[*postgres.Identity](c.Attrs); ok {
		g := strings.ToUpper(id.Generation)
		if g == "" {
			g = "BY DEFAULT"
		}
		return g
	}
	return ""
}

// identityForSerial returns the desired column as the live one satisfies
// it. Where the models ask for auto-increment (a serial: GORM's default
// integer key, autoIncrement, type:bigserial) and the live column is an
// identity, the identity is auto-increment already (GORM counts it as
// one): the column wanted is the identity, of the serial's integer type,
// generated as the live one is. It is a copy; the desired schema is not
// modified. Comparing and rendering against it keeps the identity: a
// change of width alters the type, and never rewrites the identity into a
// sequence. A model that asks for an identity itself
// (gorm:"generated:identity") against a serial is still a change.
func identityForSerial(from, to *schema.Column) *schema.Column {
	id, ok := attr.Get[*postgres.Identity](from.Attrs)
	if !ok || identityOf(to) != "" || to.Type == nil {
		return to
	}
	st, ok := to.Type.Type.(*postgres.SerialType)
	if !ok {
		t, err := postgres.ParseType(to.Type.Raw)
		if st, ok = t.(*postgres.SerialType); err != nil || !ok {
			return to
		}
	}
	it := st.IntegerType()
	c := *to
	c.Type = &schema.ColumnType{Type: it, Raw: it.T, Null: to.Type.Null}
	c.Attrs = append(slices.Clip(to.Attrs), &postgres.Identity{Generation: identityOf(from), Sequence: id.Sequence})
	return &c
}

func inPK(t *schema.Table, c *schema.Column) bool {
	if t == nil || t.PrimaryKey == nil {
		return false
	}
	for _, p := range t.PrimaryKey.Parts {
		if p.C != nil && p.C.Name == c.Name {
			return true
		}
	}
	return false
}

func commentOf(attrs []schema.Attr) string {
	if c, ok := attr.Get[*schema.Comment](attrs); ok {
		return c.Text
	}
	return ""
}

func checks(attrs []schema.Attr) []*schema.Check {
	var cs []*schema.Check
	for _, a := range attrs {
		if c, ok := a.(*schema.Check); ok {
			cs = append(cs, c)
		}
	}
	return cs
}

func findCheck(from []*schema.Check, to *schema.Check, used map[*schema.Check]bool) *schema.Check {
	for _, fc := range from {
		if !used[fc] && to.Name != "" && fc.Name == to.Name {
			return fc
		}
	}
	for _, fc := range from {
		if !used[fc] && (to.Name == "" || fc.Name == "") && exprEqual(fc.Expr, to.Expr) {
			return fc
		}
	}
	return nil
}

func pkEqual(a, b *schema.Index) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	if b.Name != "" && a.Name != "" && a.Name != b.Name {
		return false
	}
	return slices.Equal(partKeys(a), partKeys(b))
}

// partKeys describes index parts for comparison: column names, or
// normalized expressions, with their sort order.
func partKeys(i *schema.Index) []string {
	keys := make([]string, 0, len(i.Parts))
	for _, p := range i.Parts {
		var k string
		var opclass string
		if oc, ok := attr.Get[*postgres.IndexOpClass](p.Attrs); ok {
			opclass = oc.Name
		}
		col := p.C
		if col == nil && p.X != nil {
			// GORM's expression:name gin_trgm_ops is the column name
			// with that operator class.
			if c, oc, ok := columnOpClass(i.Table, exprText(p.X)); ok {
				col, opclass = c, oc
			}
		}
		switch {
		case col != nil:
			k = "c:" + col.Name
			if c, ok := attr.Get[*attr.IndexCollation](p.Attrs); ok {
				k += " collate " + strings.ToLower(c.Name)
			}
		case p.X != nil:
			k = "x:" + exprKey(exprText(p.X))
		}
		if oc := opClassKey(opclass); oc != "" {
			k += " opclass " + oc
		}
		if p.Desc {
			k += " desc"
		}
		keys = append(keys, k)
	}
	return keys
}

func tokensString(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch t.kind {
		case tokString:
			b.WriteString("'" + strings.ReplaceAll(t.text, "'", "''") + "'")
		case tokQIdent:
			b.WriteString(`"` + t.text + `"`)
		default:
			b.WriteString(t.text)
		}
	}
	return b.String()
}

// generatedIndexName reports whether the database, not a person, named the
// index: SQLite's autoindexes of UNIQUE constraints declared without a name.
func generatedIndexName(name string) bool {
	return strings.HasPrefix(name, "sqlite_autoindex_")
}

// indexNamed returns the unused index of from called name.
func indexNamed(from *schema.Table, name string, used map[*schema.Index]bool) *schema.Index {
	for _, fi := range from.Indexes {
		if !used[fi] && fi.Name == name {
			return fi
		}
	}
	return nil
}

// indexLike returns the unused index of from that is the desired index ti
// under another name: one the database named (SQLite autoindexes) with
// ti's definition, or one giving ti's unique guarantee, preferably of the
// same kind. An index whose name a desired index of to carries is not
// taken: that one is added under its name, which must be free.
func indexLike(from, to *schema.Table, ti *schema.Index, used map[*schema.Index]bool) *schema.Index {
	var like *schema.Index
	for _, fi := range from.Indexes {
		switch {
		case used[fi]:
		case generatedIndexName(fi.Name) && indexEqual(fi, ti):
			return fi
		case slices.ContainsFunc(to.Indexes, func(i *schema.Index) bool { return i.Name == fi.Name }):
		case sameGuarantee(fi, ti) && indexEqual(fi, ti):
			return fi
		case sameGuarantee(fi, ti) && like == nil:
			like = fi
		}
	}
	return like
}

// sameGuarantee reports whether two unique indexes or constraints enforce
// the same uniqueness: the same definition but for the name and the kind.
// A unique constraint is a unique index PostgreSQL and SQLite build for
// it, with no predicate, the default method and the columns' collations;
// either can be the target of a foreign key.
func sameGuarantee(a, b *schema.Index) bool {
	return a.Unique && b.Unique && sameDefinition(a, b)
}

// indexEqual reports whether two indexes are the same object: the same
// definition (sameDefinition), and both constraints or both indexes.
func indexEqual(a, b *schema.Index) bool {
	return isUniqueConstraint(a) == isUniqueConstraint(b) && sameDefinition(a, b)
}

func isUniqueConstraint(i *schema.Index) bool { return attr.Has[*attr.UniqueConstraint](i.Attrs) }

// sameDefinition compares everything of two indexes but their names and
// whether they are unique constraints: uniqueness, parts (with their
// collations, operator classes and order), predicate, INCLUDE columns,
// NULLS NOT DISTINCT, DEFERRABLE as b declares it (deferrableDiffers),
// method and storage parameters. a is the live index, b the desired one.
func sameDefinition(a, b *schema.Index) bool {
	// An INVALID index (a failed concurrent build) is no index at all.
	if attr.Has[*attr.InvalidIndex](a.Attrs) || attr.Has[*attr.InvalidIndex](b.Attrs) {
		return false
	}
	if a.Unique != b.Unique || !slices.Equal(partKeys(a), partKeys(b)) {
		return false
	}
	pa, aok := attr.Get[*attr.IndexPredicate](a.Attrs)
	pb, bok := attr.Get[*attr.IndexPredicate](b.Attrs)
	if aok != bok || aok && !exprEqual(pa.P, pb.P) {
		return false
	}
	if includeKey(a) != includeKey(b) || nullsNotDistinct(a) != nullsNotDistinct(b) || deferrableDiffers(a.Attrs, b.Attrs) {
		return false
	}
	return indexMethod(a) == indexMethod(b) && slices.Equal(storageParams(a), storageParams(b))
}

// storageParams returns an index's storage parameters in a canonical
// order, values compared without case (fillfactor=70, deduplicate_items=off).
func storageParams(i *schema.Index) []string {
	s, ok := attr.Get[*attr.IndexStorage](i.Attrs)
	if !ok {
		return nil
	}
	ps := make([]string, len(s.Params))
	for n, p := range s.Params {
		ps[n] = strings.ToLower(p)
	}
	slices.Sort(ps)
	return ps
}

func indexMethod(i *schema.Index) string {
	if m, ok := attr.Get[*attr.IndexMethod](i.Attrs); ok && !strings.EqualFold(m.T, "btree") {
		return strings.ToLower(m.T)
	}
	return ""
}

// findForeignKey returns the live foreign key that to is: the one of the
// same name, else one of the same definition whatever its name (a
// database built by another tool names them its own way: PostgreSQL's
// orders_user_id_fkey for GORM's fk_orders_user), so long as no other
// desired key of the table claims that name. The live name is kept: a
// foreign key is never renamed or rebuilt for its name alone.
func findForeignKey(from, want *schema.Table, to *schema.ForeignKey, used map[*schema.ForeignKey]bool) *schema.ForeignKey {
	for _, ff := range from.ForeignKeys {
		if !used[ff] && to.Symbol != "" && ff.Symbol == to.Symbol {
			return ff
		}
	}
	claimed := func(name string) bool {
		for _, tf := range want.ForeignKeys {
			if tf != to && tf.Symbol != "" && tf.Symbol == name {
				return true
			}
		}
		return false
	}
	for _, ff := range from.ForeignKeys {
		if !used[ff] && (ff.Symbol == "" || !claimed(ff.Symbol)) && foreignKeyEqual(ff, to) {
			return ff
		}
	}
	return nil
}

// foreignKeyEqual compares a live foreign key a with a desired one b.
func foreignKeyEqual(a, b *schema.ForeignKey) bool {
	return columnNames(a.Columns) == columnNames(b.Columns) &&
		a.RefTable != nil && b.RefTable != nil && a.RefTable.Name == b.RefTable.Name &&
		columnNames(a.RefColumns) == columnNames(b.RefColumns) &&
		refAction(a.OnUpdate) == refAction(b.OnUpdate) &&
		refAction(a.OnDelete) == refAction(b.OnDelete) &&
		!deferrableDiffers(a.Attrs, b.Attrs)
}

func refAction(o schema.ReferenceOption) string {
	s := strings.ToUpper(string(o))
	if s == "NO ACTION" {
		return ""
	}
	return s
}

func columnNames(cs []*schema.Column) string {
	return strings.Join(columnList(cs), ",")
}

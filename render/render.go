package render

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/migrations"
)

// A Script is the SQL for one direction of a migration.
type Script struct {
	Stmts []migrations.Stmt
	// NoTransaction is set when a statement cannot run inside a
	// transaction block (PostgreSQL CREATE INDEX CONCURRENTLY).
	NoTransaction bool
}

var (
	// ErrUnsupportedDialect is returned by Render for a plan whose dialect
	// render cannot write SQL for (yet).
	ErrUnsupportedDialect = errors.New("render: dialect not supported")

	// ErrManualChange is returned by Render when a change has no automatic
	// SQL form (e.g. removing a value from a PostgreSQL enum type). The
	// wrapping error names the object and says what to do instead.
	ErrManualChange = errors.New("render: change cannot be rendered automatically")
)

// Render returns the statements that apply plan, for plan.Dialect
// ("postgres" or "sqlite"). The Down of a migration is
// Render(plan.Reverse()).
//
// Errors wrap ErrUnsupportedDialect for "mysql" and unknown dialects, and
// ErrManualChange for a change that must be written by hand. A change type
// render does not know is an error naming it, never skipped.
func Render(plan *diff.Plan) (*Script, error) {
	if plan == nil {
		return &Script{}, nil
	}
	var w writer
	switch plan.Dialect {
	case "postgres":
		w = &pgWriter{}
	case "sqlite":
		w = &sqliteWriter{}
	case "mysql":
		return nil, fmt.Errorf("%w: MySQL migrations are not supported yet; use PostgreSQL or SQLite", ErrUnsupportedDialect)
	default:
		return nil, fmt.Errorf("%w: %q (want \"postgres\" or \"sqlite\")", ErrUnsupportedDialect, plan.Dialect)
	}
	s := &Script{}
	for _, c := range plan.Changes {
		stmts, err := w.change(c)
		if err != nil {
			return nil, err
		}
		if len(stmts) > 0 && len(c.Notes) > 0 {
			stmts[0].Comments = append(append([]string(nil), c.Notes...), stmts[0].Comments...)
		}
		for _, st := range stmts {
			s.Stmts = append(s.Stmts, st.Stmt)
			if st.noTx {
				s.NoTransaction = true
			}
		}
	}
	return s, nil
}

// writer renders the changes of one dialect.
type writer interface {
	change(c *diff.Change) ([]stmt, error)
}

// stmt is a Stmt with what render needs to know about it: whether it must
// run outside a transaction block (CREATE INDEX CONCURRENTLY, later).
type stmt struct {
	migrations.Stmt
	noTx bool
}

// stmts collects the statements of one change.
type stmts []stmt

func (s *stmts) add(format string, args ...any) *stmt {
	*s = append(*s, stmt{Stmt: migrations.Stmt{SQL: fmt.Sprintf(format, args...)}})
	return &(*s)[len(*s)-1]
}

// placeholder adds a statement with no SQL, only comments: a step the
// author must write (a backfill, a manual change). The file shows the
// comments where the statement goes; nothing runs until it is written.
func (s *stmts) placeholder(lines []string) {
	*s = append(*s, stmt{Stmt: migrations.Stmt{Comments: lines}})
}

// comment adds a comment line to the last statement added.
func (s *stmts) comment(text string) {
	if len(*s) > 0 {
		last := &(*s)[len(*s)-1]
		last.Comments = append(last.Comments, text)
	}
}

// ident quotes an identifier with double quotes, doubling any inside.
func ident(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// idents quotes and joins column names.
func idents(cols []*schema.Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = ident(c.Name)
	}
	return strings.Join(names, ", ")
}

// quoteString returns s as an SQL string literal.
func quoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// exprText returns the SQL text of a default or index expression, "" for
// none.
func exprText(e schema.Expr) string {
	switch e := e.(type) {
	case *schema.Literal:
		return strings.TrimSpace(e.V)
	case *schema.RawExpr:
		return strings.TrimSpace(e.X)
	case nil:
		return ""
	}
	return fmt.Sprint(e)
}

// defaultText returns a column's default as SQL, "" when it has none (an
// explicit NULL default counts as none).
func defaultText(c *schema.Column) string {
	s := exprText(c.Default)
	if strings.EqualFold(s, "null") {
		return ""
	}
	return s
}

// wrapped reports whether s is entirely enclosed in one pair of
// parentheses, e.g. "(a + b)" but not "(a) + (b)".
// isCall reports whether s is one function call, name(…), with a plain
// (unquoted) name, as an index key may hold without parentheses.
func isCall(s string) bool {
	s = strings.TrimSpace(s)
	i := strings.IndexByte(s, '(')
	if i <= 0 {
		return false
	}
	for _, r := range s[:i] {
		if !(r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return wrapped(s[i:])
}

func wrapped(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 2 || s[0] != '(' || s[len(s)-1] != ')' {
		return false
	}
	depth := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
		case ch == '(':
			depth++
		case ch == ')':
			depth--
			if depth == 0 && i != len(s)-1 {
				return false
			}
		}
	}
	return depth == 0
}

// paren wraps s in parentheses unless it already is.
func paren(s string) string {
	if wrapped(s) {
		return s
	}
	return "(" + s + ")"
}

// checksOf returns the CHECK constraints in attrs, in order.
func checksOf(attrs []schema.Attr) []*schema.Check {
	var cs []*schema.Check
	for _, a := range attrs {
		if c, ok := a.(*schema.Check); ok {
			cs = append(cs, c)
		}
	}
	return cs
}

// isConstraint reports whether an index is a unique table constraint.
func isConstraint(i *schema.Index) bool {
	return attr.Has[*attr.UniqueConstraint](i.Attrs)
}

// refAction returns an ON DELETE/ON UPDATE action to print, "" for the
// default (NO ACTION).
func refAction(o schema.ReferenceOption) string {
	s := strings.ToUpper(strings.TrimSpace(string(o)))
	if s == "NO ACTION" {
		return ""
	}
	return s
}

// foreignKey returns the FOREIGN KEY clause of fk, with its CONSTRAINT
// name when it has one.
func foreignKey(fk *schema.ForeignKey) (string, error) {
	if fk.RefTable == nil {
		return "", fmt.Errorf("render: foreign key %q of table %q has no referenced table", fk.Symbol, tableName(fk.Table))
	}
	var b strings.Builder
	if fk.Symbol != "" {
		b.WriteString("CONSTRAINT " + ident(fk.Symbol) + " ")
	}
	fmt.Fprintf(&b, "FOREIGN KEY (%s) REFERENCES %s (%s)", idents(fk.Columns), ident(fk.RefTable.Name), idents(fk.RefColumns))
	if a := refAction(fk.OnDelete); a != "" {
		b.WriteString(" ON DELETE " + a)
	}
	if a := refAction(fk.OnUpdate); a != "" {
		b.WriteString(" ON UPDATE " + a)
	}
	return b.String(), nil
}

// check returns the CHECK clause of c, with its CONSTRAINT name when it
// has one.
func check(c *schema.Check) string {
	s := "CHECK " + paren(c.Expr)
	if c.Name != "" {
		s = "CONSTRAINT " + ident(c.Name) + " " + s
	}
	return s
}

// uniqueConstraint returns the UNIQUE table constraint of i.
func uniqueConstraint(i *schema.Index) string {
	s := "UNIQUE (" + indexParts(i) + ")"
	if i.Name != "" {
		s = "CONSTRAINT " + ident(i.Name) + " " + s
	}
	return s
}

// indexParts returns the key list of an index: quoted columns and
// parenthesised expressions, each with DESC when descending.
func indexParts(i *schema.Index) string {
	parts := make([]string, len(i.Parts))
	for n, p := range i.Parts {
		var s string
		switch {
		case p.C != nil:
			s = ident(p.C.Name)
			if c, ok := attr.Get[*attr.IndexCollation](p.Attrs); ok && c.Name != "" {
				s += " COLLATE " + ident(c.Name)
			}
		case reColumnOpClass.MatchString(exprText(p.X)):
			// A column and its operator class, as GORM's expression:
			// declares one (expression:name gin_trgm_ops): verbatim.
			s = strings.TrimSpace(exprText(p.X))
		case isCall(exprText(p.X)):
			// A function call needs no parentheses of its own in an
			// index's key list; ORMs and people write lower(email).
			s = strings.TrimSpace(exprText(p.X))
		default:
			s = paren(exprText(p.X))
		}
		if oc, ok := attr.Get[*postgres.IndexOpClass](p.Attrs); ok && oc.Name != "" {
			s += " " + oc.Name
		}
		if p.Desc {
			s += " DESC"
		}
		parts[n] = s
	}
	return strings.Join(parts, ", ")
}

// reColumnOpClass matches an index key written as a column and an
// operator class (name gin_trgm_ops, "Name" public.gin_trgm_ops).
var reColumnOpClass = regexp.MustCompile(`^\s*(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"]|"")+")\s+(?:[A-Za-z_][A-Za-z0-9_$]*\.)?[A-Za-z_][A-Za-z0-9_$]*\s*$`)

// createIndex returns CREATE [UNIQUE] INDEX for a plain (non-constraint)
// index of table t. withMethod adds USING for a non-default method and
// WITH for storage parameters (PostgreSQL).
func createIndex(t string, i *schema.Index, withMethod bool) string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if i.Unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX " + ident(i.Name) + " ON " + ident(t))
	if m, ok := attr.Get[*attr.IndexMethod](i.Attrs); ok && withMethod && m.T != "" && !strings.EqualFold(m.T, "btree") {
		b.WriteString(" USING " + strings.ToLower(m.T))
	}
	b.WriteString(" (" + indexParts(i) + ")")
	if s, ok := attr.Get[*attr.IndexStorage](i.Attrs); ok && withMethod && len(s.Params) > 0 {
		b.WriteString(" WITH (" + strings.Join(s.Params, ", ") + ")")
	}
	if p, ok := attr.Get[*attr.IndexPredicate](i.Attrs); ok && strings.TrimSpace(p.P) != "" {
		b.WriteString(" WHERE " + strings.TrimSpace(p.P))
	}
	return b.String()
}

// alteredTable returns the name of the table an AlterTable alters, as it
// is called when the change runs.
func alteredTable(c *diff.Change, op *diff.AlterTable) (string, error) {
	for _, t := range []*schema.Table{op.T, c.To, c.From} {
		if t != nil && t.Name != "" {
			return t.Name, nil
		}
	}
	return "", fmt.Errorf("render: an AlterTable change names no table; this is a bug in gen, please report it")
}

// backfillPlaceholder is the text of a backfill gen cannot write: the
// UPDATE to fill column col of table t, batched by primary key when the
// table has one.
func backfillPlaceholder(t, col string, o *diff.Backfill) []string {
	lines := []string{
		fmt.Sprintf("BACKFILL (to write): give every row of %s a value in %s before NOT NULL is enforced", ident(t), ident(col)),
		"in the revision after this one. gen cannot know the values; write the UPDATE here, below",
		"these comments and above gen's guard, then run `gen hash`. gen check fails until you do.",
		"",
		fmt.Sprintf("  UPDATE %s SET %s = <value> WHERE %s IS NULL;", ident(t), ident(col), ident(col)),
	}
	if o.Key != nil && len(o.Key.Parts) == 1 && o.Key.Parts[0].C != nil {
		k := ident(o.Key.Parts[0].C.Name)
		lines = append(lines, "",
			"On a large table, update in batches by primary-key range, so that each statement",
			"holds its row locks briefly (a runner statement_timeout applies to each):",
			fmt.Sprintf("  UPDATE %s SET %s = <value> WHERE %s IS NULL AND %s >= 1 AND %s < 10001;", ident(t), ident(col), ident(col), k, k),
			"  … one statement per range of 10000 keys, up to the largest key.")
	}
	return lines
}

// guardComment is the comment above each backfill guard statement.
func guardComment(t, col string) string {
	return fmt.Sprintf("%s: fails while a row of %s has no %s, so that this revision cannot be recorded as done before the backfill above is written; keep it below your UPDATE", migrations.BackfillGuard, t, col)
}

// manualPlaceholder is the text of a change gen cannot write.
func manualPlaceholder(o *diff.Manual) []string {
	return []string{"MANUAL STEP (to write): " + o.What, "gen cannot write it: " + o.Why}
}

func tableName(t *schema.Table) string {
	if t == nil {
		return ""
	}
	return t.Name
}

// commentOf returns the comment in attrs and whether there is one.
func commentOf(attrs []schema.Attr) (string, bool) {
	c, ok := attr.Get[*schema.Comment](attrs)
	if !ok {
		return "", false
	}
	return c.Text, true
}

// unknownChange is the error for a change type render does not handle.
func unknownChange(dialect string, c schema.Change, table string) error {
	if table != "" {
		return fmt.Errorf("render: %s: table %q: unsupported change %T; this is a bug in gen, please report it", dialect, table, c)
	}
	return fmt.Errorf("render: %s: unsupported change %T; this is a bug in gen, please report it", dialect, c)
}

// dependentsWhat names the objects of o, for errors.
func dependentsWhat(o *diff.Dependents) string {
	var names []string
	for _, d := range o.List {
		names = append(names, d.Kind+" "+d.Name)
	}
	return strings.Join(names, ", ")
}

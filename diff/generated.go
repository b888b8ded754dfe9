package diff

import (
	"slices"
	"strings"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/internal/sqllex"
)

// regenerate plans, on PostgreSQL, the generated columns of a table around
// a change of the type of a column they read: PostgreSQL refuses it
// ("cannot alter type of a column used by a generated column"). Such a
// generated column, unchanged itself, is dropped before the change and
// added again after it (its values are computed again, from the new
// type), with the indexes on it that dropping it takes along. The dropped
// copy carries attr.Regenerated, so that it is not flagged as data lost
// nor taken for half of a rename.
func regenerate(tc *tableChanges, from, to *schema.Table) {
	typed := make(map[string]bool)
	for _, ch := range tc.modifies {
		if m := ch.(*schema.ModifyColumn); m.Change.Is(schema.ChangeType) {
			typed[m.From.Name] = true
		}
	}
	if len(typed) == 0 {
		return
	}
	changing := make(map[string]bool)
	for _, ch := range slices.Concat(tc.modifies, tc.colDrops) {
		switch ch := ch.(type) {
		case *schema.ModifyColumn:
			changing[ch.From.Name] = true
		case *schema.DropColumn:
			changing[ch.C.Name] = true
		}
	}
	for _, fc := range from.Columns {
		g, ok := attr.Get[*schema.GeneratedExpr](fc.Attrs)
		if !ok || changing[fc.Name] {
			continue
		}
		tc2, ok := to.Column(fc.Name)
		if !ok || !readsAny(g.Expr, typed) {
			continue
		}
		dropped := *fc
		dropped.Attrs = append(slices.Clone(fc.Attrs), &attr.Regenerated{})
		tc.colDrops = append(tc.colDrops, &schema.DropColumn{C: &dropped})
		tc.adds = append(tc.adds, &schema.AddColumn{C: tc2})
		// Its indexes go with it: dropped first, built again after.
		for _, idx := range from.Indexes {
			if !indexUses(idx, fc.Name) || hasChange(tc.idxDrops, idx.Name) {
				continue
			}
			di := *idx
			di.Attrs = append(slices.Clone(idx.Attrs), &attr.Regenerated{})
			tc.idxDrops = append(tc.idxDrops, &schema.DropIndex{I: &di})
			if ti, ok := to.Index(idx.Name); ok && !hasChange(tc.idxAdds, idx.Name) {
				tc.idxAdds = append(tc.idxAdds, &schema.AddIndex{I: ti})
			}
		}
	}
}

// hasChange reports whether changes holds an index change of that name.
func hasChange(changes []schema.Change, name string) bool {
	for _, ch := range changes {
		switch ch := ch.(type) {
		case *schema.DropIndex:
			if ch.I.Name == name {
				return true
			}
		case *schema.AddIndex:
			if ch.I.Name == name {
				return true
			}
		}
	}
	return false
}

// indexUses reports whether idx has column name as a part or names it in
// an expression part or its predicate.
func indexUses(idx *schema.Index, name string) bool {
	one := map[string]bool{name: true}
	for _, p := range idx.Parts {
		if p.C != nil && p.C.Name == name {
			return true
		}
		if x, ok := p.X.(*schema.RawExpr); ok && readsAny(x.X, one) {
			return true
		}
	}
	if pr, ok := attr.Get[*attr.IndexPredicate](idx.Attrs); ok && readsAny(pr.P, one) {
		return true
	}
	return false
}

// readsAny reports whether the SQL expression names one of the columns:
// an identifier (a bare word folded to lower case, or a quoted one), not
// a string or a comment. A function of the same name as a column counts
// too: the cost of the doubt is one generated column recomputed.
func readsAny(expr string, cols map[string]bool) bool {
	sc := sqllex.New(expr, sqllex.Postgres)
	for t := sc.Next(); t.Kind != sqllex.EOF; t = sc.Next() {
		switch t.Kind {
		case sqllex.Ident:
			if cols[strings.ToLower(t.Text)] || cols[t.Text] {
				return true
			}
		case sqllex.QuotedIdent:
			if cols[t.Name()] {
				return true
			}
		}
	}
	return false
}

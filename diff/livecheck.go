package diff

import (
	"context"
	"fmt"
	"strconv"

	"ariga.io/atlas/sql/schema"
)

// LiveCheck asks the live database, through pr, for the figures behind the
// plan's flags and grades each flag by its answer ("3 rows of accounts
// with NULL nickname" keeps an error; an exact 0 makes it safe). It also
// counts the rows of every existing table the plan changes
// (Change.Rows): that decides where Stages renders PostgreSQL's safe
// forms. All questions go to pr in one call, so the cost in round trips is
// the Prober's constant, whatever the size of the plan. It reads only.
//
// Without LiveCheck, a plan's data-dependent figures say "not checked" and
// their flags keep the severity of the worst case.
func LiveCheck(ctx context.Context, p *Plan, pr Prober) error {
	// After a table rebuild the database checks foreign keys: ask whether
	// the rows' references hold.
	d := p.dialect()
	rebuilds := d != nil && d.rebuildsOnAlter()
	// Questions name tables as they are called when the change runs; a
	// table renamed by the plan is still under its old name in the
	// database.
	oldName := make(map[string]string)
	for _, c := range p.Changes {
		if a, ok := c.Op.(*Atlas); ok {
			if r, ok := a.Change.(*schema.RenameTable); ok {
				oldName[r.To.Name] = r.From.Name
			}
		}
	}
	live := func(q Question) Question {
		if n, ok := oldName[q.Table]; ok {
			q.Table = n
		}
		if n, ok := oldName[q.RefTable]; ok {
			q.RefTable = n
		}
		return q
	}
	var (
		qs    []Question
		index = make(map[questionKey]int)
	)
	add := func(q Question) int {
		q = live(q)
		key := keyOf(q)
		if i, ok := index[key]; ok {
			return i
		}
		qs = append(qs, q)
		index[key] = len(qs) - 1
		return len(qs) - 1
	}
	type job struct {
		o  Op
		pd pending
		qi int
	}
	var jobs []job
	rows, refs := make(map[*Change]int), make(map[*Change]int)
	for _, c := range p.Changes {
		if c.From != nil && !c.newTable {
			rows[c] = add(Question{Ask: AskRows, Table: c.From.Name})
			if _, alter := c.Op.(*AlterTable); alter && rebuilds {
				refs[c] = add(Question{Ask: AskForeignKeyCheck, Table: c.From.Name})
			}
		}
		eachOp(c.Op, func(o Op) {
			for _, pd := range *o.pend() {
				jobs = append(jobs, job{o, pd, add(pd.q)})
			}
		})
	}
	if len(qs) == 0 {
		return nil
	}
	answers, err := pr.Probe(ctx, qs)
	if err != nil {
		return fmt.Errorf("live checks: %w", err)
	}
	if len(answers) != len(qs) {
		return fmt.Errorf("live checks: %d answers to %d questions; this is a bug in gen, please report it", len(answers), len(qs))
	}
	for c, i := range rows {
		c.Rows = rowsFigure(answers[i], c.From.Name)
	}
	for c, i := range refs {
		c.brokenRefs = countFigure(answers[i], "row", "of "+c.From.Name+" breaking a foreign key")
	}
	for _, j := range jobs {
		if j.pd.flag < 0 {
			if f := j.pd.create(answers[j.qi]); f != nil {
				*j.o.flags() = append(*j.o.flags(), *f)
			}
			continue
		}
		f := &(*j.o.flags())[j.pd.flag]
		j.pd.grade(f, answers[j.qi])
	}
	for _, c := range p.Changes {
		eachOp(c.Op, func(o Op) { *o.pend() = nil })
	}
	return nil
}

// A questionKey identifies a Question for LiveCheck's dedup: two
// questions with the same key ask the same thing. The scalar fields are
// kept as they are; the slices, which make Question incomparable, are
// written into lists, each element prefixed by its length so that no two
// different lists write the same string. A nil slice and an empty one
// ask the same, and key alike.
type questionKey struct {
	ask                                         Ask
	table, refTable, expr, typ, fromType, index string
	length                                      int
	lists                                       string
}

// keyOf must read every field of Question: this conversion stops
// compiling when a field is added, removed or retyped.
var _ = Question(struct {
	Ask            Ask
	Table          string
	Columns        []string
	Exprs          []bool
	RefTable       string
	RefColumns     []string
	Expr           string
	Type, FromType string
	Length         int
	Values         []string
	Index          string
}{})

func keyOf(q Question) questionKey {
	k := questionKey{ask: q.Ask, table: q.Table, refTable: q.RefTable, expr: q.Expr,
		typ: q.Type, fromType: q.FromType, index: q.Index, length: q.Length}
	if len(q.Columns)+len(q.Exprs)+len(q.RefColumns)+len(q.Values) == 0 {
		return k
	}
	n := 4 * 4
	for _, ss := range [...][]string{q.Columns, q.RefColumns, q.Values} {
		for _, s := range ss {
			n += len(s) + 4
		}
	}
	b := make([]byte, 0, n+len(q.Exprs))
	list := func(ss []string) {
		b = strconv.AppendInt(b, int64(len(ss)), 10)
		b = append(b, ';')
		for _, s := range ss {
			b = strconv.AppendInt(b, int64(len(s)), 10)
			b = append(b, ':')
			b = append(b, s...)
		}
	}
	list(q.Columns)
	list(q.RefColumns)
	list(q.Values)
	// Exprs: only the true entries matter (a missing entry is false).
	last := len(q.Exprs)
	for last > 0 && !q.Exprs[last-1] {
		last--
	}
	for _, e := range q.Exprs[:last] {
		if e {
			b = append(b, 't')
		} else {
			b = append(b, 'f')
		}
	}
	k.lists = string(b)
	return k
}

// empty reports whether the live checks counted no row in c's table.
func (c *Change) empty() bool {
	return c.newTable || c.From == nil || c.Rows.Zero()
}

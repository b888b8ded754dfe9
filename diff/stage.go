package diff

import (
	"fmt"
	"slices"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/migrations"
)

// Kinds of Stage.
const (
	// StageMain is the revision that makes the plan's changes, in one
	// transaction.
	StageMain = ""
	// StageBackfill is a revision for the author to write: the UPDATE
	// that fills the rows of a column before NOT NULL is enforced on it.
	StageBackfill = "backfill"
	// StageOnline is PostgreSQL's revision of what must not run inside a
	// transaction or while the main revision holds its locks: indexes
	// built and dropped CONCURRENTLY, unique constraints attached USING
	// INDEX, constraints VALIDATEd, NOT NULL enforced through a validated
	// CHECK. It is marked `-- gen:no-transaction`: each statement commits
	// on its own, so no lock is held longer than its statement.
	StageOnline = "online"
	// StageEnforce is SQLite's revision that enforces NOT NULL once the
	// backfill ran (a table rebuild).
	StageEnforce = "enforce"
)

// A Stage is the part of a plan that one migration file holds.
type Stage struct {
	Kind string
	Plan *Plan
}

// Message returns the revision message for a stage of a migration called msg.
func (s *Stage) Message(msg string) string {
	switch s.Kind {
	case StageBackfill:
		return msg + " (backfill)"
	case StageOnline:
		return msg + " (online)"
	case StageEnforce:
		return msg + " (enforce NOT NULL)"
	}
	return msg
}

// NoTransaction reports whether the stage's revision must run outside a
// transaction block.
func (s *Stage) NoTransaction() bool { return s.Kind == StageOnline }

// Stages splits the plan into the revisions that apply it safely, in
// order. On a table that holds rows (or whose rows were not counted):
//
//   - a NOT NULL column without a default is added nullable, a backfill
//     revision follows for the author to write, then NOT NULL is enforced;
//   - on PostgreSQL, indexes are built and dropped CONCURRENTLY, unique
//     constraints are built as a unique index and attached USING INDEX,
//     foreign keys and CHECKs are added NOT VALID and validated, and NOT
//     NULL is set through a validated CHECK — all in the online revision,
//     which runs outside a transaction.
//
// On an empty table each change stays one plain statement of the main
// revision. A plan with none of these is one stage.
func (p *Plan) Stages() []*Stage {
	d := p.dialect()
	concurrent := d != nil && d.onlineDDL()
	var main, backfill, online, enforce []*Change
	for _, c := range p.Changes {
		a, ok := c.Op.(*AlterTable)
		if !ok || c.empty() {
			main = append(main, c)
			continue
		}
		var m, b, on, en []Op
		var staged []string // columns added nullable or left nullable until enforced
		var pk *schema.Index
		if c.To != nil {
			pk = c.To.PrimaryKey
		}
		for _, op := range a.Ops {
			at, ok := op.(*Atlas)
			if !ok {
				m = append(m, op)
				continue
			}
			switch sc := at.Change.(type) {
			case *schema.AddIndex:
				switch {
				case !concurrent:
					m = append(m, op)
				case attr.Has[*attr.UniqueConstraint](sc.I.Attrs):
					idx := *sc.I
					idx.Attrs = slices.DeleteFunc(slices.Clone(idx.Attrs), func(x schema.Attr) bool {
						_, ok := x.(*attr.UniqueConstraint)
						return ok
					})
					idx.Unique = true
					on = append(on, &Concurrently{C: &schema.AddIndex{I: &idx}, flagged: flagged{Flags: at.Flags}},
						&AttachUnique{I: sc.I})
				default:
					on = append(on, &Concurrently{C: sc, flagged: flagged{Flags: at.Flags}})
				}
			case *schema.DropIndex:
				if concurrent && !attr.Has[*attr.UniqueConstraint](sc.I.Attrs) && !indexOnDroppedColumn(a, sc.I) {
					on = append(on, &Concurrently{C: sc, flagged: flagged{Flags: at.Flags}})
				} else {
					m = append(m, op)
				}
			case *schema.AddForeignKey, *schema.AddCheck:
				// Added NOT VALID here, validated in the online revision;
				// a constraint without a name cannot be validated by it.
				name, what := constraintName(sc)
				if concurrent && name != "" {
					m = append(m, &NotValid{Add: sc, flagged: flagged{Flags: at.Flags}})
					on = append(on, &Validate{Name: name, What: what})
				} else {
					m = append(m, op)
				}
			case *schema.AddColumn:
				col := sc.C
				if col.Type.Null || col.Default != nil || autoFilled(col) {
					m = append(m, op)
					continue
				}
				nullable := nullableCopy(col)
				m = append(m, &Atlas{Change: &schema.AddColumn{C: nullable}, flagged: flagged{Flags: relaxStaged(at.Flags, migrations.CodeRequiredColumn)}})
				b = append(b, backfillOf(c.To, col, pk))
				staged = append(staged, col.Name)
				if concurrent {
					on = append(on, &EnforceNotNull{From: nullable, To: col, Check: checkName(c.To.Name, col.Name)})
				} else {
					en = append(en, &Atlas{Change: &schema.ModifyColumn{From: nullable, To: col, Change: schema.ChangeNull}})
				}
			case *schema.ModifyColumn:
				if !sc.Change.Is(schema.ChangeNull) || sc.To.Type.Null || inPK(c.To, sc.To) || autoFilled(sc.To) {
					m = append(m, op)
					continue
				}
				nulls := flagFigure(at, migrations.CodeSetNotNull)
				def := exprText(sc.To.Default)
				// Without a default, the rows need a backfill unless the
				// live check counted no NULL.
				fill := def == "" && !nulls.Zero()
				if !concurrent && !fill {
					m = append(m, op) // the rebuild fills NULLs with the default
					continue
				}
				mid := nullableCopy(sc.To)
				nullFlags, otherFlags := splitFlags(at.Flags, migrations.CodeSetNotNull, migrations.CodeNotNullScan)
				if rest := sc.Change &^ schema.ChangeNull; rest != schema.NoChange {
					m = append(m, &Atlas{Change: &schema.ModifyColumn{From: sc.From, To: mid, Change: rest}, flagged: flagged{Flags: otherFlags}})
				} else {
					nullFlags = append(nullFlags, otherFlags...) // no flag is dropped
				}
				staged = append(staged, sc.To.Name)
				switch {
				case def != "" && concurrent:
					on = append(on, &Backfill{C: sc.To, Key: pk, Value: def})
				case fill:
					b = append(b, backfillOf(c.To, sc.To, pk))
					nullFlags = relaxStaged(nullFlags, migrations.CodeSetNotNull)
				}
				if concurrent {
					on = append(on, &EnforceNotNull{From: mid, To: sc.To, Check: checkName(c.To.Name, sc.To.Name), flagged: flagged{Flags: nullFlags}})
				} else {
					en = append(en, &Atlas{Change: &schema.ModifyColumn{From: mid, To: sc.To, Change: schema.ChangeNull}, flagged: flagged{Flags: nullFlags}})
				}
			default:
				m = append(m, op)
			}
		}
		mid := c.To
		if len(staged) > 0 && c.To != nil {
			mid = withNullable(c.To, staged)
		}
		// The table's own flags go with its first revision.
		tableFlags := a.Flags
		part := func(ops []Op, from, to *schema.Table) *Change {
			at := &AlterTable{T: a.T, Ops: ops, flagged: flagged{Flags: tableFlags}}
			tableFlags = nil
			return &Change{Op: at, From: from, To: to, Notes: c.Notes, Uses: c.Uses, Rows: c.Rows, newTable: c.newTable, brokenRefs: c.brokenRefs}
		}
		if len(m) > 0 {
			main = append(main, part(m, c.From, mid))
		}
		if len(b) > 0 {
			backfill = append(backfill, part(b, mid, mid))
		}
		if len(on) > 0 {
			online = append(online, part(on, mid, c.To))
		}
		if len(en) > 0 {
			enforce = append(enforce, part(en, mid, c.To))
		}
	}
	var out []*Stage
	if p.rebuilds != nil {
		for _, cs := range [][]*Change{main, backfill, enforce} {
			for _, c := range cs {
				p.flagRebuild(c)
			}
		}
	}
	for _, s := range []struct {
		kind    string
		changes []*Change
	}{{StageMain, main}, {StageBackfill, backfill}, {StageOnline, online}, {StageEnforce, enforce}} {
		if len(s.changes) > 0 {
			out = append(out, &Stage{Kind: s.kind, Plan: &Plan{Dialect: p.Dialect, Changes: s.changes}})
		}
	}
	return out
}

// flagRebuild flags a change the dialect renders as a table rebuild
// (SQLite, L12): the rows it copies, and rows that already break a foreign
// key, which the rebuild's foreign_key_check refuses.
func (p *Plan) flagRebuild(c *Change) {
	a, ok := c.Op.(*AlterTable)
	if !ok {
		return
	}
	reason := p.rebuilds(c)
	if reason == "" {
		return
	}
	t := a.T.Name
	i := raise(a, migrations.CodeRebuild, migrations.Warning, t, posOf(c.To.Attrs),
		fmt.Sprintf("rebuilds table %s (%s): every row is copied while the database is write-locked", t, reason),
		"run it when writes can wait; on a large table, in a maintenance window")
	f := &a.Flags[i]
	f.Live = c.Rows
	if c.Rows == nil {
		f.Live = &migrations.Figure{State: migrations.NotChecked}
	}
	switch {
	case c.empty():
		f.Severity = migrations.Info
		f.Message = fmt.Sprintf("rebuilds table %s (%s): safe, %s is empty", t, reason, t)
	case c.brokenRefs.Some():
		f.Severity = migrations.Error
		f.Message = fmt.Sprintf("rebuilds table %s (%s): the rebuild's foreign_key_check fails, rows already break a foreign key", t, reason)
		f.Live = c.brokenRefs
		f.Fix = "delete or fix the rows that reference nothing (PRAGMA foreign_key_check lists them) first"
	}
}

// backfillOf is the backfill of column col of table t: a placeholder for
// the author, flagged until it is written.
func backfillOf(t *schema.Table, col *schema.Column, pk *schema.Index) *Backfill {
	b := &Backfill{C: col, Key: pk}
	obj := t.Name + "." + col.Name
	raise(b, migrations.CodeBackfill, migrations.Error, obj, posOf(col.Attrs),
		fmt.Sprintf("the rows of %s need a value in %s before NOT NULL is enforced: this revision holds the UPDATE for you to write", t.Name, col.Name),
		"write the UPDATE under `-- +gen Up` in this file and run `gen hash`; gen check passes once the revision has a statement")
	return b
}

// constraintName returns the name of the foreign key or CHECK a change
// adds, and what it is.
func constraintName(c schema.Change) (name, what string) {
	switch c := c.(type) {
	case *schema.AddForeignKey:
		return c.F.Symbol, "foreign key"
	case *schema.AddCheck:
		return c.C.Name, "check"
	}
	return "", ""
}

// relaxStaged lowers the error of a NOT NULL flag whose change the plan
// stages (add nullable → backfill → enforce) to a warning: staged, it no
// longer fails, and the backfill revision's CodeBackfill flag is the error
// that stands until the author writes it.
func relaxStaged(fs []migrations.Flag, code string) []migrations.Flag {
	out := slices.Clone(fs)
	for i := range out {
		if out[i].Code == code && out[i].Severity == migrations.Error {
			out[i].Severity = migrations.Warning
			out[i].Message += "; the backfill revision holds what to write"
		}
	}
	return out
}

// splitFlags separates the flags of codes from the others.
func splitFlags(fs []migrations.Flag, codes ...string) (of, others []migrations.Flag) {
	for _, f := range fs {
		if slices.Contains(codes, f.Code) {
			of = append(of, f)
		} else {
			others = append(others, f)
		}
	}
	return of, others
}

// flagFigure returns the live figure of op's flag of code, nil without one.
func flagFigure(o Op, code string) *migrations.Figure {
	for _, f := range o.OpFlags() {
		if f.Code == code {
			return f.Live
		}
	}
	return nil
}

// checkName names the temporary CHECK through which NOT NULL is enforced,
// within PostgreSQL's 63 bytes.
func checkName(t, col string) string {
	n := t + "_" + col + "_not_null"
	if len(n) > 63 {
		n = n[:54] + fmt.Sprintf("_%08x", fnv32(t+"."+col))
	}
	return n
}

func fnv32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// nullableCopy returns col as a nullable column.
func nullableCopy(col *schema.Column) *schema.Column {
	c := *col
	t := *col.Type
	t.Null = true
	c.Type = &t
	return &c
}

// withNullable returns a copy of t whose columns named in cols are
// nullable: the table between a staged revision and the enforcing one.
func withNullable(t *schema.Table, cols []string) *schema.Table {
	c := *t
	c.Columns = make([]*schema.Column, len(t.Columns))
	for i, col := range t.Columns {
		if slices.Contains(cols, col.Name) {
			c.Columns[i] = nullableCopy(col)
		} else {
			c.Columns[i] = col
		}
	}
	return &c
}

// indexOnDroppedColumn reports whether index i covers a column the same
// change drops: PostgreSQL drops such an index with the column, so its
// drop stays beside it.
func indexOnDroppedColumn(a *AlterTable, i *schema.Index) bool {
	for _, op := range a.Ops {
		at, ok := op.(*Atlas)
		if !ok {
			continue
		}
		var col string
		switch sc := at.Change.(type) {
		case *schema.DropColumn:
			col = sc.C.Name
		case *schema.ModifyColumn:
			if !sc.Change.Is(schema.ChangeType) {
				continue
			}
			col = sc.From.Name
		default:
			continue
		}
		for _, p := range i.Parts {
			if p.C != nil && p.C.Name == col {
				return true
			}
		}
	}
	return false
}

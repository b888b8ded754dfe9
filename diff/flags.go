package diff

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"ariga.io/atlas/sql/postgres"
	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/migrations"
)

// Flags are raised by Compare on the operations they are about, as the
// structure of the change alone can tell them: a drop loses what the table
// holds, an index build on an existing table takes a lock. Where the live
// data decides (how many rows, NULLs, duplicates), the flag is raised at
// the severity of the worst case with a figure "not checked" and a
// pending Question; LiveCheck asks them and grades each flag by its answer.

// pending is a flag's Question, waiting for LiveCheck. A pending with
// flag -1 raises a flag only when the answer calls for one (create).
type pending struct {
	flag   int // index in the op's Flags
	q      Question
	grade  func(f *migrations.Flag, a Answer)
	create func(a Answer) *migrations.Flag
}

// askOnly attaches a question to op whose answer may raise a flag: without
// live checks, nothing is raised.
func askOnly(o Op, q Question, create func(a Answer) *migrations.Flag) {
	p := o.pend()
	*p = append(*p, pending{flag: -1, q: q, create: create})
}

// flagger raises flags while Compare builds a plan.
type flagger struct {
	d       dialect
	added   map[string]*schema.Column // "table.column" the plan adds
	asked   map[string]bool           // tables asked about as a whole
	dropped map[string]bool           // tables the plan drops
}

// newColumns returns the columns of cols that the plan adds to table t.
func (fl *flagger) newColumns(t string, cols []string) []*schema.Column {
	var out []*schema.Column
	for _, c := range cols {
		if col, ok := fl.added[t+"."+c]; ok {
			out = append(out, col)
		}
	}
	return out
}

// defaults returns the defaults of cols, "" for none.
func defaults(cols []*schema.Column) []string {
	var out []string
	for _, c := range cols {
		if d := exprText(c.Default); d != "" {
			out = append(out, c.Name+" = "+d)
		}
	}
	return out
}

// raise adds a flag to op and returns a pointer to it, valid until the
// next raise on the same op.
func raise(o Op, code string, sev migrations.Severity, object string, pos *schema.Pos, msg, fix string) int {
	fs := o.flags()
	f := migrations.Flag{Code: code, Severity: sev, Object: object, Message: msg, Fix: fix}
	if pos != nil {
		f.Pos = &migrations.Pos{File: pos.Filename, Line: pos.Start.Line, Col: pos.Start.Column}
	}
	*fs = append(*fs, f)
	return len(*fs) - 1
}

// ask attaches a live question to flag i of op: its figure is "not
// checked" until LiveCheck answers, and grade then sets figure, severity
// and message from the answer.
func ask(o Op, i int, q Question, grade func(f *migrations.Flag, a Answer)) {
	fs := o.flags()
	(*fs)[i].Live = &migrations.Figure{State: migrations.NotChecked}
	p := o.pend()
	*p = append(*p, pending{flag: i, q: q, grade: grade})
}

// raiseFlags walks a plan and raises the flags of its operations.
func (fl *flagger) raiseFlags(p *Plan) {
	// The columns the plan adds to existing tables: the database cannot
	// answer questions about them, and their rows hold their default.
	fl.added = make(map[string]*schema.Column)
	fl.asked = make(map[string]bool)
	fl.dropped = make(map[string]bool)
	for _, c := range p.Changes {
		if a, ok := c.Op.(*Atlas); ok {
			if d, ok := a.Change.(*schema.DropTable); ok {
				fl.dropped[d.T.Name] = true
			}
		}
	}
	for _, c := range p.Changes {
		if a, ok := c.Op.(*AlterTable); ok {
			for _, sub := range a.Ops {
				if at, ok := sub.(*Atlas); ok {
					if ac, ok := at.Change.(*schema.AddColumn); ok {
						fl.added[a.T.Name+"."+ac.C.Name] = ac.C
					}
				}
			}
		}
	}
	for _, c := range p.Changes {
		switch o := c.Op.(type) {
		case *Atlas:
			fl.tableLevel(c, o)
		case *AlterTable:
			for _, sub := range o.Ops {
				if a, ok := sub.(*Atlas); ok {
					fl.subChange(c, o.T.Name, a)
				}
			}
			// A table may have several changes (its foreign keys are
			// dropped first and added last): ask about it once.
			if !fl.asked[o.T.Name] {
				fl.asked[o.T.Name] = true
				fl.keyOverflow(c, o)
			}
		}
	}
	fl.probableRenames(p)
}

func (fl *flagger) tableLevel(c *Change, o *Atlas) {
	switch op := o.Change.(type) {
	case *schema.DropTable:
		t := op.T.Name
		i := raise(o, migrations.CodeDropTable, migrations.Error, t, nil,
			fmt.Sprintf("drops table %s and every row it holds", t),
			"stop using the table in the code and back it up first; if the table was renamed, put //gen:renamed_from "+t+" on the struct")
		ask(o, i, Question{Ask: AskRows, Table: t}, func(f *migrations.Flag, a Answer) {
			f.Live = rowsFigure(a, t)
			if f.Live.Zero() {
				f.Severity = migrations.Warning
				f.Message = fmt.Sprintf("drops table %s: safe, the table is empty", t)
			}
		})
	case *schema.RenameTable:
		raise(o, migrations.CodeRenameTable, migrations.Warning, op.To.Name, posOf(op.To.Attrs),
			fmt.Sprintf("renames table %s to %s: running code that still uses %s fails until it is deployed", op.From.Name, op.To.Name, op.From.Name),
			"deploy the code that uses the new name right after this revision, or keep the old name with TableName() and rename later")
	case *schema.ModifyObject:
		from, ok1 := op.From.(*schema.EnumType)
		to, ok2 := op.To.(*schema.EnumType)
		if !ok1 || !ok2 {
			return
		}
		fl.enumChange(c, o, from, to)
	}
}

func (fl *flagger) enumChange(c *Change, o *Atlas, from, to *schema.EnumType) {
	appended := len(to.Values) >= len(from.Values) && slices.Equal(from.Values, to.Values[:len(from.Values)])
	if appended {
		raise(o, migrations.CodeEnumAppend, migrations.Info, to.T, nil,
			fmt.Sprintf("adds %s to enum type %s", strings.Join(to.Values[len(from.Values):], ", "), to.T),
			"no action needed; a new value is usable only after the revision commits")
		return
	}
	raise(o, migrations.CodeEnumRebuild, migrations.Warning, to.T, nil,
		fmt.Sprintf("rebuilds enum type %s: every column of the type is rewritten under an exclusive lock", to.T),
		"append new values at the end instead of reordering, where you can")
	var removed []string
	for _, v := range from.Values {
		if !slices.Contains(to.Values, v) {
			removed = append(removed, v)
		}
	}
	if len(removed) == 0 {
		return
	}
	for _, t := range c.Uses {
		for _, col := range t.Columns {
			if e, ok := col.Type.Type.(*schema.EnumType); !ok || e.T != from.T {
				continue
			}
			obj := t.Name + "." + col.Name
			i := raise(o, migrations.CodeEnumValueRemoved, migrations.Error, obj, nil,
				fmt.Sprintf("removes %s from enum type %s: the rebuild fails on rows of %s holding it", strings.Join(removed, ", "), to.T, obj),
				"update the rows to a value that stays, in a revision before this one")
			vals, table, name := removed, t.Name, col.Name
			ask(o, i, Question{Ask: AskValueUse, Table: table, Columns: []string{name}, Values: vals}, func(f *migrations.Flag, a Answer) {
				f.Live = countFigure(a, "row", fmt.Sprintf("of %s with %s in %s", table, strings.Join(vals, " or "), name))
				if f.Live.Zero() {
					f.Severity = migrations.Warning
					f.Message = fmt.Sprintf("removes %s from enum type %s: safe, no row of %s holds it", strings.Join(vals, ", "), to.T, obj)
				}
			})
		}
	}
}

// subChange raises the flags of one atlas sub-change of table t.
func (fl *flagger) subChange(c *Change, t string, o *Atlas) {
	existing := !c.newTable
	switch sc := o.Change.(type) {
	case *schema.AddColumn:
		fl.addColumn(c, t, o, sc.C)
	case *schema.DropColumn:
		if attr.Has[*attr.Regenerated](sc.C.Attrs) {
			break // added again by the same change (regenerate)
		}
		col := sc.C.Name
		obj := t + "." + col
		i := raise(o, migrations.CodeDropColumn, migrations.Error, obj, nil,
			fmt.Sprintf("drops column %s and every value it holds", obj),
			"remove the field from the code and deploy first; if the column was renamed, add gen:\"renamed_from="+col+"\" to the field or run with --rename "+obj+"=NEW")
		ask(o, i, Question{Ask: AskNonNull, Table: t, Columns: []string{col}}, func(f *migrations.Flag, a Answer) {
			f.Live = countFigure(a, "value", "in "+obj)
			if f.Live.Zero() {
				f.Severity = migrations.Warning
				f.Message = fmt.Sprintf("drops column %s: safe, no row holds a value in it", obj)
			}
		})
	case *schema.RenameColumn:
		raise(o, migrations.CodeRenameColumn, migrations.Warning, t+"."+sc.To.Name, posOf(sc.To.Attrs),
			fmt.Sprintf("renames column %s.%s to %s: running code that still uses %s fails until it is deployed", t, sc.From.Name, sc.To.Name, sc.From.Name),
			"deploy the new code right after this revision; to avoid the window, keep the database name in the tag (gorm:\"column:"+sc.From.Name+"\")")
	case *schema.ModifyColumn:
		fl.modifyColumn(c, t, o, sc)
	case *schema.AddIndex:
		if existing {
			fl.addIndex(c, t, o, sc.I)
		}
	case *schema.DropIndex:
		if attr.Has[*attr.InvalidIndex](sc.I.Attrs) {
			raise(o, migrations.CodeInvalidIndex, migrations.Warning, t+"."+sc.I.Name, nil,
				fmt.Sprintf("index %s is INVALID, left by a concurrent build that failed: it enforces nothing and serves no query; the plan drops it and builds it again", sc.I.Name),
				"if the build failed on duplicates, remove them first (the rebuild's own flags say)")
			(*o.flags())[len(*o.flags())-1].Live = &migrations.Figure{State: migrations.Stated, Note: "pg_index.indisvalid is false"}
			return
		}
		if attr.Has[*attr.UniqueConstraint](sc.I.Attrs) {
			raise(o, migrations.CodeDropConstraint, migrations.Warning, t+"."+sc.I.Name, nil,
				fmt.Sprintf("drops unique constraint %s: the database no longer prevents duplicates", sc.I.Name),
				"keep it until no code relies on it")
			return
		}
		if !fl.d.indexUsageStats() || attr.Has[*attr.Regenerated](sc.I.Attrs) {
			return // a regenerated index is built again by the same change
		}
		i := raise(o, migrations.CodeIndexDrop, migrations.Warning, t+"."+sc.I.Name, nil,
			fmt.Sprintf("drops index %s: queries that use it lose their plan", sc.I.Name),
			"check that no query needs it; the drop runs CONCURRENTLY on a table with rows")
		name := sc.I.Name
		ask(o, i, Question{Ask: AskIndexScans, Table: t, Index: name}, func(f *migrations.Flag, a Answer) {
			f.Live = countFigure(a, "scan", "of "+name+" since the statistics were reset")
			if f.Live.Zero() {
				f.Severity = migrations.Info
				f.Message = fmt.Sprintf("drops index %s: no query used it since the statistics were reset", name)
			}
		})
	case *schema.AddPrimaryKey:
		if !existing {
			return
		}
		cols := partColumns(sc.P)
		i := raise(o, migrations.CodePrimaryKeyData, migrations.Error, t, nil,
			fmt.Sprintf("adds primary key (%s): fails on rows that hold NULL or repeat a key", strings.Join(cols, ", ")),
			"remove the duplicates and fill the NULLs first")
		ask(o, i, Question{Ask: AskDuplicates, Table: t, Columns: cols}, func(f *migrations.Flag, a Answer) {
			f.Live = countFigure(a, "group", fmt.Sprintf("of rows of %s sharing (%s)", t, strings.Join(cols, ", ")))
			if f.Live.Zero() {
				f.Severity = migrations.Info
				f.Message = fmt.Sprintf("adds primary key (%s): safe, no key repeats", strings.Join(cols, ", "))
			}
		})
		// A key column must hold no NULL either (L4).
		for _, col := range cols {
			col := col
			askOnly(o, Question{Ask: AskNulls, Table: t, Columns: []string{col}}, func(a Answer) *migrations.Flag {
				if a.Err != nil || a.N == 0 {
					return nil
				}
				return &migrations.Flag{Code: migrations.CodePrimaryKeyData, Severity: migrations.Error, Object: t + "." + col,
					Message: fmt.Sprintf("adds primary key (%s): fails, %s holds NULL", strings.Join(cols, ", "), col),
					Live:    countFigure(a, "row", fmt.Sprintf("of %s with NULL %s", t, col)),
					Fix:     "fill or delete the rows whose key is NULL first"}
			})
		}
		if fl.d.tableLocks() {
			j := raise(o, migrations.CodePrimaryKeyLock, migrations.Warning, t, nil,
				"builds the primary key's index under an ACCESS EXCLUSIVE lock: reads and writes wait",
				"on a large table build a unique index CONCURRENTLY and add the key USING INDEX, by hand")
			fl.sizeGrade(o, j, t)
		}
	case *schema.DropPrimaryKey:
		raise(o, migrations.CodeDropConstraint, migrations.Warning, t, nil,
			"drops the primary key: rows are no longer unique by key", "keep it until no code relies on it")
	case *schema.AddForeignKey:
		if existing {
			fl.addForeignKey(c, t, o, sc.F)
		}
	case *schema.DropForeignKey:
		if fl.dropped[t] {
			return // dropped with its table, whose GEN101 says what is lost
		}
		raise(o, migrations.CodeDropConstraint, migrations.Warning, t+"."+sc.F.Symbol, nil,
			fmt.Sprintf("drops foreign key %s: the database no longer checks references", sc.F.Symbol),
			"keep it until no code relies on it")
	case *schema.AddCheck:
		if existing {
			fl.addCheck(c, t, o, sc.C)
		}
	case *schema.DropCheck:
		raise(o, migrations.CodeDropConstraint, migrations.Warning, t+"."+sc.C.Name, nil,
			fmt.Sprintf("drops CHECK %s: the database no longer enforces it", sc.C.Name),
			"keep it until no code relies on it")
	}
}

func (fl *flagger) addColumn(c *Change, t string, o *Atlas, col *schema.Column) {
	obj, pos := t+"."+col.Name, posOf(col.Attrs)
	if !col.Type.Null && col.Default == nil && !autoFilled(col) {
		i := raise(o, migrations.CodeRequiredColumn, migrations.Error, obj, pos,
			fmt.Sprintf("adds NOT NULL column %s without a default: fails on a table with rows; gen splits it into add nullable → backfill → enforce", obj),
			"write the backfill gen leaves for you, or give the field a default (gorm:\"default:…\")")
		ask(o, i, Question{Ask: AskRows, Table: t}, func(f *migrations.Flag, a Answer) {
			f.Live = rowsFigure(a, t)
			if f.Live.Zero() {
				f.Severity = migrations.Info
				f.Message = fmt.Sprintf("adds NOT NULL column %s without a default: safe, %s is empty", obj, t)
				f.Fix = ""
			}
		})
	}
	if !fl.d.tableLocks() {
		return
	}
	if d := exprText(col.Default); d != "" && volatile(d) {
		i := raise(o, migrations.CodeVolatileDefault, migrations.Warning, obj, pos,
			fmt.Sprintf("adds %s with the volatile default %s: PostgreSQL rewrites the table under an ACCESS EXCLUSIVE lock", obj, d),
			"add the column without the default, set the default, and backfill the rows in batches")
		fl.sizeGrade(o, i, t)
	}
	if g, ok := attr.Get[*schema.GeneratedExpr](col.Attrs); ok && !strings.EqualFold(g.Type, "VIRTUAL") {
		i := raise(o, migrations.CodeStoredGenerated, migrations.Warning, obj, pos,
			fmt.Sprintf("adds stored generated column %s: PostgreSQL rewrites the table under an ACCESS EXCLUSIVE lock", obj),
			"on a large table, fill a plain column from the code or a trigger instead")
		fl.sizeGrade(o, i, t)
	}
	if identityOf(col) != "" || isSerialType(col) {
		i := raise(o, migrations.CodeIdentityAdded, migrations.Warning, obj, pos,
			fmt.Sprintf("adds numbered column %s: PostgreSQL fills every row and rewrites the table under an ACCESS EXCLUSIVE lock", obj),
			"on a large table, create a new table and copy the rows")
		fl.sizeGrade(o, i, t)
	}
}

// sizeGrade grades a lock or rewrite flag by the size of the table:
// info when it is empty.
func (fl *flagger) sizeGrade(o Op, i int, t string) {
	ask(o, i, Question{Ask: AskRows, Table: t}, func(f *migrations.Flag, a Answer) {
		f.Live = sizeFigure(a, t)
		if f.Live.Zero() {
			f.Severity = migrations.Info
			f.Message += fmt.Sprintf(" (safe: %s is empty)", t)
		}
	})
}

func (fl *flagger) modifyColumn(c *Change, t string, o *Atlas, mc *schema.ModifyColumn) {
	to := mc.To
	obj, pos := t+"."+to.Name, posOf(to.Attrs)
	name := mc.From.Name
	if mc.Change.Is(schema.ChangeNull) && !to.Type.Null && !inPK(c.To, to) {
		if d := exprText(to.Default); d != "" {
			i := raise(o, migrations.CodeSetNotNull, migrations.Warning, obj, pos,
				fmt.Sprintf("sets NOT NULL on %s: rows holding NULL take the default %s first", obj, d),
				"check that the default is right for the existing rows")
			ask(o, i, Question{Ask: AskNulls, Table: t, Columns: []string{name}}, func(f *migrations.Flag, a Answer) {
				f.Live = countFigure(a, "row", fmt.Sprintf("of %s with NULL %s", t, to.Name))
				if f.Live.Zero() {
					f.Severity = migrations.Info
					f.Message = fmt.Sprintf("sets NOT NULL on %s: safe, no row holds NULL", obj)
				}
			})
		} else {
			i := raise(o, migrations.CodeSetNotNull, migrations.Error, obj, pos,
				fmt.Sprintf("sets NOT NULL on %s: fails if a row holds NULL; gen splits it into backfill → enforce", obj),
				"write the backfill gen leaves for you, or give the field a default")
			ask(o, i, Question{Ask: AskNulls, Table: t, Columns: []string{name}}, func(f *migrations.Flag, a Answer) {
				f.Live = countFigure(a, "row", fmt.Sprintf("of %s with NULL %s", t, to.Name))
				switch {
				case f.Live.Zero():
					f.Severity = migrations.Info
					f.Message = fmt.Sprintf("sets NOT NULL on %s: safe, no row holds NULL", obj)
				case f.Live.Some():
					f.Severity = migrations.Error
					f.Message = fmt.Sprintf("sets NOT NULL on %s: fails on the rows holding NULL; gen splits it into backfill → enforce", obj)
					f.Fix = "write the backfill gen leaves for you, or give the field a default"
				}
			})
		}
	}
	if fl.d.onlineDDL() && !c.newTable && mc.Change.Is(schema.ChangeNull) && !to.Type.Null && !inPK(c.To, to) && !autoFilled(to) {
		i := raise(o, migrations.CodeNotNullScan, migrations.Info, obj, pos,
			fmt.Sprintf("sets NOT NULL on %s through a CHECK validated first, in the online revision: no scan under the exclusive lock", obj), "")
		ask(o, i, Question{Ask: AskRows, Table: t}, func(f *migrations.Flag, a Answer) {
			f.Live = sizeFigure(a, t)
			if f.Live.Zero() {
				f.Message = fmt.Sprintf("sets NOT NULL on %s with a plain SET NOT NULL: safe, %s is empty", obj, t)
			}
		})
	}
	if mc.Change.Is(schema.ChangeNull) && to.Type.Null {
		raise(o, migrations.CodeDropNotNull, migrations.Info, obj, pos,
			fmt.Sprintf("drops NOT NULL on %s: code that reads it must expect NULL", obj), "")
	}
	if mc.Change.Is(schema.ChangeDefault) && !mc.Change.Is(schema.ChangeType) {
		raise(o, migrations.CodeDefaultChange, migrations.Info, obj, pos,
			fmt.Sprintf("changes the default of %s: rows that are there keep their values", obj),
			"backfill the rows that should take the new value, if any")
	}
	if mc.Change.Is(schema.ChangeType) && typeText(mc.From) != typeText(to) {
		fl.typeChange(c, t, o, mc)
	}
}

// typeChange flags a change of a column's type: values that do not fit
// (L7), a type PostgreSQL cannot cast, and the rewrite.
func (fl *flagger) typeChange(c *Change, t string, o *Atlas, mc *schema.ModifyColumn) {
	from, to := mc.From, mc.To
	obj, pos := t+"."+to.Name, posOf(to.Attrs)
	ft, tt := typeText(from), typeText(to)
	col := from.Name
	if n, ok := narrowedLength(fl.d, from, to); ok {
		i := raise(o, migrations.CodeNarrowing, migrations.Error, obj, pos,
			fmt.Sprintf("changes %s from %s to %s: fails on values longer than %d characters", obj, ft, tt, n),
			"shorten the values first, or keep the wider type")
		ask(o, i, Question{Ask: AskTooLong, Table: t, Columns: []string{col}, Length: n}, func(f *migrations.Flag, a Answer) {
			f.Live = countFigure(a, "row", fmt.Sprintf("of %s with %s longer than %d characters", t, col, n))
			if f.Live.Zero() {
				f.Severity = migrations.Warning
				f.Message = fmt.Sprintf("changes %s from %s to %s: every value fits", obj, ft, tt)
			}
		})
	} else if castMayFail(fl.d, from, to) {
		i := raise(o, migrations.CodeNarrowing, migrations.Error, obj, pos,
			fmt.Sprintf("changes %s from %s to %s: fails on values that do not convert", obj, ft, tt),
			"fix or clear the values that do not convert first, or write the USING expression by hand")
		ask(o, i, Question{Ask: AskCastFailures, Table: t, Columns: []string{col}, Type: tt}, func(f *migrations.Flag, a Answer) {
			f.Live = countFigure(a, "row", fmt.Sprintf("of %s with %s that is not a valid %s", t, col, tt))
			if f.Live.Zero() {
				f.Severity = migrations.Warning
				f.Message = fmt.Sprintf("changes %s from %s to %s: every value converts", obj, ft, tt)
			}
		})
	}
	if !fl.d.strictTypes() {
		return
	}
	// A string converts to and from any type through its text form
	// (`USING col::type` always parses); other pairs need a pg_cast entry.
	if !sameCategory(from, to) && typeCategory(from) != "string" && typeCategory(to) != "string" {
		i := raise(o, migrations.CodeNoCast, migrations.Warning, obj, pos,
			fmt.Sprintf("changes %s from %s to %s: the Up converts with USING %s::%s", obj, ft, tt, col, tt),
			"check the conversion is what you want")
		ask(o, i, Question{Ask: AskCastable, Table: t, FromType: ft, Type: tt}, func(f *migrations.Flag, a Answer) {
			f.Live = nil
			if a.Err != nil {
				f.Live = &migrations.Figure{State: migrations.Unknown, Note: a.Err.Error()}
				return
			}
			if a.N == 0 {
				f.Severity = migrations.Error
				f.Live = &migrations.Figure{State: migrations.Stated, Note: fmt.Sprintf("pg_cast has no cast from %s to %s", ft, tt)}
				f.Message = fmt.Sprintf("changes %s from %s to %s: PostgreSQL has no cast between them; the Up holds a USING placeholder you must write", obj, ft, tt)
				f.Fix = "replace the placeholder after USING with an expression that converts " + col + ", then run `gen hash`"
			} else {
				f.Severity = migrations.Info
				f.Live = &migrations.Figure{State: migrations.Stated, Note: fmt.Sprintf("pg_cast converts %s to %s", ft, tt)}
			}
		})
	}
	if isTimestamp(ft) && isTimestamp(tt) && strings.Contains(ft, "tz") != strings.Contains(tt, "tz") {
		i := raise(o, migrations.CodeTimeZone, migrations.Warning, obj, pos,
			fmt.Sprintf("changes %s from %s to %s: the values are read in the session's TimeZone", obj, ft, tt),
			"run the migration with TimeZone set to the zone the values were written in (UTC, usually)")
		ask(o, i, Question{Ask: AskTimeZone}, func(f *migrations.Flag, a Answer) {
			if a.Err != nil {
				f.Live = &migrations.Figure{State: migrations.Unknown, Note: a.Err.Error()}
				return
			}
			f.Live = &migrations.Figure{State: migrations.Stated, Note: "the session TimeZone is " + a.Text}
			if strings.EqualFold(a.Text, "UTC") || strings.EqualFold(a.Text, "Etc/UTC") {
				f.Severity = migrations.Info
			}
		})
	}
	if !binaryCoercible(from, to) && !(typeCategory(from) == "integer" && baseInt(from) == baseInt(to)) {
		i := raise(o, migrations.CodeTypeRewrite, migrations.Warning, obj, pos,
			fmt.Sprintf("changes %s from %s to %s: PostgreSQL rewrites the table and its indexes under an ACCESS EXCLUSIVE lock", obj, ft, tt),
			"on a large table: add a new column, backfill it in batches, switch the code, drop the old one")
		fl.sizeGrade(o, i, t)
	}
}

func (fl *flagger) addIndex(c *Change, t string, o *Atlas, idx *schema.Index) {
	if idx.Unique {
		fl.uniqueData(t, o, idx)
	}
	if !fl.d.onlineDDL() {
		return
	}
	obj, pos := t+"."+idx.Name, posOf(idx.Attrs)
	code, what := migrations.CodeIndexBuild, "builds index "+idx.Name+" CONCURRENTLY, in a revision of its own run outside a transaction: writes go on"
	if attr.Has[*attr.UniqueConstraint](idx.Attrs) {
		code, what = migrations.CodeUniqueLock, "builds unique constraint "+idx.Name+" as a unique index CONCURRENTLY, then attaches it (ADD CONSTRAINT … USING INDEX): writes go on"
	}
	i := raise(o, code, migrations.Info, obj, pos, what, "")
	ask(o, i, Question{Ask: AskRows, Table: t}, func(f *migrations.Flag, a Answer) {
		f.Live = sizeFigure(a, t)
		if f.Live.Zero() {
			f.Message = fmt.Sprintf("builds %s %s in the revision: safe, %s is empty", indexKind(idx), idx.Name, t)
		}
	})
}

// uniqueData flags a unique index or constraint over the duplicates the
// table holds (L3).
func (fl *flagger) uniqueData(t string, o *Atlas, idx *schema.Index) {
	obj, pos := t+"."+idx.Name, posOf(idx.Attrs)
	cols, exprs := indexColumns(idx)
	if fresh := fl.newColumns(t, cols); len(fresh) > 0 {
		fl.uniqueOverNewColumns(t, o, idx, cols, fresh)
		return
	}
	i := raise(o, migrations.CodeUniqueDuplicate, migrations.Error, obj, pos,
		fmt.Sprintf("adds %s (%s): fails if rows repeat a value", indexKind(idx), strings.Join(cols, ", ")),
		"remove the duplicates first")
	var pred string
	if p, ok := attr.Get[*attr.IndexPredicate](idx.Attrs); ok {
		pred = p.P
	}
	ask(o, i, Question{Ask: AskDuplicates, Table: t, Columns: cols, Exprs: exprs, Expr: pred}, func(f *migrations.Flag, a Answer) {
		f.Live = countFigure(a, "group", fmt.Sprintf("of rows of %s sharing (%s)", t, strings.Join(cols, ", ")))
		if f.Live.Zero() {
			f.Severity = migrations.Info
			f.Message = fmt.Sprintf("adds %s (%s): safe, no value repeats", indexKind(idx), strings.Join(cols, ", "))
			f.Fix = ""
		}
	})
}

// uniqueOverNewColumns flags a unique index over columns the same plan
// adds: their rows all hold the column's default, so without one (NULLs,
// which a unique index lets repeat) nothing can collide, and with one the
// build fails on a table of two rows or more.
func (fl *flagger) uniqueOverNewColumns(t string, o *Atlas, idx *schema.Index, cols []string, fresh []*schema.Column) {
	obj, pos := t+"."+idx.Name, posOf(idx.Attrs)
	names := columnList(fresh)
	if defs := defaults(fresh); len(defs) == 0 {
		raise(o, migrations.CodeUniqueDuplicate, migrations.Info, obj, pos,
			fmt.Sprintf("adds %s (%s): safe, %s is new and holds NULL in every row, and NULLs do not collide", indexKind(idx), strings.Join(cols, ", "), strings.Join(names, ", ")), "")
		return
	} else {
		i := raise(o, migrations.CodeUniqueDuplicate, migrations.Error, obj, pos,
			fmt.Sprintf("adds %s (%s) over new column %s: every row takes the default (%s), so the build fails once the table has two rows", indexKind(idx), strings.Join(cols, ", "), strings.Join(names, ", "), strings.Join(defs, ", ")),
			"add the column without the unique index, fill distinct values, then add the index")
		ask(o, i, Question{Ask: AskRows, Table: t}, func(f *migrations.Flag, a Answer) {
			f.Live = rowsFigure(a, t)
			if a.Err == nil && a.Exact && a.N < 2 {
				f.Severity = migrations.Info
				f.Message = fmt.Sprintf("adds %s (%s): safe, %s has fewer than two rows", indexKind(idx), strings.Join(cols, ", "), t)
				f.Fix = ""
			}
		})
	}
}

func (fl *flagger) addForeignKey(c *Change, t string, o *Atlas, fk *schema.ForeignKey) {
	cols, refs := columnList(fk.Columns), columnList(fk.RefColumns)
	ref := fk.RefTable.Name
	obj := t + "." + fk.Symbol
	if fresh := fl.newColumns(t, cols); len(fresh) > 0 && len(defaults(fresh)) == 0 {
		// A new column holds NULL, which references nothing and breaks
		// nothing; the lock below still applies.
		raise(o, migrations.CodeForeignKeyData, migrations.Info, obj, posOf(fk.Table.Attrs),
			fmt.Sprintf("adds foreign key %s: safe, %s is new and holds NULL in every row", fk.Symbol, strings.Join(columnList(fresh), ", ")), "")
		fl.foreignKeyLock(t, o, fk)
		return
	}
	i := raise(o, migrations.CodeForeignKeyData, migrations.Error, obj, posOf(fk.Table.Attrs),
		fmt.Sprintf("adds foreign key %s (%s) → %s (%s): fails on rows that reference no row of %s", fk.Symbol, strings.Join(cols, ", "), ref, strings.Join(refs, ", "), ref),
		"delete or fix the orphan rows first")
	ask(o, i, Question{Ask: AskOrphans, Table: t, Columns: cols, RefTable: ref, RefColumns: refs}, func(f *migrations.Flag, a Answer) {
		f.Live = countFigure(a, "row", fmt.Sprintf("of %s referencing no row of %s", t, ref))
		if f.Live.Zero() {
			f.Severity = migrations.Info
			f.Message = fmt.Sprintf("adds foreign key %s: safe, every row has its %s", fk.Symbol, ref)
			f.Fix = ""
		}
	})
	fl.foreignKeyLock(t, o, fk)
}

// foreignKeyLock flags the lock a new foreign key takes, and the NOT VALID
// form that avoids the scan under it.
func (fl *flagger) foreignKeyLock(t string, o *Atlas, fk *schema.ForeignKey) {
	ref, obj := fk.RefTable.Name, t+"."+fk.Symbol
	if fl.d.onlineDDL() {
		j := raise(o, migrations.CodeForeignKeyLock, migrations.Info, obj, nil,
			fmt.Sprintf("adds foreign key %s NOT VALID, then validates it in a revision of its own: writes to %s and %s wait only briefly", fk.Symbol, t, ref), "")
		ask(o, j, Question{Ask: AskRows, Table: t}, func(f *migrations.Flag, a Answer) {
			f.Live = rowsFigure(a, t)
			if f.Live.Zero() {
				f.Message = fmt.Sprintf("adds foreign key %s: safe, %s is empty", fk.Symbol, t)
			}
		})
	}
}

func (fl *flagger) addCheck(c *Change, t string, o *Atlas, chk *schema.Check) {
	obj := t + "." + chk.Name
	i := raise(o, migrations.CodeCheckData, migrations.Error, obj, nil,
		fmt.Sprintf("adds CHECK %s (%s): fails on rows that violate it", chk.Name, chk.Expr),
		"fix the rows that violate it first")
	ask(o, i, Question{Ask: AskViolations, Table: t, Expr: chk.Expr}, func(f *migrations.Flag, a Answer) {
		f.Live = countFigure(a, "row", fmt.Sprintf("of %s violating %s", t, chk.Name))
		if f.Live.Zero() {
			f.Severity = migrations.Info
			f.Message = fmt.Sprintf("adds CHECK %s: safe, every row satisfies it", chk.Name)
			f.Fix = ""
		}
	})
	if fl.d.onlineDDL() {
		j := raise(o, migrations.CodeCheckLock, migrations.Info, obj, nil,
			fmt.Sprintf("adds CHECK %s NOT VALID, then validates it in a revision of its own: reads and writes wait only briefly", chk.Name), "")
		ask(o, j, Question{Ask: AskRows, Table: t}, func(f *migrations.Flag, a Answer) {
			f.Live = rowsFigure(a, t)
			if f.Live.Zero() {
				f.Message = fmt.Sprintf("adds CHECK %s: safe, %s is empty", chk.Name, t)
			}
		})
	}
}

// intMax is the largest value of PostgreSQL's integer types.
var intMax = map[string]int64{"smallint": 1<<15 - 1, "integer": 1<<31 - 1}

// keyOverflow asks, for a PostgreSQL table the plan changes whose primary
// key is a smallint or integer numbered by a sequence, how far the
// sequence has gone (L10): past half the type's range, the table is a
// migration to bigint waiting to happen, and the cheapest time for it is
// while the table is being changed anyway.
func (fl *flagger) keyOverflow(c *Change, o *AlterTable) {
	if !fl.d.boundedKeys() || c.From == nil || c.newTable || c.From.PrimaryKey == nil || len(c.From.PrimaryKey.Parts) != 1 {
		return
	}
	col := c.From.PrimaryKey.Parts[0].C
	if col == nil || (!isSerialType(col) && identityOf(col) == "") {
		return
	}
	typ := baseInt(col)
	max, ok := intMax[typ]
	if !ok {
		return
	}
	t, name := o.T.Name, col.Name
	askOnly(o, Question{Ask: AskSequenceValue, Table: t, Columns: []string{name}}, func(a Answer) *migrations.Flag {
		if a.Err != nil || a.N < max/2 {
			return nil
		}
		return &migrations.Flag{Code: migrations.CodeKeyOverflow, Severity: migrations.Warning, Object: t + "." + name,
			Message: fmt.Sprintf("the %s key %s.%s has used %d%% of its range: inserts fail once it reaches %d", typ, t, name, a.N*100/max, max),
			Live:    &migrations.Figure{State: migrations.Stated, Note: fmt.Sprintf("the sequence is at %d of %d", a.N, max)},
			Fix:     fmt.Sprintf("change %s.%s to bigint (int64 in the model) in a revision of its own, before it runs out", t, name)}
	})
}

// probableRenames turns the drop of a column into a probable rename when
// the same change adds exactly one column of the same type: the values of
// the dropped column are what a rename would keep. The same for a table
// dropped while a table of the same columns is added.
func (fl *flagger) probableRenames(p *Plan) {
	for _, c := range p.Changes {
		a, ok := c.Op.(*AlterTable)
		if !ok {
			continue
		}
		var drops, adds []*Atlas
		regen := make(map[string]bool)
		for _, sub := range a.Ops {
			if at, ok := sub.(*Atlas); ok {
				if dc, ok := at.Change.(*schema.DropColumn); ok && attr.Has[*attr.Regenerated](dc.C.Attrs) {
					regen[dc.C.Name] = true
				}
			}
		}
		for _, sub := range a.Ops {
			if at, ok := sub.(*Atlas); ok {
				switch at.Change.(type) {
				case *schema.DropColumn:
					if !attr.Has[*attr.Regenerated](at.Change.(*schema.DropColumn).C.Attrs) {
						drops = append(drops, at)
					}
				case *schema.AddColumn:
					if !regen[at.Change.(*schema.AddColumn).C.Name] {
						adds = append(adds, at)
					}
				}
			}
		}
		for _, d := range drops {
			dc := d.Change.(*schema.DropColumn).C
			var match *schema.Column
			n := 0
			for _, ad := range adds {
				ac := ad.Change.(*schema.AddColumn).C
				if typeText(ac) == typeText(dc) {
					match, n = ac, n+1
				}
			}
			if n != 1 {
				continue
			}
			t := a.T.Name
			for i := range d.Flags {
				f := &d.Flags[i]
				if f.Code != migrations.CodeDropColumn {
					continue
				}
				f.Code = migrations.CodeProbableRename
				f.Object = t + "." + dc.Name
				if pos := posOf(match.Attrs); pos != nil {
					f.Pos = &migrations.Pos{File: pos.Filename, Line: pos.Start.Line, Col: pos.Start.Column}
				}
				f.Message = fmt.Sprintf("probable rename of %s.%s to %s: the upgrade drops %s with its values and adds %s empty", t, dc.Name, match.Name, dc.Name, match.Name)
				f.Fix = fmt.Sprintf("if it is a rename, add gen:\"renamed_from=%s\" to the field or run with --rename %s.%s=%s; if not, acknowledge the loss", dc.Name, t, dc.Name, match.Name)
				old, nw := dc.Name, match.Name
				for k := range d.pending {
					if d.pending[k].flag == i {
						d.pending[k].grade = func(f *migrations.Flag, ans Answer) {
							f.Live = countFigure(ans, "value", "in "+t+"."+old)
							if f.Live.Zero() {
								f.Severity = migrations.Warning
								f.Message = fmt.Sprintf("probable rename of %s.%s to %s: safe to drop, no row holds a value in %s", t, old, nw, old)
							}
						}
					}
				}
			}
		}
	}
	// Tables.
	var dropped, added []*Change
	for _, c := range p.Changes {
		if a, ok := c.Op.(*Atlas); ok {
			switch a.Change.(type) {
			case *schema.DropTable:
				dropped = append(dropped, c)
			case *schema.AddTable:
				added = append(added, c)
			}
		}
	}
	for _, dc := range dropped {
		from := dc.Op.(*Atlas).Change.(*schema.DropTable).T
		var match *schema.Table
		n := 0
		for _, ac := range added {
			to := ac.To
			if to != nil && sameColumns(from, to) {
				match, n = to, n+1
			}
		}
		if n != 1 {
			continue
		}
		o := dc.Op.(*Atlas)
		for i := range o.Flags {
			f := &o.Flags[i]
			if f.Code != migrations.CodeDropTable {
				continue
			}
			f.Code = migrations.CodeProbableRenameT
			if pos := posOf(match.Attrs); pos != nil {
				f.Pos = &migrations.Pos{File: pos.Filename, Line: pos.Start.Line, Col: pos.Start.Column}
			}
			f.Message = fmt.Sprintf("probable rename of table %s to %s: the upgrade drops %s with its rows and creates %s empty", from.Name, match.Name, from.Name, match.Name)
			f.Fix = fmt.Sprintf("if it is a rename, put //gen:renamed_from %s on the struct; if not, acknowledge the loss", from.Name)
			old, nw := from.Name, match.Name
			for k := range o.pending {
				if o.pending[k].flag == i {
					o.pending[k].grade = func(f *migrations.Flag, a Answer) {
						f.Live = rowsFigure(a, old)
						if f.Live.Zero() {
							f.Severity = migrations.Warning
							f.Message = fmt.Sprintf("probable rename of table %s to %s: safe to drop, %s is empty", old, nw, old)
						}
					}
				}
			}
		}
	}
}

// rowsFigure is the figure of an AskRows answer.
func rowsFigure(a Answer, t string) *migrations.Figure {
	return countFigure(a, "row", "in "+t)
}

// sizeFigure is the figure of an AskRows answer behind a lock or a
// rewrite (L13): the rows and the table's size with its indexes.
func sizeFigure(a Answer, t string) *migrations.Figure {
	f := rowsFigure(a, t)
	if a.Err == nil && a.Bytes > 0 && f.N > 0 {
		f.Of += ", " + humanBytes(a.Bytes) + " with indexes"
	}
	return f
}

// humanBytes writes a size as PostgreSQL's pg_size_pretty does.
func humanBytes(n int64) string {
	units := []string{"bytes", "kB", "MB", "GB", "TB"}
	v, i := float64(n), 0
	for v >= 10*1024 && i < len(units)-1 {
		v /= 1024
		i++
	}
	return fmt.Sprintf("%.0f %s", v, units[i])
}

// countFigure is the figure of a counting answer.
func countFigure(a Answer, unit, of string) *migrations.Figure {
	if a.Err != nil {
		return &migrations.Figure{State: migrations.Unknown, Note: a.Err.Error()}
	}
	if a.Exact {
		return migrations.Count(a.N, unit, of)
	}
	return migrations.Estimate(a.N, unit, of)
}

var volatileRE = regexp.MustCompile(`(?i)\b(gen_random_uuid|uuid_generate_v[14]|random|clock_timestamp|timeofday|nextval)\s*\(`)

// volatile reports whether a default expression calls a VOLATILE function,
// which makes ADD COLUMN rewrite the table (PostgreSQL 11+ stores a
// constant or STABLE default once, e.g. now()).
func volatile(expr string) bool { return volatileRE.MatchString(expr) }

func isSerialType(c *schema.Column) bool {
	if _, ok := c.Type.Type.(*postgres.SerialType); ok {
		return true
	}
	switch strings.ToLower(c.Type.Raw) {
	case "smallserial", "serial", "bigserial":
		return true
	}
	return false
}

func isTimestamp(t string) bool { return strings.HasPrefix(t, "timestamp") }

// typeCategory groups PostgreSQL types for cast decisions.
func typeCategory(c *schema.Column) string {
	t := c.Type.Type
	if t == nil {
		t, _ = postgres.ParseType(c.Type.Raw)
	}
	switch t.(type) {
	case *schema.StringType:
		return "string"
	case *schema.IntegerType, *postgres.SerialType:
		return "integer"
	case *schema.DecimalType, *schema.FloatType:
		return "numeric"
	case *schema.TimeType:
		return "time:" + typeText(c)
	}
	return "other:" + typeText(c)
}

// sameCategory reports whether PostgreSQL converts from's values to to's
// type without the author's help: within the string types, within the
// numbers.
func sameCategory(from, to *schema.Column) bool {
	f, t := typeCategory(from), typeCategory(to)
	num := func(s string) bool { return s == "integer" || s == "numeric" }
	switch {
	case f == t:
		return true
	case num(f) && num(t):
		return true
	case isTimestamp(typeText(from)) && isTimestamp(typeText(to)):
		return true
	}
	return false
}

var lengthRE = regexp.MustCompile(`^(character varying|varchar|character|char|bpchar)\((\d+)\)$`)

// narrowedLength returns the new length of a string column whose type
// shrinks (varchar(60) → varchar(40), text → varchar(40)).
func narrowedLength(d dialect, from, to *schema.Column) (int, bool) {
	if !d.strictTypes() {
		return 0, false
	}
	ft, tt := typeText(from), typeText(to)
	m := lengthRE.FindStringSubmatch(tt)
	if m == nil || typeCategory(from) != "string" {
		return 0, false
	}
	var n int
	fmt.Sscan(m[2], &n)
	if fm := lengthRE.FindStringSubmatch(ft); fm != nil {
		var was int
		fmt.Sscan(fm[2], &was)
		if was <= n {
			return 0, false
		}
	}
	return n, true
}

var intRank = map[string]int{"smallint": 1, "integer": 2, "bigint": 3}

// castMayFail reports whether some values of from may not convert to to:
// strings to numbers, dates or booleans; a wider integer to a narrower one.
func castMayFail(d dialect, from, to *schema.Column) bool {
	if !d.strictTypes() {
		return false
	}
	fc, tc := typeCategory(from), typeCategory(to)
	switch {
	case fc == "string" && tc != "string":
		return true
	case fc == "integer" && tc == "integer":
		return intRank[baseInt(from)] > intRank[baseInt(to)]
	case fc == "numeric" && tc == "integer":
		return true
	}
	return false
}

func baseInt(c *schema.Column) string {
	switch t := typeText(c); t {
	case "smallserial":
		return "smallint"
	case "serial":
		return "integer"
	case "bigserial":
		return "bigint"
	default:
		return t
	}
}

// binaryCoercible reports whether ALTER COLUMN TYPE from → to needs no
// rewrite on PostgreSQL (HAZARDS.md §6): varchar widened or to text, text
// to varchar without a limit, numeric precision raised at the same scale.
func binaryCoercible(from, to *schema.Column) bool {
	ft, tt := typeText(from), typeText(to)
	if typeCategory(from) == "string" && typeCategory(to) == "string" {
		if tt == "text" || tt == "character varying" {
			return true
		}
		fm, tm := lengthRE.FindStringSubmatch(ft), lengthRE.FindStringSubmatch(tt)
		if fm != nil && tm != nil && fm[1] == tm[1] {
			var a, b int
			fmt.Sscan(fm[2], &a)
			fmt.Sscan(tm[2], &b)
			return b >= a
		}
		return false
	}
	numRE := regexp.MustCompile(`^numeric\((\d+),(\d+)\)$`)
	if fm := numRE.FindStringSubmatch(ft); fm != nil {
		if tt == "numeric" {
			return true
		}
		if tm := numRE.FindStringSubmatch(tt); tm != nil && tm[2] == fm[2] {
			var a, b int
			fmt.Sscan(fm[1], &a)
			fmt.Sscan(tm[1], &b)
			return b >= a
		}
	}
	return false
}

// indexColumns returns the key of an index as column names or
// expressions.
func indexColumns(i *schema.Index) ([]string, []bool) {
	var cols []string
	var exprs []bool
	for _, p := range i.Parts {
		if p.C != nil {
			cols, exprs = append(cols, p.C.Name), append(exprs, false)
		} else {
			cols, exprs = append(cols, exprText(p.X)), append(exprs, true)
		}
	}
	return cols, exprs
}

func partColumns(i *schema.Index) []string {
	cols, _ := indexColumns(i)
	return cols
}

func columnList(cs []*schema.Column) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

// sameColumns reports whether two tables have the same columns by name and
// type, the shape of a renamed table.
func sameColumns(a, b *schema.Table) bool {
	if len(a.Columns) != len(b.Columns) || len(a.Columns) == 0 {
		return false
	}
	for i, c := range a.Columns {
		d := b.Columns[i]
		if c.Name != d.Name || typeText(c) != typeText(d) {
			return false
		}
	}
	return true
}

package diff

import (
	"fmt"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/migrations"
)

// manualSteps replaces the changes gen cannot write with Manual steps,
// flagged at error level, so that one such change never hides the rest of
// the plan: PostgreSQL cannot make a column generated, or change its
// expression, in place (dialect.manualGeneratedChange).
func manualSteps(p *Plan) {
	if d := p.dialect(); d == nil || !d.manualGeneratedChange() {
		return
	}
	for _, c := range p.Changes {
		a, ok := c.Op.(*AlterTable)
		if !ok {
			continue
		}
		for i, op := range a.Ops {
			at, ok := op.(*Atlas)
			if !ok {
				continue
			}
			mc, ok := at.Change.(*schema.ModifyColumn)
			if !ok || !mc.Change.Is(schema.ChangeGenerated) {
				continue
			}
			_, fromGen := attr.Get[*schema.GeneratedExpr](mc.From.Attrs)
			_, toGen := attr.Get[*schema.GeneratedExpr](mc.To.Attrs)
			if fromGen && !toGen {
				continue // DROP EXPRESSION, which render writes
			}
			obj := a.T.Name + "." + mc.To.Name
			m := &Manual{
				What: fmt.Sprintf("make %s %s", obj, generatedWhat(mc.To)),
				Why:  "PostgreSQL cannot make a column generated or change its expression in place: drop the column and add it again (and recreate its indexes), or add a new column and switch the code to it",
			}
			raise(m, migrations.CodeManual, migrations.Error, obj, posOf(mc.To.Attrs),
				fmt.Sprintf("gen cannot write this change of %s: %s", obj, m.What),
				"write the statements in the placeholder of this revision (the rest of the plan is written), then run `gen hash`")
			a.Ops[i] = m
		}
	}
}

func generatedWhat(c *schema.Column) string {
	if g, ok := attr.Get[*schema.GeneratedExpr](c.Attrs); ok {
		return "GENERATED ALWAYS AS (" + g.Expr + ") STORED"
	}
	return "a plain column"
}

package render_test

import (
	"fmt"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/render"
)

func ExampleRender() {
	from := &schema.Table{Name: "users"}
	from.AddColumns(&schema.Column{Name: "id", Type: &schema.ColumnType{Raw: "bigint"}})
	to := &schema.Table{Name: "users"}
	to.AddColumns(
		&schema.Column{Name: "id", Type: &schema.ColumnType{Raw: "bigint"}},
		&schema.Column{Name: "timezone", Type: &schema.ColumnType{Raw: "text", Null: true}, Default: &schema.Literal{V: "'UTC'"}},
	)
	plan := &diff.Plan{Dialect: "postgres", Changes: []*diff.Change{{
		Op:   diff.Wrap(&schema.ModifyTable{T: to, Changes: []schema.Change{&schema.AddColumn{C: to.Columns[1]}}}),
		From: from,
		To:   to,
	}}}
	for _, p := range []*diff.Plan{plan, plan.Reverse()} {
		s, err := render.Render(p)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, st := range s.Stmts {
			for _, c := range st.Comments {
				fmt.Println("-- " + c)
			}
			fmt.Println(st.SQL + ";")
		}
	}
	// Output:
	// ALTER TABLE "users" ADD COLUMN "timezone" text DEFAULT 'UTC';
	// ALTER TABLE "users" DROP COLUMN "timezone";
}

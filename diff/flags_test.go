package diff

import (
	"testing"

	"ariga.io/atlas/sql/schema"
	"github.com/google/go-cmp/cmp"

	"github.com/genmigrate/gen/migrations"
)

// flagKeys lists "severity code object figure" for each flag of p.
func flagKeys(p *Plan) []string {
	var out []string
	for _, f := range p.Flags() {
		out = append(out, f.Severity.String()+" "+f.Code+" "+f.Object+" "+f.Live.String())
	}
	return out
}

// Without the live checks, Compare raises each flag at the severity of
// the worst case, with a figure that says "not checked".
func TestCompareFlagsWithoutLiveChecks(t *testing.T) {
	users := func(cols ...*schema.Column) *schema.Table {
		return pk(table("users", append([]*schema.Column{pgCol("id", "bigint", false)}, cols...)...), "id")
	}
	for _, tt := range []struct {
		name             string
		current, desired *schema.Schema
		want             []string
	}{
		{"drop column", sch(users(pgCol("nick", "text", true))), sch(users()),
			[]string{"error GEN102 users.nick not checked"}},
		{"probable rename", sch(users(pgCol("email", "text", true))), sch(users(pgCol("contact_email", "text", true))),
			[]string{"error GEN103 users.email not checked"}},
		{"no rename across types", sch(users(pgCol("email", "text", true))), sch(users(pgCol("age", "bigint", true))),
			[]string{"error GEN102 users.email not checked"}},
		{"required column", sch(users()), sch(users(pgCol("tz", "text", false))),
			[]string{"error GEN201 users.tz not checked"}},
		{"not null", sch(users(pgCol("tz", "text", true))), sch(users(pgCol("tz", "text", false))),
			[]string{"error GEN202 users.tz not checked", "info GEN302 users.tz not checked"}},
		{"drop not null", sch(users(pgCol("tz", "text", false))), sch(users(pgCol("tz", "text", true))),
			[]string{"info GEN401 users.tz "}},
		{"narrowing", sch(users(pgCol("name", "varchar(60)", true))), sch(users(pgCol("name", "varchar(40)", true))),
			[]string{"error GEN207 users.name not checked", "warning GEN301 users.name not checked"}},
		{"widening rewrites nothing", sch(users(pgCol("name", "varchar(40)", true))), sch(users(pgCol("name", "varchar(60)", true))),
			nil},
		{"drop table", sch(users(), table("logs", pgCol("id", "bigint", false))), sch(users()),
			[]string{"error GEN101 logs not checked"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := mustCompare(t, "postgres", tt.current, tt.desired)
			if diff := cmp.Diff(tt.want, flagKeys(p)); diff != "" {
				t.Errorf("flags (-want +got):\n%s", diff)
			}
		})
	}
}

// Without the live checks the rows of a table are not known, so Stages
// takes the safe forms; a table the plan creates takes the plain ones.
func TestStagesWithoutLiveChecks(t *testing.T) {
	current := sch(pk(table("users", pgCol("id", "bigint", false)), "id"))
	users := pk(table("users", pgCol("id", "bigint", false), pgCol("tz", "text", false)), "id")
	users.Indexes = append(users.Indexes, &schema.Index{Name: "idx_users_tz", Table: users, Parts: []*schema.IndexPart{{C: users.Columns[1]}}})
	p := mustCompare(t, "postgres", current, sch(users))
	var got []string
	for _, st := range p.Stages() {
		got = append(got, "stage "+st.Kind)
		got = append(got, st.Plan.Summary()...)
	}
	want := []string{
		"stage ", "users: add column tz (text, null)",
		"stage backfill", "users: backfill column tz (an UPDATE for you to write)",
		"stage online", "users: enforce not null on column tz (through a validated CHECK)", "users: add index idx_users_tz (tz) concurrently",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("stages (-want +got):\n%s", diff)
	}
	// The backfill carries the flag that stands until it is written.
	st := p.Stages()[1]
	if fs := st.Plan.Flags(); len(fs) != 1 || fs[0].Code != migrations.CodeBackfill || fs[0].Severity != migrations.Error {
		t.Errorf("backfill flags %+v, want one GEN210 error", fs)
	}

	fresh := mustCompare(t, "postgres", sch(), sch(users))
	if n := len(fresh.Stages()); n != 1 {
		t.Errorf("creating the table takes %d stages, want 1", n)
	}
}

// A table dropped with its foreign keys raises its GEN101 only: the keys
// go with it, even when they are dropped first in a change of their own.
func TestDropTableFlagsOnlyTheTable(t *testing.T) {
	teams := pk(table("teams", pgCol("id", "bigint", false)), "id")
	members := pk(table("members", pgCol("id", "bigint", false), pgCol("team_id", "bigint", true)), "id")
	fk(members, "fk_members_team", "team_id", teams, "id")
	// teams changes too, so members' key is dropped first, on its own.
	p := mustCompare(t, "postgres", sch(teams, members), sch(pk(table("teams", pgCol("id", "bigint", false), pgCol("name", "text", true)), "id")))
	if diff := cmp.Diff([]string{"error GEN101 members not checked"}, flagKeys(p)); diff != "" {
		t.Errorf("flags (-want +got):\n%s", diff)
	}
}

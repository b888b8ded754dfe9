package oracle

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ariga.io/atlas/sql/schema"

	"github.com/genmigrate/gen"
	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/migrations"
)

// sqliteMigrate is the path of the sqlitemigrate program TestMain builds.
var sqliteMigrate string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	flag.Parse()
	if err := readKnown(); err != nil {
		fmt.Fprintln(os.Stderr, "oracle:", err)
		return 2
	}
	dir, err := os.MkdirTemp("", "oracle-sqlitemigrate-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "oracle:", err)
		return 2
	}
	defer os.RemoveAll(dir)
	sqliteMigrate = filepath.Join(dir, "sqlitemigrate")
	out, err := exec.Command("go", "build", "-o", sqliteMigrate, "./internal/sqlitemigrate").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "oracle: building internal/sqlitemigrate: %v\n%s", err, out)
		return 2
	}
	code := m.Run()
	if *updateKnown {
		if err := writeKnown(); err != nil {
			fmt.Fprintln(os.Stderr, "oracle: writing "+knownFile+":", err)
			return 2
		}
	}
	return code
}

// requireNoChanges runs gen's Draft for the models against the database the
// ORM created; every change in the plan is a divergence. The account of a
// divergence gives the change lines, then, for each table concerned, the
// database's view and the models' view line by line.
func requireNoChanges(t *testing.T, p *gen.Project) {
	t.Helper()
	ctx := context.Background()
	d, err := p.Draft(ctx, "oracle", gen.DraftOptions{})
	if _, ok := loadFailure(err); ok {
		t.Errorf("gen cannot load the models: %s", modelErrors(err))
		return
	}
	if d != nil {
		for _, w := range d.Warnings {
			t.Logf("model warning: %s", w)
		}
	}
	if err == nil && d.Empty() {
		return
	}
	// Draft failed after comparing (while rendering, say) or found
	// changes: compare again here to show them.
	desired, _, merr := p.Models(ctx)
	if merr != nil {
		t.Fatalf("loading the models: %s", modelErrors(merr))
	}
	current, ierr := p.Inspect(ctx)
	if ierr != nil {
		t.Fatalf("inspecting the database: %v", ierr)
	}
	plan, cerr := diff.Compare(current, desired, diff.Options{Dialect: p.Dialect()})
	if cerr != nil {
		t.Fatalf("gen Draft: %v\ndiff.Compare: %v", err, cerr)
	}
	var b strings.Builder
	if err != nil {
		fmt.Fprintf(&b, "gen Draft fails: %v\n", err)
	}
	lines := plan.Summary()
	if len(lines) == 0 && err == nil {
		return
	}
	fmt.Fprintf(&b, "gen reports %d change(s) against what the ORM created; want none:\n", len(lines))
	for _, l := range lines {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	var names []string
	for _, c := range plan.Changes {
		for _, tb := range []*schema.Table{c.From, c.To} {
			if tb != nil && !slices.Contains(names, tb.Name) {
				names = append(names, tb.Name)
			}
		}
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(&b, "\ntable %s, as the database has it (-) and as the models want it (+):\n", n)
		for _, l := range lineDiff(dumpTable(findTable(current, n)), dumpTable(findTable(desired, n))) {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	keys := changeKeys(plan)
	if len(keys) == 0 {
		// Draft failed on an empty plan: the failure is the divergence.
		keys = []string{"gen Draft fails: " + firstLine(err.Error())}
	}
	// gen's promise to an ORM's users is zero changes on day one: no
	// change here is ever a known divergence.
	t.Errorf("%s\nchanges: %s", b.String(), strings.Join(keys, "; "))
}

// changeKeys names each atomic change of plan by what it does to which
// object ("employees: drop foreign key fk_employees_company", "tickets:
// modify column number (attr)"), from the change values rather than from
// gen's summary text, so that known.txt outlives a rewording.
func changeKeys(plan *diff.Plan) []string {
	var keys []string
	for _, c := range plan.Changes {
		if a, ok := c.Op.(*diff.AlterTable); ok {
			for _, sub := range a.Ops {
				if sc, ok := sub.(*diff.Atlas); ok {
					keys = append(keys, a.T.Name+": "+subChangeKey(sc.Change))
				} else {
					keys = append(keys, fmt.Sprintf("%s: %T", a.T.Name, sub))
				}
			}
			continue
		}
		a, ok := c.Op.(*diff.Atlas)
		if !ok {
			keys = append(keys, fmt.Sprintf("%T", c.Op))
			continue
		}
		switch op := a.Change.(type) {
		case *schema.AddTable:
			keys = append(keys, "add table "+op.T.Name)
		case *schema.DropTable:
			keys = append(keys, "drop table "+op.T.Name)
		case *schema.RenameTable:
			keys = append(keys, "rename table "+op.From.Name+" to "+op.To.Name)
		default:
			keys = append(keys, fmt.Sprintf("%T", op))
		}
	}
	return keys
}

func subChangeKey(sc schema.Change) string {
	switch sc := sc.(type) {
	case *schema.AddColumn:
		return "add column " + sc.C.Name
	case *schema.DropColumn:
		return "drop column " + sc.C.Name
	case *schema.ModifyColumn:
		return "modify column " + sc.To.Name + kindNames(sc.Change)
	case *schema.RenameColumn:
		return "rename column " + sc.From.Name + " to " + sc.To.Name
	case *schema.AddIndex:
		return "add index " + sc.I.Name
	case *schema.DropIndex:
		return "drop index " + sc.I.Name
	case *schema.ModifyIndex:
		return "modify index " + sc.To.Name + kindNames(sc.Change)
	case *schema.RenameIndex:
		return "rename index " + sc.From.Name + " to " + sc.To.Name
	case *schema.AddPrimaryKey:
		return "add primary key"
	case *schema.DropPrimaryKey:
		return "drop primary key"
	case *schema.ModifyPrimaryKey:
		return "modify primary key" + kindNames(sc.Change)
	case *schema.AddForeignKey:
		return "add foreign key " + sc.F.Symbol
	case *schema.DropForeignKey:
		return "drop foreign key " + sc.F.Symbol
	case *schema.ModifyForeignKey:
		return "modify foreign key " + sc.To.Symbol + kindNames(sc.Change)
	case *schema.AddCheck:
		return "add check " + sc.C.Name
	case *schema.DropCheck:
		return "drop check " + sc.C.Name
	case *schema.ModifyCheck:
		return "modify check " + sc.To.Name
	case *schema.AddAttr:
		return fmt.Sprintf("add %T", sc.A)
	case *schema.DropAttr:
		return fmt.Sprintf("drop %T", sc.A)
	case *schema.ModifyAttr:
		return fmt.Sprintf("modify %T", sc.To)
	}
	return fmt.Sprintf("%T", sc)
}

// kindNames spells the bits of a change kind: " (type, null)".
func kindNames(k schema.ChangeKind) string {
	var names []string
	for _, b := range []struct {
		k    schema.ChangeKind
		name string
	}{
		{schema.ChangeAttr, "attr"}, {schema.ChangeCharset, "charset"}, {schema.ChangeCollate, "collate"},
		{schema.ChangeComment, "comment"}, {schema.ChangeNull, "null"}, {schema.ChangeType, "type"},
		{schema.ChangeDefault, "default"}, {schema.ChangeGenerated, "generated"}, {schema.ChangeUnique, "unique"},
		{schema.ChangeParts, "parts"}, {schema.ChangeColumn, "columns"}, {schema.ChangeRefColumn, "referenced columns"},
		{schema.ChangeRefTable, "referenced table"}, {schema.ChangeUpdateAction, "on update"}, {schema.ChangeDeleteAction, "on delete"},
	} {
		if k&b.k != 0 {
			names = append(names, b.name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return " (" + strings.Join(names, ", ") + ")"
}

// requireSameSchema runs gen migrate and gen upgrade for project, whose
// database is byGen, and compares byGen with byORM, the schema the ORM
// created: through gen's inspector (subtest "inspector") and straight from
// pg_catalog (subtest "catalog"). Every differing line is a divergence.
func requireSameSchema(t *testing.T, byORM, byGen *pgSchema, project *gen.Project) {
	t.Helper()
	ctx := context.Background()
	if !migrateWithGen(t, project) {
		return
	}
	t.Run("inspector", func(t *testing.T) {
		ormSide, err := newProject(t, byORM.URL, "./gormmodels").Inspect(ctx)
		if err != nil {
			t.Fatal(err)
		}
		genSide, err := project.Inspect(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sameLines(t, "gen's inspector sees a difference between the schema the ORM created (-) and the one gen created (+)",
			dumpSchema(ormSide), dumpSchema(genSide))
	})
	t.Run("catalog", func(t *testing.T) {
		sameLines(t, "pg_catalog differs between the schema the ORM created (-) and the one gen created (+)",
			pgCatalog(t, byORM.Conn, byORM.Schema), pgCatalog(t, byGen.Conn, byGen.Schema))
	})
}

// migrateWithGen runs gen migrate and gen upgrade for project into its
// empty database. It reports false, after reporting the divergence, when
// gen cannot load the models.
func migrateWithGen(t *testing.T, project *gen.Project) bool {
	t.Helper()
	ctx := context.Background()
	d, err := project.Migrate(ctx, "create the models", gen.DraftOptions{})
	if lines, ok := loadFailure(err); ok {
		diverge(t, lines, "gen cannot load the models: "+modelErrors(err))
		return false
	}
	if err != nil {
		t.Fatalf("gen migrate: %v", err)
	}
	if d.Empty() {
		t.Fatal("gen migrate wrote nothing for an empty database")
	}
	if _, err := project.Upgrade(ctx, migrations.Head()); err != nil {
		t.Fatalf("gen upgrade: %v", err)
	}
	diverge(t, nil, "") // gen loads them: no divergence here
	return true
}

// sameLines reports every line that differs between two dumps as a
// divergence.
func sameLines(t *testing.T, what string, orm, byGen []string) {
	t.Helper()
	var lines []string
	for _, l := range lineDiff(orm, byGen) {
		if !strings.HasPrefix(l, "  ") {
			lines = append(lines, l)
		}
	}
	diverge(t, lines, what+":\n  "+strings.Join(lines, "\n  "))
}

// loadFailure returns one divergence line per Go declaration gen cannot
// load, when err is a model error.
func loadFailure(err error) ([]string, bool) {
	var me *gen.ModelError
	if !errors.As(err, &me) {
		return nil, false
	}
	var lines []string
	for _, e := range me.Errors {
		if e.Warning {
			continue
		}
		l := "gen cannot load " + e.Object
		if e.Object == "" {
			l = "gen cannot load the models: " + firstLine(e.Error())
		}
		if !slices.Contains(lines, l) {
			lines = append(lines, l)
		}
	}
	if len(lines) == 0 {
		lines = []string{"gen cannot load the models: " + firstLine(err.Error())}
	}
	return lines, true
}

// modelErrors formats a model loading error with every problem it lists.
func modelErrors(err error) string {
	var me *gen.ModelError
	if !errors.As(err, &me) {
		return err.Error()
	}
	var b strings.Builder
	b.WriteString(err.Error())
	for _, e := range me.Errors {
		if !strings.Contains(err.Error(), e.Error()) {
			fmt.Fprintf(&b, "\n  %s", e)
		}
	}
	return b.String()
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"ariga.io/atlas/sql/schema"
	"github.com/urfave/cli/v3"

	"github.com/genmigrate/gen"
	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/internal/schemajson"
	"github.com/genmigrate/gen/migrations"
	"github.com/genmigrate/gen/model"
	"github.com/genmigrate/gen/render"
)

// change is a change as --format json prints it.
type change struct {
	Summary []string          `json:"summary"`
	Flags   []migrations.Flag `json:"flags,omitempty"`
}

func changesJSON(p *diff.Plan) []change {
	out := []change{}
	for _, c := range p.Changes {
		out = append(out, change{Summary: c.Summary(), Flags: c.Flags()})
	}
	return out
}

// printWarnings prints model warnings on stderr (text) or as annotations (github).
func (a *app) printWarnings(cmd *cli.Command, ws []*model.Error) {
	for _, w := range ws {
		if a.format(cmd) == "github" {
			fmt.Fprintf(a.stdout, "::warning file=%s,line=%d,col=%d::%s\n", w.Pos.Filename, w.Pos.Line, w.Pos.Column, escapeAnnotation(w.Error()))
			continue
		}
		fmt.Fprintf(a.stderr, "warning: %s\n", w.Error())
	}
}

// printFlags prints the risk flags of a plan: indented lines (text), or
// workflow annotations on the model field behind each flag (github).
func (a *app) printFlags(cmd *cli.Command, fs []migrations.Flag) {
	for _, f := range fs {
		if a.format(cmd) == "github" && f.Pos != nil {
			level := "warning"
			switch f.Severity {
			case migrations.Error:
				level = "error"
			case migrations.Info:
				level = "notice"
			}
			fmt.Fprintf(a.stdout, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", level, f.Pos.File, f.Pos.Line, max(f.Pos.Col, 1), f.Code, escapeAnnotation(f.Line()))
			continue
		}
		fmt.Fprintf(a.stdout, "  %s\n", f.Line())
	}
}

// escapeAnnotation escapes a GitHub workflow command message.
func escapeAnnotation(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func (a *app) migrateCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	opts, err := renames(cmd)
	if err != nil {
		return err
	}
	if cmd.Args().Len() > 0 {
		return &gen.UsageError{Msg: fmt.Sprintf("unexpected argument %q: the message goes in -m, e.g. gen migrate -m \"add timezone\"", cmd.Args().First())}
	}
	d, err := p.Migrate(ctx, cmd.String("message"), opts)
	if err != nil {
		return err
	}
	a.printWarnings(cmd, d.Warnings)
	if a.format(cmd) == "json" {
		out := struct {
			File     string   `json:"file,omitempty"`
			Revision string   `json:"revision,omitempty"`
			Deploy   string   `json:"deploy,omitempty"`
			Changes  []change `json:"changes"`
		}{Changes: changesJSON(d.Plan)}
		if !d.Empty() {
			out.File, out.Revision, out.Deploy = relTo(p.Config().WorkDir, d.Path), d.File.Revision, string(d.File.Deploy)
		}
		return a.printJSON(out)
	}
	if d.Empty() {
		fmt.Fprintln(a.stdout, "No changes detected")
		return nil
	}
	fmt.Fprintf(a.stdout, "Generated %s (revision %s, %s)\n", relTo(p.Config().WorkDir, d.Path), d.File.Revision, d.File.Deploy)
	for _, line := range d.Plan.Summary() {
		fmt.Fprintf(a.stdout, "  %s\n", line)
	}
	a.printFlags(cmd, d.Plan.Flags())
	return nil
}

func (a *app) diffCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	opts, err := renames(cmd)
	if err != nil {
		return err
	}
	d, err := p.Draft(ctx, "(not written)", opts)
	if err != nil {
		return err
	}
	a.printWarnings(cmd, d.Warnings)
	if a.format(cmd) == "json" {
		out := struct {
			Changes []change `json:"changes"`
			Up      []string `json:"up"`
			Down    []string `json:"down"`
		}{Changes: changesJSON(d.Plan), Up: []string{}, Down: []string{}}
		if !d.Empty() {
			for _, s := range d.File.Up {
				out.Up = append(out.Up, s.SQL)
			}
			for _, s := range d.File.Down {
				out.Down = append(out.Down, s.SQL)
			}
		}
		if err := a.printJSON(out); err != nil {
			return err
		}
	} else if d.Empty() {
		fmt.Fprintln(a.stdout, "No changes detected")
	} else {
		for _, line := range d.Plan.Summary() {
			fmt.Fprintf(a.stdout, "%s\n", line)
		}
		a.printFlags(cmd, d.Plan.Flags())
		fmt.Fprintln(a.stdout)
		a.stdout.Write(migrations.Encode(d.File))
	}
	if d.Empty() {
		return nil
	}
	return &exitError{code: exitFindings}
}

func (a *app) checkCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	opts, err := renames(cmd)
	if err != nil {
		return err
	}
	findings, err := p.Check(ctx, opts)
	if err != nil {
		return err
	}
	switch a.format(cmd) {
	case "json":
		if findings == nil {
			findings = []gen.Finding{}
		}
		if err := a.printJSON(struct {
			Findings []gen.Finding `json:"findings"`
		}{findings}); err != nil {
			return err
		}
	default:
		for _, f := range findings {
			where := ""
			if f.File != "" {
				where = f.File + ":"
				if f.Line > 0 {
					where += fmt.Sprintf("%d:", f.Line)
					if f.Col > 0 {
						where += fmt.Sprintf("%d:", f.Col)
					}
				}
				where += " "
			}
			if a.format(cmd) == "github" && f.File != "" {
				fmt.Fprintf(a.stdout, "::error file=%s,line=%d,col=%d,title=gen check %s::%s\n", f.File, max(f.Line, 1), max(f.Col, 1), f.Kind, escapeAnnotation(f.Message+"; "+f.Fix))
				continue
			}
			fmt.Fprintf(a.stdout, "%s%s: %s\n", where, f.Kind, f.Message)
			if f.Fix != "" {
				fmt.Fprintf(a.stdout, "    fix: %s\n", f.Fix)
			}
		}
		if len(findings) == 0 {
			fmt.Fprintln(a.stdout, "check: clean")
		} else {
			fmt.Fprintf(a.stdout, "check: %d finding(s)\n", len(findings))
		}
	}
	if len(findings) > 0 {
		return &exitError{code: exitFindings}
	}
	return nil
}

// failed marks an error from applying migrations as a failure (exit 1)
// rather than as a command that could not run (exit 2).
func failed(err error) error {
	var (
		ce *gen.ConnectError
		ue *gen.UsageError
		fe *gen.ConfigError
	)
	if err == nil || errors.As(err, &ce) || errors.As(err, &ue) || errors.As(err, &fe) ||
		errors.Is(err, migrations.ErrUnknownRevision) || errors.Is(err, migrations.ErrNoDir) {
		return err
	}
	return &exitError{code: exitFindings, err: err}
}

func target(cmd *cli.Command, def string) (string, error) {
	switch cmd.Args().Len() {
	case 0:
		return def, nil
	case 1:
		return cmd.Args().First(), nil
	}
	return "", &gen.UsageError{Msg: fmt.Sprintf("%s takes one target, got %q", cmd.Name, cmd.Args().Slice())}
}

func (a *app) upgradeCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	t, err := target(cmd, "head")
	if err != nil {
		return err
	}
	if cmd.Bool("sql") {
		return failed(p.UpgradeSQL(ctx, t, a.stdout))
	}
	applied, err := p.Upgrade(ctx, t)
	if err != nil {
		return failed(err)
	}
	if len(applied) == 0 {
		fmt.Fprintln(a.stdout, "Already up to date")
	}
	return nil
}

func (a *app) downgradeCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	t, err := target(cmd, "-1")
	if err != nil {
		return err
	}
	if cmd.Bool("sql") {
		return failed(p.DowngradeSQL(ctx, t, a.stdout))
	}
	reverted, err := p.Downgrade(ctx, t)
	if err != nil {
		return failed(err)
	}
	if len(reverted) == 0 {
		fmt.Fprintln(a.stdout, "Nothing to revert")
	}
	return nil
}

// revisionJSON is a revision as --format json prints it.
type revisionJSON struct {
	Revision string   `json:"revision"`
	Parents  []string `json:"parents"`
	Message  string   `json:"message"`
	File     string   `json:"file"`
	Created  string   `json:"created"`
	Deploy   string   `json:"deploy"`
	Applied  bool     `json:"applied"`
	Head     bool     `json:"head"`
	Current  bool     `json:"current"`
}

func (a *app) currentCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	st, err := p.Status(ctx)
	if err != nil {
		return err
	}
	g, err := p.Graph()
	if err != nil {
		return err
	}
	if a.format(cmd) == "json" {
		return a.printJSON(struct {
			Current []string `json:"current"`
		}{append([]string{}, st.Current...)})
	}
	if len(st.Current) == 0 {
		fmt.Fprintln(a.stdout, "No revision applied (base)")
		return nil
	}
	heads := headSet(g)
	for _, id := range st.Current {
		line := id
		if f, err := g.Resolve(id); err == nil {
			line += " " + f.Message
		}
		if heads[id] {
			line += " (head)"
		}
		fmt.Fprintln(a.stdout, line)
	}
	return nil
}

func headSet(g *migrations.Graph) map[string]bool {
	m := make(map[string]bool)
	for _, h := range g.Heads() {
		m[h.Revision] = true
	}
	return m
}

func (a *app) headsCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	g, err := p.Graph()
	if err != nil {
		return err
	}
	heads := g.Heads()
	if a.format(cmd) == "json" {
		out := []revisionJSON{}
		for _, h := range heads {
			out = append(out, revJSON(p, h, nil, nil))
		}
		return a.printJSON(out)
	}
	if len(heads) == 0 {
		fmt.Fprintln(a.stdout, "No revisions")
	}
	for _, h := range heads {
		fmt.Fprintf(a.stdout, "%s %s\n", h.Revision, h.Message)
	}
	return nil
}

func revJSON(p *gen.Project, f *migrations.File, applied, current map[string]bool) revisionJSON {
	return revisionJSON{
		Revision: f.Revision, Parents: append([]string{}, f.Parents...), Message: f.Message,
		File: relTo(p.Config().WorkDir, p.Config().MigrationsDir()+"/"+f.Name), Created: f.Created.UTC().Format("2006-01-02T15:04:05Z"),
		Deploy: string(f.Deploy), Applied: applied[f.Revision], Current: current[f.Revision],
	}
}

func (a *app) historyCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	g, err := p.Graph()
	if err != nil {
		return err
	}
	// History is read from the directory; the database only adds markers,
	// so history works without one.
	applied, current := map[string]bool{}, map[string]bool{}
	if st, err := p.Status(ctx); err == nil {
		for _, ap := range st.Applied {
			applied[ap.Revision] = true
		}
		for _, c := range st.Current {
			current[c] = true
		}
	}
	heads := headSet(g)
	files := slices.Clone(g.Files())
	slices.Reverse(files)
	if a.format(cmd) == "json" {
		out := []revisionJSON{}
		for _, f := range files {
			r := revJSON(p, f, applied, current)
			r.Head = heads[f.Revision]
			out = append(out, r)
		}
		return a.printJSON(out)
	}
	if len(files) == 0 {
		fmt.Fprintln(a.stdout, "No revisions")
	}
	for _, f := range files {
		parents := strings.Join(f.Parents, ", ")
		if parents == "" {
			parents = "<base>"
		}
		var marks []string
		if heads[f.Revision] {
			marks = append(marks, "head")
		}
		if current[f.Revision] {
			marks = append(marks, "current")
		}
		if !applied[f.Revision] {
			marks = append(marks, "pending")
		}
		mark := ""
		if len(marks) > 0 {
			mark = " (" + strings.Join(marks, ", ") + ")"
		}
		fmt.Fprintf(a.stdout, "%s -> %s%s %s\n", parents, f.Revision, mark, f.Message)
		if cmd.Bool("verbose") {
			fmt.Fprintf(a.stdout, "    file:    %s\n    created: %s\n    deploy:  %s\n", relTo(p.Config().WorkDir, p.Config().MigrationsDir()+"/"+f.Name), f.Created.UTC().Format("2006-01-02T15:04:05Z"), f.Deploy)
			for _, fl := range f.Flags {
				fmt.Fprintf(a.stdout, "    flag:    %s %s %s: %s\n", fl.Severity, fl.Code, fl.Object, fl.Message)
			}
		}
	}
	return nil
}

func (a *app) mergeCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	f, path, err := p.Merge(cmd.String("message"), cmd.Args().Slice())
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "Generated %s (revision %s merging %s)\n", relTo(p.Config().WorkDir, path), f.Revision, strings.Join(f.Parents, ", "))
	return nil
}

func (a *app) stampCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	if cmd.Args().Len() != 1 {
		return &gen.UsageError{Msg: "stamp takes one revision: gen stamp REV (or head, or base)"}
	}
	if err := p.Stamp(ctx, cmd.Args().First()); err != nil {
		return failed(err)
	}
	fmt.Fprintf(a.stdout, "Stamped %s\n", cmd.Args().First())
	return nil
}

func (a *app) hashCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	if err := p.Hash(); err != nil {
		return err
	}
	fmt.Fprintln(a.stdout, "Rewrote gen.sum")
	return nil
}

func (a *app) modelsCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	s, warnings, err := p.Models(ctx)
	if err != nil {
		return err
	}
	a.printWarnings(cmd, warnings)
	return a.printSchema(cmd, p, s)
}

func (a *app) inspectCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	s, err := p.Inspect(ctx)
	if err != nil {
		return err
	}
	return a.printSchema(cmd, p, s)
}

// printSchema prints s as JSON, or as the SQL that creates it.
func (a *app) printSchema(cmd *cli.Command, p *gen.Project, s *schema.Schema) error {
	if a.format(cmd) == "json" {
		b, err := schemajson.Marshal(s)
		if err != nil {
			return err
		}
		_, err = a.stdout.Write(b)
		return err
	}
	plan, err := diff.Compare(&schema.Schema{Name: s.Name}, s, diff.Options{Dialect: p.Dialect()})
	if err != nil {
		return err
	}
	// One change at a time, so that each table's statements follow a
	// comment saying where the models declare it.
	for i, c := range plan.Changes {
		script, err := render.Render(&diff.Plan{Dialect: plan.Dialect, Changes: []*diff.Change{c}})
		if err != nil {
			return err
		}
		if i > 0 {
			fmt.Fprintln(a.stdout)
		}
		if c.To != nil {
			if pos, ok := c.To.Pos(); ok {
				where := fmt.Sprintf("%s:%d:%d", pos.Filename, pos.Start.Line, pos.Start.Column)
				if g, ok := attr.Get[*attr.GoName](c.To.Attrs); ok {
					where = g.Type + " (" + where + ")"
				}
				fmt.Fprintf(a.stdout, "-- %s\n", where)
			}
		}
		if err := writeScript(a.stdout, script); err != nil {
			return err
		}
	}
	return nil
}

func writeScript(w io.Writer, s *render.Script) error {
	for _, st := range s.Stmts {
		for _, c := range st.Comments {
			fmt.Fprintf(w, "-- %s\n", c)
		}
		if _, err := fmt.Fprintf(w, "%s;\n", st.SQL); err != nil {
			return err
		}
	}
	return nil
}

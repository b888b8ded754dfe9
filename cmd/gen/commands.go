package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"ariga.io/atlas/sql/schema"
	"github.com/urfave/cli/v3"

	"github.com/genmigrate/gen"
	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/migrations"
	"github.com/genmigrate/gen/model"
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
			fmt.Fprintf(a.stdout, "::warning file=%s,line=%d,col=%d::%s\n", escapeProperty(w.Pos.Filename), max(w.Pos.Line, 1), max(w.Pos.Column, 1), escapeAnnotation(w.Error()))
			continue
		}
		// w.Error() says "warning:" itself, after the position.
		line := w.Error()
		if a.errColor && a.format(cmd) == "text" {
			line = strings.Replace(line, "warning:", paint(true, yellow, "warning:"), 1)
		}
		fmt.Fprintln(a.stderr, line)
	}
}

// printConfigWarnings prints the gen.yaml entries that name nothing in this
// database, on stderr in every format (stdout may be JSON).
func (a *app) printConfigWarnings(ws []string) {
	for _, w := range ws {
		fmt.Fprintf(a.stderr, "warning: %s\n", w)
	}
}

// printUnmanaged lists on stderr, in text format, what of the database gen
// leaves alone: never compared, changed or dropped.
func (a *app) printUnmanaged(cmd *cli.Command, us []gen.Unmanaged) {
	if a.format(cmd) != "text" {
		return
	}
	for _, u := range us {
		fmt.Fprintf(a.stderr, "info: unmanaged %s\n", u)
	}
}

// printFlags prints the risk flags of a draft: indented lines (text), or
// workflow annotations (github) on the model field behind each flag, or,
// when no field is behind it, on its `-- gen:flag` line in the migration
// file gen migrate wrote (gen diff writes none: the annotation then has no
// file, and GitHub shows it on the run).
func (a *app) printFlags(cmd *cli.Command, p *gen.Project, d *gen.Draft) {
	for i, f := range d.Files {
		var headerLines []int // the line of each flag in the written file
		if a.format(cmd) == "github" && i < len(d.Paths) {
			if parsed, err := migrations.Parse(f.Name, migrations.Encode(f)); err == nil && len(parsed.Flags) == len(f.Flags) {
				for _, fl := range parsed.Flags {
					headerLines = append(headerLines, fl.FileLine)
				}
			}
		}
		for j, fl := range f.Flags {
			if a.format(cmd) != "github" {
				sev := fmt.Sprint(fl.Severity)
				fmt.Fprintf(a.stdout, "  %s\n", paintPrefix(a.outColor && a.format(cmd) == "text", severityColor(sev), sev, fl.Line()))
				continue
			}
			level := "warning"
			switch fl.Severity {
			case migrations.Error:
				level = "error"
			case migrations.Info:
				level = "notice"
			}
			where := ""
			switch {
			case fl.Pos != nil:
				where = fmt.Sprintf("file=%s,line=%d,col=%d,", escapeProperty(fl.Pos.File), max(fl.Pos.Line, 1), max(fl.Pos.Col, 1))
			case i < len(d.Paths):
				line := 1
				if j < len(headerLines) {
					line = max(headerLines[j], 1)
				}
				where = fmt.Sprintf("file=%s,line=%d,", escapeProperty(relTo(p.Config().WorkDir, d.Paths[i])), line)
			}
			fmt.Fprintf(a.stdout, "::%s %stitle=%s::%s\n", level, where, escapeProperty(fl.Code+" "+fl.Object), escapeAnnotation(fl.Line()))
		}
	}
}

// escapeAnnotation escapes the message of a GitHub workflow command.
func escapeAnnotation(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes the value of a workflow command property (file,
// title): as the message, and also ':' and ',', which would otherwise end
// the properties or the value (a file name holding a comma would split
// into a property GitHub does not know).
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// fileJSON is a migration file as --format json prints it.
type fileJSON struct {
	File          string            `json:"file,omitempty"`
	Revision      string            `json:"revision"`
	Parents       []string          `json:"parents"`
	Message       string            `json:"message"`
	Deploy        string            `json:"deploy"`
	NoTransaction bool              `json:"no_transaction"`
	Flags         []migrations.Flag `json:"flags"`
	Up            []string          `json:"up"`
	Down          []string          `json:"down"`
}

// draftJSON is what gen migrate and gen diff print with --format json
// (docs/flags.schema.json, $defs/draft).
type draftJSON struct {
	Changes []change          `json:"changes"`
	Flags   []migrations.Flag `json:"flags"`
	Files   []fileJSON        `json:"files"`
	Deploy  string            `json:"deploy,omitempty"`
	Advice  string            `json:"advice,omitempty"`
	// Warnings are the models' warnings.
	Warnings []gen.Problem `json:"warnings,omitempty"`
}

// jsonWarnings are the warnings of a command's JSON: the models', then
// the gen.yaml entries that name nothing in this database; nil for none.
func jsonWarnings(models []*model.Error, config []string) []gen.Problem {
	out := gen.Problems(models)
	for _, w := range config {
		out = append(out, gen.Problem{Message: w})
	}
	return out
}

func (a *app) draftJSON(p *gen.Project, d *gen.Draft) draftJSON {
	out := draftJSON{Changes: changesJSON(d.Plan), Flags: d.Flags(), Files: []fileJSON{}}
	if out.Flags == nil {
		out.Flags = []migrations.Flag{}
	}
	for i, f := range d.Files {
		j := fileJSON{Revision: f.Revision, Parents: append([]string{}, f.Parents...), Message: f.Message, Deploy: string(f.Deploy),
			NoTransaction: f.NoTransaction, Flags: f.Flags, Up: sqlOf(f.Up), Down: sqlOf(f.Down)}
		if j.Flags == nil {
			j.Flags = []migrations.Flag{}
		}
		if i < len(d.Paths) {
			j.File = relTo(p.Config().WorkDir, d.Paths[i])
		}
		out.Files = append(out.Files, j)
	}
	if !d.Empty() {
		out.Deploy, out.Advice = string(d.Deploy()), d.Deploy().Advice()
	}
	out.Warnings = jsonWarnings(d.Warnings, d.ConfigWarnings)
	return out
}

func sqlOf(stmts []migrations.Stmt) []string {
	out := []string{}
	for _, s := range stmts {
		if strings.TrimSpace(s.SQL) != "" {
			out = append(out, s.SQL)
		}
	}
	return out
}

// draftOptions reads the diff options and, on a terminal, asks about each
// probable rename as Django does.
func (a *app) draft(ctx context.Context, cmd *cli.Command, p *gen.Project, message string, write bool) (*gen.Draft, error) {
	opts, err := renames(cmd)
	if err != nil {
		return nil, err
	}
	run := func() (*gen.Draft, error) {
		if write {
			return p.Migrate(ctx, message, opts)
		}
		return p.Draft(ctx, message, opts)
	}
	if !a.interactive || a.format(cmd) != "text" {
		return run()
	}
	// Ask first, on a draft that writes nothing; then write with the answers.
	d, err := p.Draft(ctx, message, opts)
	if err != nil {
		return nil, err
	}
	asked := false
	for _, f := range d.Flags() {
		if f.Code != migrations.CodeProbableRename {
			continue
		}
		r, ok := probableRename(f, d.Plan)
		if !ok {
			continue
		}
		asked = true
		fmt.Fprintf(a.stdout, "Did you rename %s.%s to %s.%s? [y/N] ", r.Table, r.From, r.Table, r.To)
		line, _ := a.stdin.ReadString('\n')
		if ans := strings.ToLower(strings.TrimSpace(line)); ans == "y" || ans == "yes" {
			opts.Renames = append(opts.Renames, r)
		}
	}
	if !asked {
		if write {
			return run()
		}
		return d, nil
	}
	return run()
}

// probableRename reads the rename a GEN103 flag is about from the plan.
func probableRename(f migrations.Flag, plan *diff.Plan) (diff.Rename, bool) {
	table, from, ok := strings.Cut(f.Object, ".")
	if !ok {
		return diff.Rename{}, false
	}
	// The message names the new column: "probable rename of t.old to new: …".
	_, rest, ok := strings.Cut(f.Message, " to ")
	if !ok {
		return diff.Rename{}, false
	}
	to, _, _ := strings.Cut(rest, ":")
	return diff.Rename{Table: table, From: from, To: strings.TrimSpace(to)}, true
}

func (a *app) migrateCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	if cmd.Args().Len() > 0 {
		return &gen.UsageError{Msg: fmt.Sprintf("unexpected argument %q: the message goes in -m, e.g. gen migrate -m \"add timezone\"", cmd.Args().First())}
	}
	if strings.TrimSpace(cmd.String("message")) == "" {
		return &gen.UsageError{Msg: "a migration needs a message: gen migrate -m \"add timezone\""}
	}
	d, err := a.draft(ctx, cmd, p, cmd.String("message"), true)
	if err != nil {
		return err
	}
	a.printWarnings(cmd, d.Warnings)
	a.printConfigWarnings(d.ConfigWarnings)
	if a.format(cmd) == "json" {
		return a.printJSON(a.draftJSON(p, d))
	}
	if d.Empty() {
		fmt.Fprintln(a.stdout, "No changes detected")
		return nil
	}
	for i, f := range d.Files {
		fmt.Fprintf(a.stdout, "Generated %s (revision %s, %s)\n", relTo(p.Config().WorkDir, d.Paths[i]), f.Revision, f.Deploy)
	}
	a.printDraft(cmd, p, d, "  ")
	return nil
}

// printDraft prints the changes, the flags and the deploy advice of a draft.
func (a *app) printDraft(cmd *cli.Command, p *gen.Project, d *gen.Draft, indent string) {
	for _, line := range d.Plan.Summary() {
		fmt.Fprintf(a.stdout, "%s%s\n", indent, line)
	}
	a.printFlags(cmd, p, d)
	if len(d.Files) > 1 {
		fmt.Fprintf(a.stdout, "%d revisions, to apply in order with `gen upgrade`: the plan is staged so that it applies safely on tables with rows\n", len(d.Files))
	}
	fmt.Fprintf(a.stdout, "deploy: %s\n", d.Deploy().Advice())
}

func (a *app) diffCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	d, err := a.draft(ctx, cmd, p, "(not written)", false)
	if err != nil {
		return err
	}
	a.printWarnings(cmd, d.Warnings)
	a.printConfigWarnings(d.ConfigWarnings)
	a.printUnmanaged(cmd, d.Unmanaged)
	switch {
	case a.format(cmd) == "json":
		if err := a.printJSON(a.draftJSON(p, d)); err != nil {
			return err
		}
	case d.Empty():
		fmt.Fprintln(a.stdout, "No changes detected")
	case a.format(cmd) == "github":
		a.printDraft(cmd, p, d, "")
	default:
		a.printDraft(cmd, p, d, "")
		for _, f := range d.Files {
			fmt.Fprintln(a.stdout)
			a.stdout.Write(migrations.Encode(f))
		}
	}
	if d.Empty() {
		return nil
	}
	return &gen.ExitError{Code: gen.ExitFindings}
}

func (a *app) checkCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	opts, err := renames(cmd)
	if err != nil {
		return err
	}
	report, err := p.CheckReport(ctx, opts)
	if err != nil {
		return err
	}
	findings := report.Findings
	a.printWarnings(cmd, report.Warnings)
	a.printConfigWarnings(report.ConfigWarnings)
	a.printUnmanaged(cmd, report.Unmanaged)
	switch a.format(cmd) {
	case "json":
		if findings == nil {
			findings = []gen.Finding{}
		}
		if err := a.printJSON(struct {
			Findings []gen.Finding `json:"findings"`
			Warnings []gen.Problem `json:"warnings,omitempty"`
		}{findings, jsonWarnings(report.Warnings, report.ConfigWarnings)}); err != nil {
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
			if a.format(cmd) == "github" {
				// Every finding fails the gate: an error annotation, on the
				// file and line when there is one.
				msg, at := f.Message, ""
				if f.Fix != "" {
					msg += "; fix: " + f.Fix
				}
				if f.File != "" {
					at = fmt.Sprintf("file=%s,line=%d,col=%d,", escapeProperty(f.File), max(f.Line, 1), max(f.Col, 1))
				}
				fmt.Fprintf(a.stdout, "::error %stitle=%s::%s\n", at, escapeProperty("gen check "+f.Kind), escapeAnnotation(msg))
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
		return &gen.ExitError{Code: gen.ExitFindings}
	}
	return nil
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

// runnerOptions applies --lock-timeout and --statement-timeout, and has the
// runner say on stderr what it waits for.
func (a *app) runnerOptions(cmd *cli.Command, p *gen.Project) error {
	for _, name := range []string{"lock-timeout", "statement-timeout"} {
		if cmd.IsSet(name) && cmd.Duration(name) <= 0 {
			return &gen.UsageError{Msg: fmt.Sprintf("--%s %s: give a positive duration such as 5s or 2m", name, cmd.Duration(name))}
		}
	}
	if cmd.IsSet("lock-timeout") {
		p.Runner.LockTimeout = cmd.Duration("lock-timeout")
	}
	if cmd.IsSet("statement-timeout") {
		p.Runner.StatementTimeout = cmd.Duration("statement-timeout")
	}
	p.Runner.Notify = func(msg string) { fmt.Fprintf(a.stderr, "gen: %s\n", msg) }
	return nil
}

func (a *app) upgradeCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	t, err := target(cmd, "head")
	if err != nil {
		return err
	}
	if err := a.runnerOptions(cmd, p); err != nil {
		return err
	}
	tg, err := gen.ParseTarget("upgrade", t)
	if err != nil {
		return gen.RunFailed(err)
	}
	if cmd.Bool("sql") {
		return a.printSQL(cmd, func(w io.Writer) error { return p.UpgradeSQL(ctx, tg, w) })
	}
	applied, err := p.Upgrade(ctx, tg)
	if err != nil {
		return gen.RunFailed(err)
	}
	if a.format(cmd) == "json" {
		return a.printJSON(struct {
			Applied []stepJSON `json:"applied"`
		}{steps(p, applied)})
	}
	if len(applied) == 0 {
		fmt.Fprintln(a.stdout, "Already up to date")
	}
	return nil
}

// printSQL prints the SQL of gen upgrade --sql and gen downgrade --sql as
// it comes, or, with --format json, as {"sql": "…"} once it is all
// written ($defs/sql).
func (a *app) printSQL(cmd *cli.Command, write func(io.Writer) error) error {
	if a.format(cmd) != "json" {
		return gen.RunFailed(write(a.stdout))
	}
	var b strings.Builder
	if err := write(&b); err != nil {
		return gen.RunFailed(err)
	}
	return a.printJSON(struct {
		SQL string `json:"sql"`
	}{b.String()})
}

// stepJSON is a revision gen upgrade applied or gen downgrade reverted
// ($defs/step).
type stepJSON struct {
	Revision string `json:"revision"`
	Message  string `json:"message"`
	File     string `json:"file"`
}

func steps(p *gen.Project, fs []*migrations.File) []stepJSON {
	out := []stepJSON{}
	for _, f := range fs {
		out = append(out, stepJSON{Revision: f.Revision, Message: f.Message, File: revFile(p, f)})
	}
	return out
}

// revFile is the path of a revision's file, relative to the directory gen
// runs in.
func revFile(p *gen.Project, f *migrations.File) string {
	return relTo(p.Config().WorkDir, p.Config().MigrationsDir()+"/"+f.Name)
}

func (a *app) downgradeCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	t, err := target(cmd, "-1")
	if err != nil {
		return err
	}
	if err := a.runnerOptions(cmd, p); err != nil {
		return err
	}
	tg, err := gen.ParseTarget("downgrade", t)
	if err != nil {
		return gen.RunFailed(err)
	}
	if cmd.Bool("sql") {
		return a.printSQL(cmd, func(w io.Writer) error { return p.DowngradeSQL(ctx, tg, w) })
	}
	reverted, err := p.Downgrade(ctx, tg)
	if err != nil {
		return gen.RunFailed(err)
	}
	if a.format(cmd) == "json" {
		return a.printJSON(struct {
			Reverted []stepJSON `json:"reverted"`
		}{steps(p, reverted)})
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
		applied, current := a.dbMarks(ctx, p)
		out := struct {
			Heads []revisionJSON `json:"heads"`
		}{[]revisionJSON{}}
		for _, h := range heads {
			r := revJSON(p, h, applied, current)
			r.Head = true
			out.Heads = append(out.Heads, r)
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
		File: revFile(p, f), Created: f.Created.UTC().Format("2006-01-02T15:04:05Z"),
		Deploy: string(f.Deploy), Applied: applied[f.Revision], Current: current[f.Revision],
	}
}

// dbMarks reads which revisions the database has applied and is at. The
// history and the heads are read from the directory; the database only
// adds these marks, so both work without one (every mark false).
func (a *app) dbMarks(ctx context.Context, p *gen.Project) (applied, current map[string]bool) {
	applied, current = map[string]bool{}, map[string]bool{}
	if st, err := p.Status(ctx); err == nil {
		for _, ap := range st.Applied {
			applied[ap.Revision] = true
		}
		for _, c := range st.Current {
			current[c] = true
		}
	}
	return applied, current
}

func (a *app) historyCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	g, err := p.Graph()
	if err != nil {
		return err
	}
	applied, current := a.dbMarks(ctx, p)
	heads := headSet(g)
	files := slices.Clone(g.Files())
	slices.Reverse(files)
	if a.format(cmd) == "json" {
		out := struct {
			Revisions []revisionJSON `json:"revisions"`
		}{[]revisionJSON{}}
		for _, f := range files {
			r := revJSON(p, f, applied, current)
			r.Head = heads[f.Revision]
			out.Revisions = append(out.Revisions, r)
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

// writtenJSON is the revision gen merge or gen revision wrote
// ($defs/written).
type writtenJSON struct {
	File     string   `json:"file"`
	Revision string   `json:"revision"`
	Parents  []string `json:"parents"`
	Message  string   `json:"message"`
}

func writtenOf(p *gen.Project, f *migrations.File, path string) writtenJSON {
	return writtenJSON{File: relTo(p.Config().WorkDir, path), Revision: f.Revision, Parents: append([]string{}, f.Parents...), Message: f.Message}
}

func (a *app) mergeCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	f, path, err := p.Merge(cmd.String("message"), cmd.Args().Slice())
	if err != nil {
		return err
	}
	if a.format(cmd) == "json" {
		return a.printJSON(writtenOf(p, f, path))
	}
	fmt.Fprintf(a.stdout, "Generated %s (revision %s merging %s)\n", relTo(p.Config().WorkDir, path), f.Revision, strings.Join(f.Parents, ", "))
	return nil
}

// baselineJSON is what gen baseline --format json prints ($defs/baseline).
type baselineJSON struct {
	File     string        `json:"file"`
	Revision string        `json:"revision"`
	Tables   int           `json:"tables"`
	Objects  int           `json:"objects"`
	Config   string        `json:"config,omitempty"`
	Exclude  []string      `json:"exclude"`
	Keep     []string      `json:"keep"`
	Warnings []gen.Problem `json:"warnings,omitempty"`
}

func (a *app) baselineCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	b, err := p.Baseline(ctx, cmd.String("message"))
	if err != nil {
		return err // exit 2: nothing was adopted
	}
	wd := p.Config().WorkDir
	a.printWarnings(cmd, b.Warnings)
	if a.format(cmd) == "json" {
		out := baselineJSON{File: relTo(wd, b.Path), Revision: b.File.Revision, Tables: b.Tables, Objects: b.Objects,
			Exclude: append([]string{}, b.Exclude...), Keep: append([]string{}, b.Keep...), Warnings: gen.Problems(b.Warnings)}
		if b.Config != "" {
			out.Config = relTo(wd, b.Config)
		}
		return a.printJSON(out)
	}
	fmt.Fprintf(a.stdout, "Generated %s (revision %s): %d table(s) as gen renders them, %d other object(s) as the catalog defines them\n",
		relTo(wd, b.Path), b.File.Revision, b.Tables, b.Objects)
	fmt.Fprintf(a.stdout, "Recorded revision %s as applied: nothing was run, the database already is what it creates\n", b.File.Revision)
	if b.Config != "" {
		fmt.Fprintf(a.stdout, "Added to %s:\n", relTo(wd, b.Config))
		for _, e := range b.Exclude {
			fmt.Fprintf(a.stdout, "  exclude: %s (no model declares it)\n", e)
		}
		for _, k := range b.Keep {
			fmt.Fprintf(a.stdout, "  keep: %s (the models do not declare it)\n", k)
		}
	}
	return nil
}

func (a *app) stampCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	if cmd.Args().Len() != 1 {
		return &gen.UsageError{Msg: "stamp takes one revision: gen stamp REV (or head, or base)"}
	}
	tg, err := gen.ParseTarget("stamp", cmd.Args().First())
	if err != nil {
		return gen.RunFailed(err)
	}
	if err := p.Stamp(ctx, tg); err != nil {
		return gen.RunFailed(err)
	}
	if a.format(cmd) == "json" {
		return a.printJSON(struct {
			Stamped string `json:"stamped"`
		}{cmd.Args().First()})
	}
	fmt.Fprintf(a.stdout, "Stamped %s\n", cmd.Args().First())
	return nil
}

func (a *app) hashCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	if err := p.Hash(); err != nil {
		return err
	}
	if a.format(cmd) == "json" {
		return a.printJSON(struct {
			Sum string `json:"sum"`
		}{relTo(p.Config().WorkDir, filepath.Join(p.Config().MigrationsDir(), "gen.sum"))})
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
	return a.printSchema(cmd, p, s, gen.Problems(warnings))
}

func (a *app) inspectCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	s, excluded, err := p.InspectExcluded(ctx)
	if err != nil {
		return err
	}
	// On stderr, so that the schema on stdout stays SQL (or JSON).
	for _, e := range excluded {
		fmt.Fprintf(a.stderr, "gen: left out %s\n", e)
	}
	var warnings []gen.Problem
	for _, ii := range gen.InvalidIndexes(s) {
		msg := fmt.Sprintf("%s; %s", ii, ii.Fix())
		fmt.Fprintf(a.stderr, "gen: warning: %s\n", msg)
		warnings = append(warnings, gen.Problem{Message: msg})
	}
	return a.printSchema(cmd, p, s, warnings)
}

// printSchema prints s as JSON, or as the SQL that creates it.
func (a *app) printSchema(cmd *cli.Command, p *gen.Project, s *schema.Schema, warnings []gen.Problem) error {
	if a.format(cmd) == "json" {
		b, err := gen.SchemaJSON(s, warnings)
		if err != nil {
			return err
		}
		_, err = a.stdout.Write(b)
		return err
	}
	return p.WriteSchemaSQL(a.stdout, s)
}

func (a *app) revisionCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	if cmd.Args().Len() > 0 {
		return &gen.UsageError{Msg: fmt.Sprintf("unexpected argument %q: the message goes in -m, e.g. gen revision -m \"backfill nicknames\"", cmd.Args().First())}
	}
	f, path, err := p.Revision(cmd.String("message"))
	if err != nil {
		return err
	}
	if a.format(cmd) == "json" {
		return a.printJSON(writtenOf(p, f, path))
	}
	follows := "the first revision"
	if len(f.Parents) > 0 {
		follows = "following " + strings.Join(f.Parents, ", ")
	}
	fmt.Fprintf(a.stdout, "Generated %s (revision %s, %s)\n", relTo(p.Config().WorkDir, path), f.Revision, follows)
	fmt.Fprintln(a.stdout, "  write its statements under `-- +gen Up` (what undoes them under `-- +gen Down`), then run `gen hash`")
	return nil
}

// testFailureJSON is gen test's failure as --format json prints it.
type testFailureJSON struct {
	Revision string   `json:"revision"`
	File     string   `json:"file"`
	Step     string   `json:"step"`
	Message  string   `json:"message"`
	Missing  []string `json:"missing,omitempty"`
}

func (a *app) testCmd(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
	if cmd.Args().Len() > 0 {
		return &gen.UsageError{Msg: fmt.Sprintf("unexpected argument %q: gen test takes the scratch database in --db and seeds in --seed FILE", cmd.Args().First())}
	}
	res, err := p.Test(ctx, cmd.String("seed"))
	if err != nil {
		return err // exit 2: nothing was tested
	}
	if a.format(cmd) == "json" {
		out := struct {
			Passed  []string         `json:"passed"`
			Seeded  int              `json:"seeded"`
			Failure *testFailureJSON `json:"failure"`
		}{Passed: []string{}, Seeded: res.Seeded}
		for _, f := range res.Passed {
			out.Passed = append(out.Passed, f.Revision)
		}
		if fl := res.Failure; fl != nil {
			out.Failure = &testFailureJSON{Revision: fl.File.Revision, File: fl.Path, Step: fl.Step, Message: fl.Error(), Missing: fl.Missing}
		}
		if err := a.printJSON(out); err != nil {
			return err
		}
		if res.Failure != nil {
			// The same text as without --format json, on stderr.
			a.printError(res.Failure, false)
			return &gen.ExitError{Code: gen.ExitFindings}
		}
		return nil
	}
	for _, f := range res.Passed {
		fmt.Fprintf(a.stdout, "ok   %s %s\n", f.Revision, f.Message)
	}
	if fl := res.Failure; fl != nil {
		fmt.Fprintf(a.stdout, "FAIL %s %s\n", fl.File.Revision, fl.File.Message)
		return &gen.ExitError{Code: gen.ExitFindings, Err: fl}
	}
	if len(res.Passed) == 0 {
		fmt.Fprintln(a.stdout, "No revisions to test")
		return nil
	}
	seeded := ""
	if res.Seeded > 0 {
		seeded = fmt.Sprintf(", with %d seed section(s)", res.Seeded)
	}
	fmt.Fprintf(a.stdout, "test: %d revision(s) passed%s: each Down restored the schema before its Up, and Up again gave the same schema\n", len(res.Passed), seeded)
	return nil
}

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/urfave/cli/v3"

	"github.com/genmigrate/gen"
	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/internal/dburl"
	"github.com/genmigrate/gen/internal/editdist"
	"github.com/genmigrate/gen/model"
)

// Run runs gen with args (args[0] is the program name) and returns the exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr, stdin: bufio.NewReader(stdin), interactive: interactive(stdin),
		outColor: useColor(stdout), errColor: useColor(stderr)}
	cmd := a.command(stdin)
	err := cmd.Run(ctx, fixNegativeTargets(args))
	if err == nil {
		return gen.ExitOK
	}
	// A usage error can stop the parse before --format: read it from
	// the arguments then.
	asJSON := cmd.String("format") == "json" || formatArg(args) == "json"
	if f := cmd.String("format"); f != "text" && f != "" || formatArg(args) != "text" && formatArg(args) != "" {
		a.errColor = false // only the text format is coloured
	}
	var ee *gen.ExitError
	if !errors.As(err, &ee) || ee.Err != nil {
		a.printError(err, asJSON)
	}
	return gen.ExitCode(err)
}

// formatArg is the value of the last --format in args (before "--"), ""
// when there is none.
func formatArg(args []string) string {
	f := ""
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		for _, name := range []string{"--format", "-format"} {
			if v, ok := strings.CutPrefix(a, name+"="); ok {
				f = v
			} else if a == name && i+1 < len(args) {
				f = args[i+1]
			}
		}
	}
	return f
}

// interactive reports whether gen may ask questions: stdin is a terminal
// and no CI is running (CI set), or GEN_INTERACTIVE=1.
func interactive(stdin io.Reader) bool {
	switch os.Getenv("GEN_INTERACTIVE") {
	case "1":
		return true
	case "0":
		return false
	}
	if os.Getenv("CI") != "" {
		return false
	}
	f, ok := stdin.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

var negativeTarget = regexp.MustCompile(`^-[0-9]+$`)

// fixNegativeTargets lets `gen downgrade -2` mean the target -2 rather than
// an unknown flag: it moves the negative targets to the end, after "--",
// so that the flags on either side of them (`gen downgrade -1 --sql`) are
// still read as flags.
func fixNegativeTargets(args []string) []string {
	var out, targets []string
	for i, a := range args {
		if i > 0 && negativeTarget.MatchString(a) && !containsStr(args[:i], "--") {
			targets = append(targets, a)
			continue
		}
		out = append(out, a)
	}
	if len(targets) == 0 {
		return args
	}
	if !containsStr(out, "--") {
		out = append(out, "--")
	}
	return append(out, targets...)
}

func containsStr(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// app holds what every command needs.
type app struct {
	stdout, stderr io.Writer
	stdin          *bufio.Reader
	notedDefault   bool
	// interactive is set when gen runs on a terminal outside CI: it then
	// asks about probable renames (GEN_INTERACTIVE=1 forces it, for tests).
	interactive bool
	// outColor and errColor: colour the text output on stdout and stderr
	// (useColor).
	outColor, errColor bool
}

// printError prints what stopped a command on stderr and, with --format
// json, as an object on stdout (docs/flags.schema.json, $defs/error), so
// that a program reading stdout sees the failure too. Model problems come
// one per line, in compiler form, and then a line counting them.
func (a *app) printError(err error, asJSON bool) {
	var me *gen.ModelError
	if errors.As(err, &me) && len(me.Errors) > 0 {
		var errs, warns []*model.Error
		for _, e := range me.Errors {
			fmt.Fprintln(a.stderr, dburl.Redact(e.Error()))
			if e.Warning {
				warns = append(warns, e)
			} else {
				errs = append(errs, e)
			}
		}
		closing := modelClosing(me.Errors, len(errs), len(warns))
		fmt.Fprintln(a.stderr, paint(a.errColor, red, "gen:")+" "+closing)
		if asJSON {
			a.printJSON(errorJSON{Error: closing, Errors: gen.Problems(errs), Warnings: gen.Problems(warns)})
		}
		return
	}
	msg := dburl.Redact(err.Error())
	// Paths under the working directory read better relative to it.
	if wd, err := os.Getwd(); err == nil {
		msg = strings.ReplaceAll(msg, wd+string(os.PathSeparator), "")
	}
	if asJSON {
		a.printJSON(errorJSON{Error: strings.TrimPrefix(msg, "gen: ")})
	}
	if !strings.HasPrefix(msg, "gen: ") {
		msg = "gen: " + msg
	}
	fmt.Fprintln(a.stderr, paintPrefix(a.errColor, red, "gen:", msg))
}

// modelClosing is the line after the models' problems: how many errors
// and warnings, and that nothing was written; when one error explains the
// others (model.Error.Cause), that the rest come once it is fixed.
func modelClosing(all []*model.Error, errs, warns int) string {
	s := "the models have " + plural(errs, "error")
	if warns > 0 {
		s += " and " + plural(warns, "warning")
	}
	for _, e := range all {
		if e.Cause {
			return s + "; fix that first: the other problems, if any, are listed once it is fixed; nothing was written"
		}
	}
	return s + "; nothing was written"
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// errorJSON is what every command prints on stdout with --format json when
// it cannot run or its models have errors ($defs/error).
type errorJSON struct {
	Error    string        `json:"error"`
	Errors   []gen.Problem `json:"errors,omitempty"`
	Warnings []gen.Problem `json:"warnings,omitempty"`
}

// command returns the CLI with every command's usage errors (unknown
// flags, missing values) reported in one line, not as a page of help.
func (a *app) command(stdin io.Reader) *cli.Command {
	root := a.commands(stdin)
	for _, c := range root.Commands {
		c.OnUsageError = usageError
		if c.ArgsUsage == "" && c.Action != nil {
			c.Action = noArguments(c.Action)
		}
	}
	return root
}

// noArguments refuses the arguments of a command that takes none (its
// usage names none), rather than ignoring them: `gen current prod` is a
// mistake, not `gen current`.
func noArguments(action cli.ActionFunc) cli.ActionFunc {
	return func(ctx context.Context, cmd *cli.Command) error {
		if cmd.Args().Len() > 0 {
			return &gen.UsageError{Msg: fmt.Sprintf("%s takes no arguments, got %q (see %s --help)", cmd.Name, cmd.Args().Slice(), cmd.FullName())}
		}
		return action(ctx, cmd)
	}
}

// rootAction runs when no command matched: --version; help for `gen`
// alone and `gen help [COMMAND]`; else a usage error naming the command
// meant (urfave/cli's own answer is "No help topic for 'X'").
func (a *app) rootAction(ctx context.Context, cmd *cli.Command) error {
	if cmd.Bool("version") {
		if cmd.Args().Len() > 0 {
			return &gen.UsageError{Msg: fmt.Sprintf("--version takes no arguments, got %q (see gen --help)", cmd.Args().Slice())}
		}
		if err := checkFormat(cmd); err != nil {
			return err
		}
		return a.printVersion(a.format(cmd))
	}
	name := cmd.Args().First()
	switch {
	case cmd.Args().Len() == 0 || name == "help" && (cmd.Args().Len() == 1 || cmd.Args().Get(1) == "help"):
		return cli.ShowRootCommandHelp(cmd)
	case name == "help" && cmd.Args().Len() > 2:
		return &gen.UsageError{Msg: fmt.Sprintf("help takes one command, got %q (see gen --help)", cmd.Args().Slice()[1:])}
	case name == "help" && visibleCommand(cmd, cmd.Args().Get(1)) != nil:
		return cli.ShowCommandHelp(ctx, cmd, cmd.Args().Get(1))
	case name == "help":
		name = cmd.Args().Get(1)
	}
	return unknownCommand(cmd, name)
}

func visibleCommand(cmd *cli.Command, name string) *cli.Command {
	if c := cmd.Command(name); c != nil && !c.Hidden {
		return c
	}
	return nil
}

// unknownCommand is the usage error for a command gen does not have: it
// names the command meant, when one is close (a typo, or the start of one
// command's name), and lists the commands.
func unknownCommand(cmd *cli.Command, name string) error {
	best, dist := "", 3
	var names, prefixed []string
	for _, c := range cmd.Commands {
		if c.Hidden {
			continue
		}
		names = append(names, c.Name)
		if d := editdist.Levenshtein(name, c.Name); d < dist {
			best, dist = c.Name, d
		}
		if len(name) >= 2 && strings.HasPrefix(c.Name, name) {
			prefixed = append(prefixed, c.Name)
		}
	}
	if best == "" && len(prefixed) == 1 {
		best = prefixed[0]
	}
	list := "the commands are " + strings.Join(names, ", ") + " (see gen --help)"
	if best != "" {
		return &gen.UsageError{Msg: fmt.Sprintf("unknown command %q; did you mean gen %s? %s", name, best, strings.ToUpper(list[:1])+list[1:])}
	}
	return &gen.UsageError{Msg: fmt.Sprintf("unknown command %q; %s", name, list)}
}

func usageError(_ context.Context, cmd *cli.Command, err error, _ bool) error {
	return &gen.UsageError{Msg: fmt.Sprintf("%v (see %s --help)", err, cmd.FullName())}
}

func (a *app) commands(stdin io.Reader) *cli.Command {
	runnerFlags := []cli.Flag{
		&cli.DurationFlag{Name: "lock-timeout", Usage: "give up after `DURATION` waiting for the migration lock or for a table lock (e.g. 2s; replaces lock_timeout: of gen.yaml and the files' own SET lock_timeout)"},
		&cli.DurationFlag{Name: "statement-timeout", Usage: "give up on a statement after `DURATION` (PostgreSQL; replaces statement_timeout: of gen.yaml and the files' own SET statement_timeout)"},
	}
	renameFlag := &cli.StringSliceFlag{Name: "rename", Usage: "treat a dropped and an added column as a rename: `TABLE.OLD=NEW` (may repeat)"}
	diffFlags := []cli.Flag{
		renameFlag,
		&cli.BoolFlag{Name: "no-live-checks", Usage: "do not query the live data behind the flags' figures (they then say \"not checked\")"},
		&cli.BoolFlag{Name: "allow-drop-all", Usage: "allow a migration that drops every table of the database"},
	}
	return &cli.Command{
		Name:  "gen",
		Usage: "turn Go model structs into reviewable database migrations",
		Description: "Run gen help COMMAND (or gen COMMAND --help) for what a command takes, gen version for the build.\n" +
			"--format json prints each command's result as one JSON object on stdout (docs/JSON.md).\n" +
			"Exit codes: 0 success, 1 the command ran and found something (drift, changes, a failed migration), 2 it could not run.",
		Reader:    stdin,
		Writer:    a.stdout,
		ErrWriter: a.stderr,
		// The default handler calls os.Exit; Run maps errors to exit codes.
		ExitErrHandler:  func(context.Context, *cli.Command, error) {},
		HideHelpCommand: true,
		Suggest:         true,
		OnUsageError:    usageError,
		Action:          a.rootAction,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "db", Usage: "database `URL` (postgres://… or sqlite:file.db); env DATABASE_URL"},
			&cli.StringSliceFlag{Name: "models", Usage: "Go package `PATTERN` holding the models (may repeat; default ./models)"},
			&cli.StringFlag{Name: "dir", Usage: "migrations `DIR` (default migrations)"},
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output `FORMAT`: text, json or github"},
			&cli.StringFlag{Name: "config", Usage: "configuration `FILE` (default gen.yaml in the working directory)"},
			&cli.StringFlag{Name: "C", Usage: "run as if gen was started in `DIR`"},
			&cli.BoolFlag{Name: "version", Local: true, Usage: "print gen's version (as gen version does) and exit"},
		},
		Commands: []*cli.Command{
			{
				Name:  "init",
				Usage: "create the migrations directory and a commented gen.yaml",
				Action: func(ctx context.Context, cmd *cli.Command) error {
					return a.initCmd(cmd)
				},
			},
			{
				Name:      "migrate",
				Usage:     "write a migration that brings the database to the models",
				ArgsUsage: " ",
				Flags: append([]cli.Flag{
					&cli.StringFlag{Name: "message", Aliases: []string{"m"}, Usage: "what the migration does, e.g. \"add timezone\""},
				}, diffFlags...),
				Action: a.withProject(func(ctx context.Context, cmd *cli.Command, p *gen.Project) error {
					return a.migrateCmd(ctx, cmd, p)
				}),
			},
			{
				Name:   "diff",
				Usage:  "print the migration gen migrate would write; exit 1 when there is one",
				Flags:  diffFlags,
				Action: a.withProject(a.diffCmd),
			},
			{
				Name:   "check",
				Usage:  "CI gate: drift, pending revisions, several heads, gen.sum, edited files, unacknowledged errors; exit 1 on findings",
				Flags:  []cli.Flag{renameFlag},
				Action: a.withProject(a.checkCmd),
			},
			{
				Name:      "upgrade",
				Usage:     "apply migrations up to TARGET: head (default), a revision, or +N",
				ArgsUsage: "[TARGET]",
				Flags:     append([]cli.Flag{&cli.BoolFlag{Name: "sql", Usage: "print the SQL instead of running it"}}, runnerFlags...),
				Action:    a.withProject(a.upgradeCmd),
			},
			{
				Name:      "downgrade",
				Usage:     "revert migrations: -1 (default), -N, down to a revision, or base",
				ArgsUsage: "[TARGET]",
				Flags:     append([]cli.Flag{&cli.BoolFlag{Name: "sql", Usage: "print the SQL instead of running it"}}, runnerFlags...),
				Action:    a.withProject(a.downgradeCmd),
			},
			{
				Name:   "current",
				Usage:  "print the revisions the database is at",
				Action: a.withProject(a.currentCmd),
			},
			{
				Name:   "heads",
				Usage:  "print the heads of the revision graph",
				Action: a.withProject(a.headsCmd),
			},
			{
				Name:   "history",
				Usage:  "print the revisions, newest first",
				Flags:  []cli.Flag{&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "print each revision's details"}},
				Action: a.withProject(a.historyCmd),
			},
			{
				Name:      "merge",
				Usage:     "write a revision joining heads (every head when no REV is given)",
				ArgsUsage: "[REV…]",
				Flags:     []cli.Flag{&cli.StringFlag{Name: "message", Aliases: []string{"m"}, Usage: "what the merge is"}},
				Action:    a.withProject(a.mergeCmd),
			},
			{
				Name:      "revision",
				Usage:     "write an empty revision following the head, for a hand-written data migration (a backfill)",
				ArgsUsage: " ",
				Flags:     []cli.Flag{&cli.StringFlag{Name: "message", Aliases: []string{"m"}, Usage: "what the revision does, e.g. \"backfill nicknames\""}},
				Action:    a.withProject(a.revisionCmd),
			},
			{
				Name:      "test",
				Usage:     "on an empty scratch database (--db), apply each revision, check that Down restores the schema before it and Up again the same; exit 1 naming the first that fails",
				ArgsUsage: " ",
				Flags:     []cli.Flag{&cli.StringFlag{Name: "seed", Usage: "SQL `FILE` whose `-- gen:after REV` sections run once REV passed, so that later revisions meet rows"}},
				Action:    a.withProject(a.testCmd),
			},
			{
				Name:   "baseline",
				Usage:  "adopt an existing database: write its schema as the first revision, record it as applied, and exclude/keep what the models do not declare",
				Flags:  []cli.Flag{&cli.StringFlag{Name: "message", Aliases: []string{"m"}, Usage: "what the revision is"}},
				Action: a.withProject(a.baselineCmd),
			},
			{
				Name:      "stamp",
				Usage:     "record REV (and its ancestors) as applied without running SQL",
				ArgsUsage: "REV",
				Action:    a.withProject(a.stampCmd),
			},
			{
				Name:   "hash",
				Usage:  "rewrite gen.sum after deliberately editing a migration that is not applied yet",
				Action: a.withProject(a.hashCmd),
			},
			{
				Name:   "models",
				Usage:  "print the schema the models declare (SQL, or --format json)",
				Action: a.withProject(a.modelsCmd),
			},
			{
				Name:   "inspect",
				Usage:  "print the schema of the database (SQL, or --format json)",
				Action: a.withProject(a.inspectCmd),
			},
			{
				Name:  "version",
				Usage: "print gen's module version, VCS revision and time, and Go version (from the binary's build info)",
				Action: func(ctx context.Context, cmd *cli.Command) error {
					if err := checkFormat(cmd); err != nil {
						return err
					}
					return a.printVersion(a.format(cmd))
				},
			},
		},
	}
}

// config resolves the configuration: flag, then environment, then gen.yaml,
// then defaults.
func (a *app) config(cmd *cli.Command) (gen.Config, error) {
	path, optional := cmd.String("config"), false
	if path == "" {
		path, optional = gen.DefaultConfigFile, true
	}
	var workDir string
	if d := cmd.String("C"); d != "" {
		abs, err := filepath.Abs(d)
		if err != nil {
			return gen.Config{}, &gen.UsageError{Msg: fmt.Sprintf("-C %s: %v", d, err)}
		}
		if st, err := os.Stat(abs); err != nil || !st.IsDir() {
			return gen.Config{}, &gen.UsageError{Msg: fmt.Sprintf("-C %s: not a directory", d)}
		}
		workDir = abs
		if !filepath.IsAbs(path) {
			path = filepath.Join(abs, path)
		}
	}
	c, err := gen.ReadConfig(path, optional)
	if err != nil {
		return gen.Config{}, err
	}
	c.WorkDir = workDir
	switch {
	case cmd.IsSet("db"):
		c.DB = cmd.String("db")
	case os.Getenv("DATABASE_URL") != "":
		c.DB = os.Getenv("DATABASE_URL")
	}
	if ms := cmd.StringSlice("models"); len(ms) > 0 {
		c.Models = ms
	}
	if d := cmd.String("dir"); d != "" {
		c.Dir = d
	}
	if err := checkFormat(cmd); err != nil {
		return gen.Config{}, err
	}
	return *c, nil
}

// checkFormat refuses a --format gen does not have.
func checkFormat(cmd *cli.Command) error {
	switch f := cmd.String("format"); f {
	case "text", "json", "github":
		return nil
	default:
		return &gen.UsageError{Msg: fmt.Sprintf("--format %q: use text, json or github", f)}
	}
}

// withProject builds the Project before running action.
func (a *app) withProject(action func(context.Context, *cli.Command, *gen.Project) error) cli.ActionFunc {
	return func(ctx context.Context, cmd *cli.Command) error {
		cfg, err := a.config(cmd)
		if err != nil {
			return err
		}
		p, err := gen.New(cfg)
		if err != nil {
			return err
		}
		if p.Config().DefaultedDB && !a.notedDefault {
			a.notedDefault = true
			fmt.Fprintf(a.stderr, "gen: no database configured (--db, DATABASE_URL or db: in gen.yaml): using %s\n", gen.DefaultDB)
		}
		// Progress lines (applied …) go with the text on stdout; with
		// --format json, stdout holds only the JSON value.
		p.Log = a.stdout
		if a.format(cmd) == "json" {
			p.Log = a.stderr
		}
		return action(ctx, cmd, p)
	}
}

func (a *app) initCmd(cmd *cli.Command) error {
	cfg, err := a.config(cmd)
	if err != nil {
		return err
	}
	if err := cfg.Defaults(); err != nil {
		return err
	}
	configPath := cmd.String("config")
	if configPath == "" {
		configPath = gen.DefaultConfigFile
	}
	created, err := gen.Init(cfg.WorkDir, cfg.Dir, configPath)
	if err != nil {
		return err
	}
	if a.format(cmd) == "json" {
		out := struct {
			Created []string `json:"created"`
		}{[]string{}}
		for _, c := range created {
			out.Created = append(out.Created, relTo(cfg.WorkDir, c))
		}
		return a.printJSON(out)
	}
	if len(created) == 0 {
		fmt.Fprintln(a.stdout, "Nothing to do: the migrations directory and the configuration exist")
	}
	for _, c := range created {
		fmt.Fprintf(a.stdout, "Created %s\n", relTo(cfg.WorkDir, c))
	}
	return nil
}

func renames(cmd *cli.Command) (gen.DraftOptions, error) {
	o := gen.DraftOptions{NoLiveChecks: cmd.Bool("no-live-checks"), AllowDropAll: cmd.Bool("allow-drop-all")}
	for _, s := range cmd.StringSlice("rename") {
		r, err := diff.ParseRename(s)
		if err != nil {
			return o, &gen.UsageError{Msg: err.Error()}
		}
		o.Renames = append(o.Renames, r)
	}
	return o, nil
}

func (a *app) format(cmd *cli.Command) string { return cmd.String("format") }

func (a *app) printJSON(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	// SQL and messages hold < and >; keep them readable.
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func relTo(base, path string) string {
	if r, ok := strings.CutPrefix(path, base+string(os.PathSeparator)); ok {
		return r
	}
	return path
}

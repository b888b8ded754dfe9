package gen

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"ariga.io/atlas/sql/schema"
	"go.yaml.in/yaml/v3"

	"github.com/genmigrate/gen/attr"
	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/introspect"
	"github.com/genmigrate/gen/migrations"
	"github.com/genmigrate/gen/model"
	"github.com/genmigrate/gen/render"
)

// A Baseline is what Project.Baseline wrote.
type Baseline struct {
	File *migrations.File
	// Path is the migration file's path.
	Path string
	// Tables and Objects count what its Up creates: the tables (gen's
	// rendering) and the other objects (the catalog's definitions).
	Tables, Objects int
	// Exclude and Keep are the entries added to gen.yaml: the tables
	// without a model, and the objects of managed tables the models do
	// not declare.
	Exclude, Keep []string
	// Config is the gen.yaml written; "" when no entry was added.
	Config string
	// Warnings are the models' warnings (see Draft.Warnings).
	Warnings []*model.Error
}

// ErrNotEmpty is returned by Baseline when gen already has migrations
// for the project or the database.
var ErrNotEmpty = errors.New("gen: baseline adopts a database gen has no migrations for")

// Baseline adopts an existing database (DESIGN.md, "Adopting an existing
// database"): it writes the first revision, whose Up creates the schema as
// it is — gen's rendering of the tables, the catalog's own definitions of
// the rest (extensions, domains, free sequences, functions, the indexes gen
// leaves to the catalog, views, materialized views, triggers, rules), in
// an order that creates them — records it as applied without running it,
// and adds to gen.yaml exclude: entries for the tables the models do not
// declare and keep: entries for the objects of managed tables the models
// do not declare, so that `gen diff` then shows only what the models
// really change. Nothing else in the database changes.
//
// PostgreSQL only, for now.
func (p *Project) Baseline(ctx context.Context, message string) (*Baseline, error) {
	if strings.TrimSpace(message) == "" {
		return nil, &UsageError{Msg: "a baseline needs a message: gen baseline -m \"baseline\""}
	}
	if !p.dialect.readsObjects() {
		return nil, &UsageError{Msg: fmt.Sprintf("gen baseline reads PostgreSQL catalogs only; on %s, run `gen migrate -m \"baseline\"` on an empty database of the same models, then `gen stamp head` on this one", p.dialect.name())}
	}
	dir, err := p.openDir()
	if err != nil {
		return nil, err
	}
	graph, err := dir.Graph()
	if err != nil {
		return nil, err
	}
	if n := len(graph.Files()); n > 0 {
		return nil, fmt.Errorf("%w: %s already holds %d revision(s); a baseline must be the first (to adopt objects into an existing history, use gen.yaml exclude:/keep: and `gen migrate`)", ErrNotEmpty, p.rel(dir.Path()), n)
	}
	models := p.loadModels(ctx)
	fail := func(err error) (*Baseline, error) {
		if _, _, merr := models(); merr != nil {
			return nil, merr
		}
		return nil, err
	}
	d, err := p.connect(ctx, readWrite)
	if err != nil {
		return fail(err)
	}
	defer d.Close()
	status, err := p.status(ctx, d, dir)
	if err != nil {
		return fail(err)
	}
	if len(status.Applied) > 0 {
		return fail(fmt.Errorf("%w: the database has %d revision(s) recorded in %s", ErrNotEmpty, len(status.Applied), VersionTable))
	}
	all, err := d.inspect(ctx, []string{VersionTable, migrations.ProgressTable}, nil)
	if err != nil {
		return fail(err)
	}
	desired, warnings, err := models()
	if err != nil {
		return nil, err
	}
	if len(all.Tables) == 0 {
		return nil, &UsageError{Msg: fmt.Sprintf("schema %s has no tables to adopt: on an empty database, run `gen migrate -m \"create tables\"` instead", all.Name)}
	}

	b := &Baseline{Tables: len(all.Tables), Warnings: warnings}
	managed := &schema.Schema{Name: all.Name, Objects: all.Objects}
	declared := p.tableSet(desired)
	for _, t := range all.Tables {
		switch {
		case declared.has(t.Name):
			managed.Tables = append(managed.Tables, t)
		case toolOf(t, p.caseless()) != "":
		case slices.ContainsFunc(p.cfg.Exclude, func(e string) bool { return introspect.MatchTable(e, t.Name, p.caseless()) }):
		default:
			b.Exclude = append(b.Exclude, t.Name)
		}
	}
	// The objects of managed tables the models do not declare: what the
	// diff would drop.
	keep, err := p.undeclared(managed, desired)
	if err != nil {
		return nil, err
	}
	for _, k := range keep {
		if !slices.Contains(p.cfg.Keep, k) {
			b.Keep = append(b.Keep, k)
		}
	}
	// Indexes gen does not own (on tables without models, or kept) come
	// from the catalog; gen renders the rest of every table.
	isManaged := make(map[string]bool)
	for _, t := range managed.Tables {
		isManaged[t.Name] = true
	}
	kept := make(map[string]bool)
	for _, k := range append(slices.Clone(p.cfg.Keep), keep...) {
		kept[k] = true
	}
	catalogIndex := func(table, index string) bool { return !isManaged[table] || kept[table+"."+index] }
	for _, t := range all.Tables {
		t.Indexes = slices.DeleteFunc(t.Indexes, func(i *schema.Index) bool {
			return !isPrimaryOrConstraint(t, i) && catalogIndex(t.Name, i.Name)
		})
	}
	objects, err := d.objects(ctx, catalogIndex)
	if err != nil {
		return nil, err
	}
	b.Objects = len(objects)
	plan, err := diff.Compare(&schema.Schema{Name: all.Name}, all, diff.Options{Dialect: p.dialect.name()})
	if err != nil {
		return nil, err
	}
	up, err := render.Render(plan)
	if err != nil {
		return nil, fmt.Errorf("rendering the baseline: %w", err)
	}
	down, err := render.Render(plan.Reverse())
	if err != nil {
		return nil, fmt.Errorf("rendering the baseline's downgrade: %w", err)
	}
	f := &migrations.File{
		Revision: migrations.NewRevisionID(),
		Message:  message,
		Created:  p.now(),
		Dialect:  p.fileDialect(),
		Up:       p.withTimeouts(baselineUp(objects, up.Stmts), false),
		Down:     p.withTimeouts(baselineDown(objects, down.Stmts), false),
	}
	paths, err := dir.WriteAll([]*migrations.File{f})
	if err != nil {
		return nil, fmt.Errorf("writing the baseline: %w", err)
	}
	b.File, b.Path = f, paths[0]
	// Recorded as applied: the database already is what it creates.
	dir, err = p.openDir()
	if err != nil {
		return nil, err
	}
	m, err := p.migrator(d, dir)
	if err != nil {
		return nil, err
	}
	if err := m.Stamp(ctx, migrations.To(f.Revision)); err != nil {
		return nil, fmt.Errorf("recording the baseline as applied (the file %s is written; run `gen stamp %s` once the cause is fixed): %w", p.rel(b.Path), f.Revision, err)
	}
	if len(b.Exclude) > 0 || len(b.Keep) > 0 {
		path := p.configPath()
		if err := addConfigEntries(path, b.Exclude, b.Keep, f.Revision); err != nil {
			return nil, fmt.Errorf("the baseline %s is written and recorded, but adding its exclude:/keep: entries to %s failed (add them by hand: exclude: %s; keep: %s): %w",
				p.rel(b.Path), path, strings.Join(b.Exclude, ", "), strings.Join(b.Keep, ", "), err)
		}
		b.Config = path
	}
	return b, nil
}

// isPrimaryOrConstraint reports whether i is t's primary key or backs a
// unique constraint: gen renders those with the table.
func isPrimaryOrConstraint(t *schema.Table, i *schema.Index) bool {
	return t.PrimaryKey == i || (t.PrimaryKey != nil && t.PrimaryKey.Name == i.Name) || attr.Has[*attr.UniqueConstraint](i.Attrs)
}

// undeclared returns, as keep: entries ("table.object"), the indexes,
// unique constraints, foreign keys and CHECKs of the managed tables that
// the models do not declare: those the diff would drop.
func (p *Project) undeclared(managed, desired *schema.Schema) ([]string, error) {
	plan, err := diff.Compare(managed, desired, diff.Options{Dialect: p.dialect.name()})
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range plan.Changes {
		a, ok := c.Op.(*diff.AlterTable)
		if !ok {
			continue
		}
		for _, sub := range a.Ops {
			at, ok := sub.(*diff.Atlas)
			if !ok {
				continue
			}
			switch sc := at.Change.(type) {
			case *schema.DropIndex:
				out = append(out, a.T.Name+"."+sc.I.Name)
			case *schema.DropForeignKey:
				out = append(out, a.T.Name+"."+sc.F.Symbol)
			case *schema.DropCheck:
				if sc.C.Name != "" {
					out = append(out, a.T.Name+"."+sc.C.Name)
				}
			}
		}
	}
	return out, nil
}

// baselineUp is the baseline's Up: the objects tables need, the tables,
// then the objects on them.
func baselineUp(objects []introspect.CatalogObject, tables []migrations.Stmt) []migrations.Stmt {
	out := []migrations.Stmt{{SQL: "SET LOCAL check_function_bodies = off",
		Comments: []string{"the baseline of an existing database: gen's rendering of its tables, the catalog's own definitions of the rest",
			"functions may name tables created further down"}}}
	add := func(o introspect.CatalogObject) {
		for i, q := range o.Create {
			st := migrations.Stmt{SQL: q}
			if i == 0 {
				st.Comments = []string{o.Kind + " " + o.Name + " (the catalog's definition)"}
			}
			out = append(out, st)
		}
	}
	for _, o := range objects {
		if o.BeforeTables() {
			add(o)
		}
	}
	out = append(out, tables...)
	for _, o := range objects {
		if !o.BeforeTables() {
			add(o)
		}
	}
	return out
}

// baselineDown undoes baselineUp: the views, the tables (with their
// indexes, triggers and rules), then the objects tables needed; the
// extensions stay, since other schemas may use them.
func baselineDown(objects []introspect.CatalogObject, tables []migrations.Stmt) []migrations.Stmt {
	var out []migrations.Stmt
	for _, o := range slices.Backward(objects) {
		if !o.BeforeTables() && o.Table == "" && o.Drop != "" {
			out = append(out, migrations.Stmt{SQL: o.Drop})
		}
	}
	out = append(out, tables...)
	for _, o := range slices.Backward(objects) {
		if o.BeforeTables() && o.Drop != "" {
			out = append(out, migrations.Stmt{SQL: o.Drop})
		}
	}
	return out
}

// configPath is the gen.yaml the project read, or the default one in its
// working directory.
func (p *Project) configPath() string {
	if p.cfg.file != "" {
		return p.cfg.file
	}
	return filepath.Join(p.cfg.WorkDir, DefaultConfigFile)
}

// addConfigEntries appends exclude and keep entries to the gen.yaml at
// path (created when missing), keeping what it holds and its comments.
func addConfigEntries(path string, exclude, keep []string, revision string) error {
	data, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	var doc yaml.Node
	if len(strings.TrimSpace(string(data))) > 0 {
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return err
		}
	}
	if len(doc.Content) == 0 {
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.MappingNode}}}
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return fmt.Errorf("%s is not a mapping", path)
	}
	add := func(key string, entries []string, why string) {
		if len(entries) == 0 {
			return
		}
		var seq *yaml.Node
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				seq = m.Content[i+1]
			}
		}
		if seq == nil || seq.Kind != yaml.SequenceNode {
			k := &yaml.Node{Kind: yaml.ScalarNode, Value: key}
			seq = &yaml.Node{Kind: yaml.SequenceNode}
			m.Content = append(m.Content, k, seq)
		}
		for i, e := range entries {
			n := &yaml.Node{Kind: yaml.ScalarNode, Value: e}
			if i == 0 {
				n.HeadComment = fmt.Sprintf("added by gen baseline (revision %s): %s", revision, why)
			}
			seq.Content = append(seq.Content, n)
		}
	}
	add("exclude", exclude, "tables the models do not declare")
	add("keep", keep, "objects of managed tables the models do not declare")
	var buf strings.Builder
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(buf.String()), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

package gen

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/genmigrate/gen/diff"
	"github.com/genmigrate/gen/migrations"
	"github.com/genmigrate/gen/model"
	"github.com/genmigrate/gen/render"
)

// ErrNotAtHead is returned by Draft and Migrate when the database has not
// applied every revision of the migrations directory: a migration
// generated against it would repeat or contradict the pending ones.
var ErrNotAtHead = errors.New("gen: the database is not at head")

// ErrMultipleHeads is returned by Draft and Migrate when the revision graph
// has several heads: a new revision would not know which one to follow.
var ErrMultipleHeads = errors.New("gen: the migrations directory has several heads")

// DraftOptions tune how the models and the database are compared.
type DraftOptions struct {
	// Renames are column renames (--rename table.old=new).
	Renames []diff.Rename
}

// A Draft is the migration the models call for.
type Draft struct {
	// Plan is the ordered list of changes; empty when the models and the
	// database agree.
	Plan *diff.Plan
	// File is the migration file to write; nil when Plan is empty.
	File *migrations.File
	// Warnings from loading the models.
	Warnings []*model.Error
	// Path is where Migrate wrote File.
	Path string
}

// Empty reports whether there is nothing to migrate.
func (d *Draft) Empty() bool { return d.Plan.Empty() }

// Draft compares the models with the database, which must have applied
// every revision, and returns the migration that would bring the database
// to the models, without writing anything.
func (p *Project) Draft(ctx context.Context, message string, opts DraftOptions) (*Draft, error) {
	dir, err := p.openDir()
	if err != nil {
		return nil, err
	}
	graph, err := dir.Graph()
	if err != nil {
		return nil, err
	}
	desired, warnings, err := p.Models(ctx)
	if err != nil {
		return nil, err
	}
	d, err := p.connect(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	heads := graph.Heads()
	if len(heads) > 1 {
		return nil, fmt.Errorf("%w (%s): run `gen merge -m \"merge heads\"` first", ErrMultipleHeads, fileList(heads))
	}
	status, err := p.migrator(d, dir).Status(ctx)
	if err != nil {
		return nil, err
	}
	if len(status.Pending) > 0 {
		return nil, fmt.Errorf("%w: %d revision(s) not applied (%s): run `gen upgrade` first, then generate the migration",
			ErrNotAtHead, len(status.Pending), fileList(status.Pending))
	}
	current, err := d.inspect(ctx)
	if err != nil {
		return nil, err
	}
	plan, err := diff.Compare(current, desired, diff.Options{Dialect: p.url.Dialect, Renames: opts.Renames})
	if err != nil {
		return nil, err
	}
	draft := &Draft{Plan: plan, Warnings: warnings}
	if plan.Empty() {
		return draft, nil
	}
	f, err := p.file(plan, message, heads)
	if err != nil {
		return nil, err
	}
	draft.File = f
	return draft, nil
}

// file renders plan into a migration file following heads.
func (p *Project) file(plan *diff.Plan, message string, heads []*migrations.File) (*migrations.File, error) {
	up, err := render.Render(plan)
	if err != nil {
		return nil, fmt.Errorf("rendering the upgrade: %w", err)
	}
	down, err := render.Render(plan.Reverse())
	if err != nil {
		return nil, fmt.Errorf("rendering the downgrade: %w", err)
	}
	f := &migrations.File{
		Revision:      migrations.NewRevisionID(),
		Message:       message,
		Created:       p.now(),
		Deploy:        plan.Deploy(),
		NoTransaction: up.NoTransaction || down.NoTransaction,
		Up:            up.Stmts,
		Down:          down.Stmts,
	}
	for _, h := range heads {
		f.Parents = append(f.Parents, h.Revision)
	}
	f.Flags = plan.Flags()
	return f, nil
}

// Migrate drafts the migration and writes it to the migrations directory
// (with gen.sum). When the models and the database agree it writes nothing
// and returns an empty draft.
func (p *Project) Migrate(ctx context.Context, message string, opts DraftOptions) (*Draft, error) {
	if strings.TrimSpace(message) == "" {
		return nil, &UsageError{Msg: "a migration needs a message: gen migrate -m \"add timezone\""}
	}
	d, err := p.Draft(ctx, message, opts)
	if err != nil || d.Empty() {
		return d, err
	}
	dir, err := p.openDir()
	if err != nil {
		return nil, err
	}
	path, err := dir.Write(d.File)
	if err != nil {
		return nil, fmt.Errorf("writing the migration: %w", err)
	}
	d.Path = path
	return d, nil
}

// A UsageError is a command used wrongly; its message says how to use it.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func fileList(fs []*migrations.File) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Revision + " " + f.Message
	}
	return strings.Join(names, ", ")
}

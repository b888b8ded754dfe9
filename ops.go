package gen

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/genmigrate/gen/migrations"
)

// withMigrator opens the migrations directory and the database, runs f
// with a migrator over both, and closes the database.
func (p *Project) withMigrator(ctx context.Context, mode access, f func(*migrations.Migrator) error) error {
	dir, err := p.openDir()
	if err != nil {
		return err
	}
	d, err := p.connect(ctx, mode)
	if err != nil {
		return err
	}
	defer d.Close()
	m, err := p.migrator(d, dir)
	if err != nil {
		return err
	}
	return f(m)
}

// Upgrade applies revisions up to target (migrations.Head(), To(rev) or
// Up(n); ParseTarget reads the CLI's "head", "+N" and revisions) and
// returns what it applied. Safe to run from many processes at once: each
// revision is applied exactly once.
func (p *Project) Upgrade(ctx context.Context, target migrations.Target) (applied []*migrations.File, err error) {
	err = p.withMigrator(ctx, readWrite, func(m *migrations.Migrator) error {
		applied, err = m.Upgrade(ctx, target)
		return err
	})
	return applied, err
}

// UpgradeSQL writes the SQL Upgrade would run to w, applying nothing.
func (p *Project) UpgradeSQL(ctx context.Context, target migrations.Target, w io.Writer) error {
	return p.withMigrator(ctx, readOnly, func(m *migrations.Migrator) error {
		return m.UpgradeSQL(ctx, target, w)
	})
}

// Downgrade reverts revisions: migrations.Down(n) the last n, To(rev) down
// to a revision (kept), or Base() (all). It returns what it reverted.
func (p *Project) Downgrade(ctx context.Context, target migrations.Target) (reverted []*migrations.File, err error) {
	err = p.withMigrator(ctx, readWrite, func(m *migrations.Migrator) error {
		reverted, err = m.Downgrade(ctx, target)
		return err
	})
	return reverted, err
}

// DowngradeSQL writes the SQL Downgrade would run to w, reverting nothing.
func (p *Project) DowngradeSQL(ctx context.Context, target migrations.Target, w io.Writer) error {
	return p.withMigrator(ctx, readOnly, func(m *migrations.Migrator) error {
		return m.DowngradeSQL(ctx, target, w)
	})
}

// Stamp records target as applied (with its ancestors) without running SQL.
func (p *Project) Stamp(ctx context.Context, target migrations.Target) error {
	return p.withMigrator(ctx, readWrite, func(m *migrations.Migrator) error {
		return m.Stamp(ctx, target)
	})
}

// Status reads the state of the database against the migrations directory.
func (p *Project) Status(ctx context.Context) (st *migrations.Status, err error) {
	err = p.withMigrator(ctx, readOnly, func(m *migrations.Migrator) error {
		st, err = m.Status(ctx)
		return err
	})
	return st, err
}

// Graph returns the revision graph of the migrations directory.
func (p *Project) Graph() (*migrations.Graph, error) {
	dir, err := p.openDir()
	if err != nil {
		return nil, err
	}
	return dir.Graph()
}

// Merge writes a revision with no SQL of its own whose parents are revs,
// or every head when revs is empty, so that the graph has one head again.
func (p *Project) Merge(message string, revs []string) (*migrations.File, string, error) {
	if strings.TrimSpace(message) == "" {
		return nil, "", &UsageError{Msg: "a merge needs a message: gen merge -m \"merge heads\""}
	}
	dir, err := p.openDir()
	if err != nil {
		return nil, "", err
	}
	g, err := dir.Graph()
	if err != nil {
		return nil, "", err
	}
	var parents []*migrations.File
	if len(revs) == 0 {
		parents = g.Heads()
	}
	for _, r := range revs {
		f, err := g.Resolve(r)
		if err != nil {
			return nil, "", err
		}
		parents = append(parents, f)
	}
	if len(parents) < 2 {
		return nil, "", &UsageError{Msg: fmt.Sprintf("nothing to merge: a merge joins two or more heads, and there are %d", len(parents))}
	}
	f := &migrations.File{
		Revision: migrations.NewRevisionID(),
		Message:  message,
		Created:  p.now(),
		Dialect:  p.fileDialect(),
		Deploy:   migrations.DeployAdditive,
	}
	for _, pf := range parents {
		f.Parents = append(f.Parents, pf.Revision)
	}
	path, err := dir.Write(f)
	if err != nil {
		return nil, "", err
	}
	return f, path, nil
}

// Hash rewrites gen.sum from the files in the migrations directory, after
// a deliberate edit of a migration that is not applied yet.
func (p *Project) Hash() error {
	dir, err := p.openDir()
	if err != nil {
		return err
	}
	return dir.WriteSum()
}

// Package gen turns Go model structs into reviewable database migrations.
//
// The models are the source of truth and the live database is what is:
// gen loads the models statically (package model), reads the database
// catalog (package introspect), compares the two (package diff), renders
// the SQL for each change and its reverse (package render) and writes a
// plain-SQL migration file that package migrations later applies under a
// lock.
//
// A Project ties one configuration (models, migrations directory, database
// URL) to these packages; every command of the gen CLI is one method call:
//
//	cfg, err := gen.ReadConfig("gen.yaml", true)
//	cfg.DB = "postgres://localhost:5432/app"
//	p, err := gen.New(*cfg)
//	draft, err := p.Migrate(ctx, "add timezone", gen.DraftOptions{})
//	applied, err := p.Upgrade(ctx, migrations.Head()) // or gen.ParseTarget("upgrade", "+1")
//	findings, err := p.Check(ctx, gen.DraftOptions{})
package gen

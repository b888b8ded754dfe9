// Command sqlitemigrate runs GORM's AutoMigrate over one model package of
// the oracle on an SQLite file, with github.com/glebarez/sqlite, the
// pure-Go GORM driver:
//
//	sqlitemigrate PACKAGE FILE
//
// where PACKAGE is a model package path relative to the oracle module
// (gormmodels/kinds, gormsqlite/keys, …). With SQLITEMIGRATE_LOG set it
// prints every statement GORM runs.
//
// It is a process of its own because glebarez/sqlite (through
// glebarez/go-sqlite) and gen (through modernc.org/sqlite) both register a
// database/sql driver named "sqlite": one binary linking both panics at
// start-up, so the oracle test, which links gen, cannot link this driver.
package main

import (
	"fmt"
	"os"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/genmigrate/gen/oracle/gormmodels/embedded"
	"github.com/genmigrate/gen/oracle/gormmodels/kinds"
	"github.com/genmigrate/gen/oracle/gormmodels/registered"
	"github.com/genmigrate/gen/oracle/gormmodels/relations"
	"github.com/genmigrate/gen/oracle/gormmodels/valuers"
	"github.com/genmigrate/gen/oracle/gormsqlite/indexes"
	"github.com/genmigrate/gen/oracle/gormsqlite/keys"
	"github.com/genmigrate/gen/oracle/gormsqlite/mixed"
	"github.com/genmigrate/gen/oracle/gormsqlite/tablename"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "sqlitemigrate:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 2 {
		return fmt.Errorf("usage: sqlitemigrate PACKAGE FILE")
	}
	pkg, file := args[0], args[1]
	var (
		models []any
		setup  func(*gorm.DB) error
		// run migrates instead of AutoMigrate(models...): the package's
		// own function.
		run func(*gorm.DB) error
	)
	switch pkg {
	case "gormmodels/kinds":
		models = kinds.Models()
	case "gormmodels/embedded":
		models = embedded.Models()
	case "gormmodels/relations":
		models, setup = relations.Models(), relations.Setup
	case "gormmodels/valuers":
		models, setup = valuers.Models(), valuers.Setup
	case "gormmodels/registered":
		run = registered.Migrate
	case "gormsqlite/keys":
		models = keys.Models()
	case "gormsqlite/indexes":
		models = indexes.Models()
	case "gormsqlite/mixed":
		run = mixed.Migrate
	case "gormsqlite/tablename":
		models = tablename.Models()
	default:
		return fmt.Errorf("no model package %q", pkg)
	}
	lg := logger.Discard
	if os.Getenv("SQLITEMIGRATE_LOG") != "" {
		lg = logger.Default.LogMode(logger.Info)
	}
	db, err := gorm.Open(sqlite.Open(file), &gorm.Config{Logger: lg})
	if err != nil {
		return fmt.Errorf("opening %s: %w", file, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	defer sqlDB.Close()
	if run != nil {
		if err := run(db); err != nil {
			return fmt.Errorf("migrating %s: %w", pkg, err)
		}
		return nil
	}
	if setup != nil {
		if err := setup(db); err != nil {
			return err
		}
	}
	if err := db.AutoMigrate(models...); err != nil {
		return fmt.Errorf("gorm AutoMigrate of %s: %w", pkg, err)
	}
	return nil
}

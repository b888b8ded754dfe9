// Command gen turns Go model structs into reviewable database migrations.
// Run gen help for the commands; see README.md for a walkthrough.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	_ "modernc.org/sqlite" // the database/sql driver of sqlite: URLs, pure Go
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

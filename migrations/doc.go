// Package migrations owns gen's migration directory and applies it: the
// migration file format (Encode and Parse, one piece so they cannot
// drift), gen.sum (a hash per file and one over the directory), the
// revision graph (parents, heads, merges), the version table
// gen_migrations, and Upgrade, Downgrade, Stamp and Status with locking.
// It knows nothing of Go models, diffs or rendering.
//
// A migration file is plain SQL with a header of "-- gen:" lines:
//
//	-- gen:revision 3f9a2c81d0b4
//	-- gen:parents 77aa01c3e9f2
//	-- gen:message add timezone
//	-- gen:created 2026-11-22T06:30:00Z
//	-- gen:dialect postgres
//	-- gen:deploy additive
//	-- gen:flag warning GEN203 users.timezone: <what happens> | live: <figure> | fix: <what to do>
//	-- gen:ack GEN101 users.email reviewed: table is empty in production
//
//	-- +gen Up
//	ALTER TABLE "users" ADD COLUMN "timezone" text;
//
//	-- +gen Down
//	ALTER TABLE "users" DROP COLUMN "timezone";
//
// Statements end at a ';' outside quotes, dollar-quoted bodies and
// comments; a statement with bare semicolons in it (an SQLite trigger) is
// wrapped in "-- +gen StatementBegin" / "-- +gen StatementEnd". Parse
// errors name file:line and say what to fix.
//
// Applying a directory, from an application at start-up (the directory
// embedded) or from gen's CLI (OpenDir on disk):
//
//	//go:embed migrations
//	var embedded embed.FS
//
//	sub, err := fs.Sub(embedded, "migrations")
//	...
//	dir, err := migrations.OpenFS(sub) // or migrations.OpenDir("migrations")
//	...
//	m, err := migrations.New(dir, migrations.NewPostgres(conn, ""), // or NewSQLite(db)
//		migrations.WithLogger(slog.Default()),
//		migrations.WithLockTimeout(time.Minute))
//	...
//	applied, err := m.Upgrade(ctx, migrations.Head())
//
// New checks its options and refuses conflicting ones. Targets are Head,
// Base, To(rev), Up(n) and Down(n). The drivers: NewPostgres (a
// *pgx.Conn), NewPostgresDB (a *sql.DB opened with pgx's stdlib driver),
// NewPostgresConn (a *pgxpool.Conn), NewPostgresTx (inside the caller's
// pgx.Tx: savepoints, a transaction advisory lock, nothing committed) and
// NewSQLite (a *sql.DB of an SQLite driver; there is none over a caller's
// *sql.Tx, since the runner must turn foreign keys off for table rebuilds,
// which SQLite ignores inside a transaction).
//
// A *Migrator is not safe for concurrent use: use one per goroutine. Many
// Migrators, in one process or many, may run on one database at once:
// that is what the lock is for.
//
// Upgrade refuses to run when gen.sum does not match the files, takes the
// driver's lock (a PostgreSQL session advisory lock; on SQLite the write
// lock, BEGIN IMMEDIATE, held for the whole run with a savepoint per
// revision), refuses an applied file that was edited or removed, a
// target that cannot be met and a file of another dialect (-- gen:dialect)
// than the driver's, and runs each revision with its version row
// atomically, so that many processes running it at once apply each
// revision exactly once. A no-transaction revision on PostgreSQL records
// its progress (ProgressTable) and is resumed by the next run.
// WithLockTimeout and WithStatementTimeout bound the waits; cancelling the
// context cancels the running statement on the server and releases the
// lock. A failing statement is a *StmtError naming file:line, with advice
// that fits its Cause.
package migrations

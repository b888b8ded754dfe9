package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/genmigrate/gen/internal/testdb"
	"github.com/genmigrate/gen/migrations"
)

// A flagCase is one risk scenario: a database as setup leaves it (tables
// and seeded rows), models that change it, and the flags gen must raise.
type flagCase struct {
	name string
	// only limits the case to one dialect ("postgres" or "sqlite").
	only string
	// setup is the SQL that builds the live database, per dialect ("" for
	// both); statements are separated by ";\n". A statement starting with
	// "!" must fail (e.g. a concurrent index build over duplicates).
	setup map[string]string
	// models is models/models.go without its package line.
	models string
	args   []string
	want   []wantFlag
	// files is the number of migration files migrate writes (0: any).
	files int
	// contains are texts the migration files must hold, per dialect.
	contains map[string][]string
	// absent are flag codes that must not be raised; once, codes raised
	// exactly once.
	absent, once []string
}

// wantFlag is a flag as the header prints it: severity, code, object and
// the live figure's text ("" to not check the figure).
type wantFlag struct {
	severity, code, object, live string
	// dialect limits the expectation to one dialect.
	dialect string
}

func both(s string) map[string]string { return map[string]string{"": s} }

var flagCases = []flagCase{
	{
		name: "drop table with rows",
		setup: both(`CREATE TABLE users (id integer PRIMARY KEY);
CREATE TABLE old_logs (id integer PRIMARY KEY, msg text);
INSERT INTO old_logs (id, msg) SELECT i, 'm' FROM (WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 69) SELECT i FROM s) AS seq`),
		models: "type User struct{ ID int32 }\n",
		want:   []wantFlag{{severity: "error", code: "GEN101", object: "old_logs", live: "69 rows in old_logs"}},
	},
	{
		name: "drop column without live checks",
		setup: both(`CREATE TABLE users (id integer PRIMARY KEY, nickname text);
INSERT INTO users VALUES (1, 'a')`),
		models: "type User struct{ ID int32 }\n",
		args:   []string{"--no-live-checks"},
		want:   []wantFlag{{severity: "error", code: "GEN102", object: "users.nickname", live: "not checked"}},
	},
	{
		name:   "drop empty table",
		setup:  both("CREATE TABLE users (id integer PRIMARY KEY);\nCREATE TABLE old_logs (id integer PRIMARY KEY, msg text)"),
		models: "type User struct{ ID int32 }\n",
		want:   []wantFlag{{severity: "warning", code: "GEN101", object: "old_logs", live: "0 rows in old_logs"}},
	},
	{
		name: "drop column with values",
		setup: both(`CREATE TABLE users (id integer PRIMARY KEY, nickname text);
INSERT INTO users VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e'), (6, NULL), (7, NULL)`),
		models: "type User struct{ ID int32 }\n",
		want:   []wantFlag{{severity: "error", code: "GEN102", object: "users.nickname", live: "5 values in users.nickname"}},
	},
	{
		name:   "drop column without values",
		setup:  both("CREATE TABLE users (id integer PRIMARY KEY, nickname text);\nINSERT INTO users VALUES (1, NULL)"),
		models: "type User struct{ ID int32 }\n",
		want:   []wantFlag{{severity: "warning", code: "GEN102", object: "users.nickname", live: "0 values in users.nickname"}},
	},
	{
		name: "probable column rename",
		setup: both(`CREATE TABLE accounts (id integer PRIMARY KEY, email text);
INSERT INTO accounts VALUES (1, 'a@x'), (2, 'b@x'), (3, 'c@x'), (4, 'd@x')`),
		models: "type Account struct {\n\tID           int32\n\tContactEmail *string\n}\n",
		want:   []wantFlag{{severity: "error", code: "GEN103", object: "accounts.email", live: "4 values in accounts.email"}},
	},
	{
		name:  "probable table rename",
		setup: both("CREATE TABLE users (id integer PRIMARY KEY);\nCREATE TABLE people (id integer PRIMARY KEY, name text);\nINSERT INTO people VALUES (1, 'a'), (2, 'b'), (3, 'c')"),
		models: `type User struct{ ID int32 }

type Person struct {
	ID   int32
	Name *string
}

func (Person) TableName() string { return "persons" }
`,
		want: []wantFlag{{severity: "error", code: "GEN104", object: "people", live: "3 rows in people"}},
	},
	{
		name: "enum value removed while in use",
		only: "postgres",
		setup: both(`CREATE TYPE mood AS ENUM ('happy', 'sad', 'meh');
CREATE TABLE people (id integer PRIMARY KEY, mood mood);
INSERT INTO people VALUES (1, 'meh'), (2, 'meh'), (3, 'happy')`),
		models: `//gen:enum
type Mood string

const (
	Happy Mood = "happy"
	Sad   Mood = "sad"
)

type Person struct {
	ID   int32
	Mood *Mood
}

func (Person) TableName() string { return "people" }
`,
		want: []wantFlag{
			{severity: "error", code: "GEN105", object: "people.mood", live: "2 rows of people with meh in mood"},
			{severity: "warning", code: "GEN314", object: "mood"},
		},
	},
	{
		name:   "enum value appended",
		only:   "postgres",
		setup:  both("CREATE TYPE mood AS ENUM ('happy');\nCREATE TABLE people (id integer PRIMARY KEY, mood mood)"),
		models: "//gen:enum\ntype Mood string\n\nconst (\n\tHappy Mood = \"happy\"\n\tSad   Mood = \"sad\"\n)\n\ntype Person struct {\n\tID   int32\n\tMood *Mood\n}\n\nfunc (Person) TableName() string { return \"people\" }\n",
		want:   []wantFlag{{severity: "info", code: "GEN406", object: "mood"}},
	},
	{
		name:   "required column on a table with rows",
		setup:  both("CREATE TABLE users (id integer PRIMARY KEY);\nINSERT INTO users VALUES (1), (2), (3)"),
		models: "type User struct {\n\tID       int32\n\tNickname string `gorm:\"not null\"`\n}\n",
		want: []wantFlag{
			// Staged, it no longer fails: the backfill carries the error.
			{severity: "warning", code: "GEN201", object: "users.nickname", live: "3 rows in users"},
			{severity: "error", code: "GEN210", object: "users.nickname"},
		},
		files: 3,
		contains: map[string][]string{
			"":         {"-- BACKFILL (to write): give every row of \"users\" a value in \"nickname\""},
			"postgres": {`ALTER TABLE "users" ADD COLUMN "nickname" text;`, `ADD CONSTRAINT "users_nickname_not_null" CHECK ("nickname" IS NOT NULL) NOT VALID`},
		},
	},
	{
		name:   "required column on an empty table",
		setup:  both("CREATE TABLE users (id integer PRIMARY KEY)"),
		models: "type User struct {\n\tID       int32\n\tNickname string `gorm:\"not null\"`\n}\n",
		want:   []wantFlag{{severity: "info", code: "GEN201", object: "users.nickname", live: "0 rows in users"}},
		files:  1,
	},
	{
		name: "not null over nulls",
		setup: map[string]string{
			"": "CREATE TABLE users (id integer PRIMARY KEY, nickname text);\nINSERT INTO users VALUES (1, NULL), (2, NULL), (3, NULL), (4, 'n')",
			// GORM's integer key auto-increments: on SQLite, AUTOINCREMENT
			// (compared), so that the NOT NULL is the only change.
			"sqlite": "CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT, nickname text);\nINSERT INTO users VALUES (1, NULL), (2, NULL), (3, NULL), (4, 'n')",
		},
		models: "type User struct {\n\tID       int32\n\tNickname string `gorm:\"not null\"`\n}\n",
		want: []wantFlag{
			{severity: "warning", code: "GEN202", object: "users.nickname", live: "3 rows of users with NULL nickname"},
			{severity: "error", code: "GEN210", object: "users.nickname"},
		},
		files: 2, // backfill, then enforce: nothing is left for a main revision
	},
	{
		name:   "not null without nulls",
		setup:  both("CREATE TABLE users (id integer PRIMARY KEY, nickname text);\nINSERT INTO users VALUES (1, 'a'), (2, 'b')"),
		models: "type User struct {\n\tID       int32\n\tNickname string `gorm:\"not null\"`\n}\n",
		want: []wantFlag{
			{severity: "info", code: "GEN202", object: "users.nickname", live: "0 rows of users with NULL nickname"},
			{severity: "info", code: "GEN302", object: "users.nickname", live: "2 rows in users", dialect: "postgres"},
		},
	},
	{
		name:   "unique index over duplicates",
		setup:  both("CREATE TABLE users (id integer PRIMARY KEY, email text);\nINSERT INTO users VALUES (1, 'a'), (2, 'a'), (3, 'b'), (4, 'b'), (5, 'c'), (6, NULL), (7, NULL)"),
		models: "type User struct {\n\tID    int32\n\tEmail *string `gorm:\"uniqueIndex\"`\n}\n",
		want: []wantFlag{
			{severity: "error", code: "GEN203", object: "users.idx_users_email", live: "2 groups of rows of users sharing (email)"},
			{severity: "info", code: "GEN303", object: "users.idx_users_email", live: "7 rows in users", dialect: "postgres"},
		},
		contains: map[string][]string{"postgres": {"-- gen:no-transaction", `CREATE UNIQUE INDEX CONCURRENTLY "idx_users_email" ON "users" ("email");`}},
	},
	{
		name:   "unique constraint without duplicates",
		only:   "postgres",
		setup:  both("CREATE TABLE users (id integer PRIMARY KEY, email text);\nINSERT INTO users VALUES (1, 'a'), (2, 'b')"),
		models: "type User struct {\n\tID    int32\n\tEmail *string `gorm:\"unique\"`\n}\n",
		want: []wantFlag{
			{severity: "info", code: "GEN203", object: "users.uni_users_email", live: "0 groups of rows of users sharing (email)"},
			{severity: "info", code: "GEN307", object: "users.uni_users_email", live: "2 rows in users"},
		},
		contains: map[string][]string{"": {`CREATE UNIQUE INDEX CONCURRENTLY "uni_users_email" ON "users" ("email");`, `ALTER TABLE "users" ADD CONSTRAINT "uni_users_email" UNIQUE USING INDEX "uni_users_email";`}},
	},
	{
		name:   "primary key over duplicates and NULLs",
		setup:  both("CREATE TABLE tags (name text);\nINSERT INTO tags VALUES ('a'), ('a'), ('b'), (NULL)"),
		models: "type Tag struct {\n\tName string `gorm:\"primaryKey\"`\n}\n",
		want: []wantFlag{
			{severity: "error", code: "GEN204", object: "tags", live: "1 group of rows of tags sharing (name)"},
			{severity: "error", code: "GEN204", object: "tags.name", live: "1 row of tags with NULL name"},
			{severity: "warning", code: "GEN308", object: "tags", dialect: "postgres"},
		},
	},
	{
		name: "foreign key over orphans",
		setup: both(`CREATE TABLE teams (id integer PRIMARY KEY);
CREATE TABLE members (id integer PRIMARY KEY, team_id integer);
INSERT INTO teams VALUES (1);
INSERT INTO members VALUES (1, 1), (2, 7), (3, 8), (4, NULL)`),
		models: `type Team struct{ ID int32 }

type Member struct {
	ID     int32
	TeamID *int32
	Team   Team
}
`,
		want: []wantFlag{
			{severity: "error", code: "GEN205", object: "members.fk_members_team", live: "2 rows of members referencing no row of teams"},
			{severity: "info", code: "GEN305", object: "members.fk_members_team", live: "4 rows in members", dialect: "postgres"},
		},
		contains: map[string][]string{"postgres": {`FOREIGN KEY ("team_id") REFERENCES "teams" ("id") NOT VALID;`, `ALTER TABLE "members" VALIDATE CONSTRAINT "fk_members_team";`}},
	},
	{
		name:   "check over violating rows",
		setup:  both("CREATE TABLE products (id integer PRIMARY KEY, price bigint);\nINSERT INTO products VALUES (1, -1), (2, -2), (3, 5)"),
		models: "type Product struct {\n\tID    int32\n\tPrice *int64 `gorm:\"check:chk_price,price > 0\"`\n}\n",
		want: []wantFlag{
			{severity: "error", code: "GEN206", object: "products.chk_price", live: "2 rows of products violating chk_price"},
			{severity: "info", code: "GEN306", object: "products.chk_price", live: "3 rows in products", dialect: "postgres"},
		},
	},
	{
		name:   "varchar narrowed over a longer value",
		only:   "postgres",
		setup:  both("CREATE TABLE users (id integer PRIMARY KEY, name varchar(60));\nINSERT INTO users VALUES (1, repeat('y', 56)), (2, 'short')"),
		models: "type User struct {\n\tID   int32\n\tName *string `gorm:\"size:40\"`\n}\n",
		want:   []wantFlag{{severity: "error", code: "GEN207", object: "users.name", live: "1 row of users with name longer than 40 characters"}},
	},
	{
		name:   "text to integer over a non-number",
		only:   "postgres",
		setup:  both("CREATE TABLE users (id integer PRIMARY KEY, age text);\nINSERT INTO users VALUES (1, 'abc'), (2, '12')"),
		models: "type User struct {\n\tID  int32\n\tAge *int64\n}\n",
		want: []wantFlag{
			{severity: "error", code: "GEN207", object: "users.age", live: "1 row of users with age that is not a valid bigint"},
			{severity: "warning", code: "GEN301", object: "users.age", live: "2 rows in users"},
		},
	},
	{
		name:     "a type PostgreSQL cannot cast",
		only:     "postgres",
		setup:    both("CREATE TABLE docs (id integer PRIMARY KEY, meta jsonb);\nINSERT INTO docs VALUES (1, '{}')"),
		models:   "type Doc struct {\n\tID   int32\n\tMeta []byte\n}\n",
		want:     []wantFlag{{severity: "error", code: "GEN208", object: "docs.meta", live: "pg_cast has no cast from jsonb to bytea"}},
		contains: map[string][]string{"": {`USING <write an expression converting "meta" from jsonb to bytea>;`}},
	},
	{
		name:   "a change gen cannot write",
		only:   "postgres",
		setup:  both("CREATE TABLE items (id integer PRIMARY KEY, price bigint, total bigint);\nCREATE TABLE other (id integer PRIMARY KEY)"),
		models: "type Item struct {\n\tID    int32\n\tPrice *int64\n\tTotal *int64 `gorm:\"generated:price * 2\"`\n}\n\ntype Other struct {\n\tID   int32\n\tNote *string\n}\n\nfunc (Other) TableName() string { return \"other\" }\n",
		want:   []wantFlag{{severity: "error", code: "GEN209", object: "items.total"}},
		// The rest of the plan is still written.
		contains: map[string][]string{"": {"-- MANUAL STEP (to write): make items.total GENERATED ALWAYS AS", `ALTER TABLE "other" ADD COLUMN "note" text;`}},
	},
	{
		name:   "volatile default, stored generated and identity columns added",
		only:   "postgres",
		setup:  both("CREATE TABLE items (id integer PRIMARY KEY, price bigint);\nINSERT INTO items VALUES (1, 2)"),
		models: "type Item struct {\n\tID     int32\n\tPrice  *int64\n\tToken  *string `gorm:\"type:uuid;default:gen_random_uuid()\"`\n\tDouble *int64  `gorm:\"generated:price * 2\"`\n\tSeq    int64   `gorm:\"generated:identity\"`\n}\n",
		want: []wantFlag{
			{severity: "warning", code: "GEN309", object: "items.token", live: "1 row in items"},
			{severity: "warning", code: "GEN310", object: "items.double", live: "1 row in items"},
			{severity: "warning", code: "GEN311", object: "items.seq", live: "1 row in items"},
		},
	},
	{
		name:     "index dropped",
		only:     "postgres",
		setup:    both("CREATE TABLE users (id integer PRIMARY KEY, email text);\nCREATE INDEX idx_users_email ON users (email);\nINSERT INTO users VALUES (1, 'a')"),
		models:   "type User struct {\n\tID    int32\n\tEmail *string\n}\n",
		want:     []wantFlag{{severity: "info", code: "GEN304", object: "users.idx_users_email", live: "0 scans of idx_users_email since the statistics were reset"}},
		contains: map[string][]string{"": {`DROP INDEX CONCURRENTLY IF EXISTS "idx_users_email";`}},
	},
	{
		name:   "sqlite table rebuild",
		only:   "sqlite",
		setup:  both("CREATE TABLE users (id integer PRIMARY KEY, age integer);\nINSERT INTO users VALUES (1, 2), (2, 3)"),
		models: "type User struct {\n\tID  int32\n\tAge *string\n}\n",
		want:   []wantFlag{{severity: "warning", code: "GEN312", object: "users", live: "2 rows in users"}},
	},
	{
		name: "sqlite rebuild over rows that break a foreign key",
		only: "sqlite",
		setup: both(`CREATE TABLE teams (id integer PRIMARY KEY);
CREATE TABLE members (id integer PRIMARY KEY, team_id integer, age integer, CONSTRAINT fk_members_team FOREIGN KEY (team_id) REFERENCES teams (id));
INSERT INTO members VALUES (1, 9, 30)`),
		models: "type Team struct{ ID int32 }\n\ntype Member struct {\n\tID     int32\n\tTeamID *int32\n\tTeam   Team\n\tAge    *string\n}\n",
		want:   []wantFlag{{severity: "error", code: "GEN312", object: "members", live: "1 row of members breaking a foreign key"}},
	},
	{
		name:   "timestamp to timestamptz",
		only:   "postgres",
		setup:  both("CREATE TABLE events (id integer PRIMARY KEY, at timestamp)"),
		models: "type Event struct {\n\tID int32\n\tAt *time.Time\n}\n",
		want:   []wantFlag{{code: "GEN313", object: "events.at"}},
	},
	{
		name:   "not null dropped, default changed",
		setup:  both("CREATE TABLE users (id integer PRIMARY KEY, nickname text NOT NULL, status text DEFAULT 'a')"),
		models: "type User struct {\n\tID       int32\n\tNickname *string\n\tStatus   *string `gorm:\"default:'b'\"`\n}\n",
		want: []wantFlag{
			{severity: "info", code: "GEN401", object: "users.nickname"},
			{severity: "info", code: "GEN405", object: "users.status"},
		},
	},
	{
		name:   "constraint dropped",
		setup:  both("CREATE TABLE users (id integer PRIMARY KEY, email text, CONSTRAINT uni_users_email UNIQUE (email))"),
		models: "type User struct {\n\tID    int32\n\tEmail *string\n}\n",
		want:   []wantFlag{{severity: "warning", code: "GEN402", object: "users.uni_users_email"}},
	},
	{
		name:   "column and table renamed by hints",
		setup:  both("CREATE TABLE people (id integer PRIMARY KEY, email text);\nINSERT INTO people VALUES (1, 'a')"),
		models: "//gen:renamed_from people\ntype Person struct {\n\tID           int32\n\tContactEmail *string `gen:\"renamed_from=email\"`\n}\n\nfunc (Person) TableName() string { return \"persons\" }\n",
		want: []wantFlag{
			{severity: "warning", code: "GEN404", object: "persons"},
			{severity: "warning", code: "GEN403", object: "persons.contact_email"},
		},
	},
	{
		name:   "unique index, foreign key, check and narrowing on empty tables",
		setup:  both("CREATE TABLE teams (id integer PRIMARY KEY);\nCREATE TABLE users (id integer PRIMARY KEY, email text, team_id integer, age bigint, name varchar(60))"),
		models: "type Team struct{ ID int32 }\n\ntype User struct {\n\tID     int32\n\tEmail  *string `gorm:\"uniqueIndex\"`\n\tTeamID *int32\n\tTeam   Team\n\tAge    *int64  `gorm:\"check:chk_age,age > 0\"`\n\tName   *string `gorm:\"size:40\"`\n}\n",
		want: []wantFlag{
			{severity: "info", code: "GEN203", object: "users.idx_users_email", live: "0 groups of rows of users sharing (email)"},
			{severity: "info", code: "GEN205", object: "users.fk_users_team", live: "0 rows of users referencing no row of teams"},
			{severity: "info", code: "GEN206", object: "users.chk_age", live: "0 rows of users violating chk_age"},
			{severity: "warning", code: "GEN207", object: "users.name", live: "0 rows of users with name longer than 40 characters", dialect: "postgres"},
			{severity: "info", code: "GEN303", object: "users.idx_users_email", live: "0 rows in users", dialect: "postgres"},
		},
		// An empty table takes the plain statements, in one revision.
		files:    1,
		contains: map[string][]string{"postgres": {`CREATE UNIQUE INDEX "idx_users_email" ON "users" ("email");`, `REFERENCES "teams" ("id");`, `ADD CONSTRAINT "chk_age" CHECK (age > 0);`}},
	},
	{
		name:   "unique index over a new column",
		setup:  both("CREATE TABLE teams (id integer PRIMARY KEY);\nCREATE TABLE users (id integer PRIMARY KEY);\nINSERT INTO users VALUES (1), (2)"),
		models: "type Team struct{ ID int32 }\n\ntype User struct {\n\tID     int32\n\tEmail  *string `gorm:\"uniqueIndex\"`\n\tCode   *string `gorm:\"default:'x';uniqueIndex\"`\n\tTeamID *int32\n\tTeam   Team\n}\n",
		want: []wantFlag{
			// A new column holds NULL in every row: nothing collides, nothing dangles.
			{severity: "info", code: "GEN203", object: "users.idx_users_email"},
			{severity: "info", code: "GEN205", object: "users.fk_users_team"},
			// With a default, every row takes it: two rows collide.
			{severity: "error", code: "GEN203", object: "users.idx_users_code", live: "2 rows in users"},
		},
	},
	{
		name:   "numeric precision raised rewrites nothing",
		only:   "postgres",
		setup:  both("CREATE TABLE items (id integer PRIMARY KEY, price numeric(10,2));\nCREATE TABLE other (id integer PRIMARY KEY);\nINSERT INTO items VALUES (1, 2.5)"),
		models: "type Item struct {\n\tID    int32\n\tPrice *float64 `gorm:\"type:numeric(12,2)\"`\n}\n\ntype Other struct {\n\tID   int32\n\tNote *string\n}\n\nfunc (Other) TableName() string { return \"other\" }\n",
		absent: []string{"GEN301"},
	},
	{
		name: "integer key past half its range",
		only: "postgres",
		setup: both(`CREATE TABLE kinds (id integer PRIMARY KEY);
CREATE TABLE events (id integer PRIMARY KEY, name text, kind_id integer);
SELECT setval('events_id_seq', 1500000000)`),
		// Two changes of events (a column, then its foreign key last): one flag.
		models: "type Kind struct{ ID int32 }\n\ntype Event struct {\n\tID     int32\n\tName   *string\n\tNote   *string\n\tKindID *int32\n\tKind   Kind\n}\n",
		want:   []wantFlag{{severity: "warning", code: "GEN408", object: "events.id", live: "the sequence is at 1500000000 of 2147483647"}},
		once:   []string{"GEN408"},
	},
	{
		name: "invalid index left by a failed concurrent build",
		only: "postgres",
		setup: both(`CREATE TABLE users (id integer PRIMARY KEY, email text);
INSERT INTO users VALUES (1, 'a'), (2, 'a');
!CREATE UNIQUE INDEX CONCURRENTLY idx_users_email ON users (email)`),
		models: "type User struct {\n\tID    int32\n\tEmail *string `gorm:\"uniqueIndex\"`\n}\n",
		// Introspection reads it as INVALID: the plan rebuilds it, and the
		// rebuild meets the duplicates that made the first build fail.
		want: []wantFlag{
			{severity: "warning", code: "GEN407", object: "users.idx_users_email", live: "pg_index.indisvalid is false"},
			{severity: "error", code: "GEN203", object: "users.idx_users_email", live: "1 group of rows of users sharing (email)"},
		},
		contains: map[string][]string{"": {`DROP INDEX CONCURRENTLY IF EXISTS "idx_users_email";`, `CREATE UNIQUE INDEX CONCURRENTLY "idx_users_email" ON "users" ("email");`}},
	},
	{
		name: "type change under a view",
		only: "postgres",
		setup: both(`CREATE TABLE users (id integer PRIMARY KEY, name varchar(40));
INSERT INTO users VALUES (1, 'a');
CREATE VIEW user_names AS SELECT name FROM users`),
		models:   "type User struct {\n\tID   int32\n\tName *string `gorm:\"size:60\"`\n}\n",
		want:     []wantFlag{{severity: "warning", code: "GEN409", object: "user_names", live: "1 dependent object(s) recreated"}},
		contains: map[string][]string{"": {"DROP VIEW IF EXISTS user_names;\n\nALTER TABLE \"users\" ALTER COLUMN \"name\" TYPE character varying(60);\n\n-- view user_names, as the catalog defined it, where the drop above found it\nDO $gen$\nBEGIN\nIF current_setting('gen.dependent_1', true) = 'true' THEN\nCREATE VIEW user_names AS\nSELECT users.name\n   FROM users;\nEND IF;\nEND\n$gen$;"}},
	},
	{
		name: "drop of a column a view reads",
		only: "postgres",
		setup: both(`CREATE TABLE users (id integer PRIMARY KEY, email text);
INSERT INTO users VALUES (1, 'a');
CREATE VIEW emails AS SELECT email FROM users`),
		models: "type User struct{ ID int32 }\n",
		want: []wantFlag{
			{severity: "error", code: "GEN211", object: "emails", live: "view emails reads it"},
			{severity: "error", code: "GEN102", object: "users.email", live: "1 value in users.email"},
		},
	},
	{
		name: "drop of a table a view reads",
		only: "postgres",
		setup: both(`CREATE TABLE users (id integer PRIMARY KEY);
CREATE TABLE old_logs (id integer PRIMARY KEY, msg text);
INSERT INTO old_logs VALUES (1, 'a');
CREATE VIEW recent_logs AS SELECT msg FROM old_logs`),
		models: "type User struct{ ID int32 }\n",
		want: []wantFlag{
			{severity: "error", code: "GEN211", object: "recent_logs", live: "view recent_logs reads it"},
			{severity: "error", code: "GEN101", object: "old_logs"},
		},
	},
	{
		name: "rename of a column a recreated view reads",
		only: "postgres",
		setup: both(`CREATE TABLE users (id integer PRIMARY KEY, email varchar(40));
INSERT INTO users VALUES (1, 'a@x');
CREATE VIEW emails AS SELECT email FROM users`),
		// The rename and the widening in one change: the view is recreated
		// from a definition that names the old column.
		models: "type User struct {\n\tID           int32\n\tContactEmail *string `gorm:\"size:60\" gen:\"renamed_from=email\"`\n}\n",
		want: []wantFlag{
			{severity: "warning", code: "GEN409", object: "emails", live: "1 dependent object(s) recreated"},
			{severity: "error", code: "GEN211", object: "emails", live: "view emails reads it"},
		},
	},
}

// TestFlagScenarios runs each scenario on PostgreSQL and SQLite: the flag
// line (severity, code, object, figure) must be in the header of the file
// gen migrate writes, on its stdout, and in the JSON of gen diff.
func TestFlagScenarios(t *testing.T) {
	seen := map[string]bool{}
	for _, fc := range flagCases {
		for _, w := range fc.want {
			seen[w.code] = true
		}
	}
	for _, c := range migrations.Codes() {
		if !seen[c.Code] {
			t.Errorf("no scenario raises %s (%s): add one to flagCases", c.Code, c.Title)
		}
	}
	for _, dialect := range []string{"postgres", "sqlite"} {
		t.Run(dialect, func(t *testing.T) {
			for _, fc := range flagCases {
				if fc.only != "" && fc.only != dialect {
					continue
				}
				t.Run(strings.ReplaceAll(fc.name, " ", "_"), func(t *testing.T) {
					t.Parallel()
					runFlagCase(t, dialect, fc)
				})
			}
		})
	}
}

// genRun runs gen in-process with args and returns its exit code, stdout
// and stderr.
func genRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), append([]string{"gen"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// flagProject writes a module with the models and an empty migrations
// directory, and builds the live database: it returns the directory and
// the database URL.
func flagProject(t *testing.T, dialect string, setup map[string]string, models string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	src := "package models\n\n"
	if strings.Contains(models, "time.") {
		src += "import \"time\"\n\n"
	}
	files := map[string]string{
		"go.mod":           "module example.com/app\n\ngo 1.22\n",
		"models/models.go": src + models,
	}
	for name, data := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "migrations"), 0o755); err != nil {
		t.Fatal(err)
	}
	sqlText := setup[dialect]
	if sqlText == "" {
		sqlText = setup[""]
	}
	var url string
	var exec func(string) error
	ctx := context.Background()
	switch dialect {
	case "postgres":
		// GORM numbers an integer primary key: a serial on PostgreSQL.
		sqlText = strings.ReplaceAll(sqlText, "id integer PRIMARY KEY", "id serial PRIMARY KEY")
		pg := testdb.Postgres(t)
		url = pg.URL
		exec = func(q string) error { _, err := pg.Conn.Exec(ctx, q); return err }
	default:
		path := filepath.Join(dir, "app.db")
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		url = "sqlite:" + path
		exec = func(q string) error { _, err := db.ExecContext(ctx, q); return err }
	}
	for _, q := range strings.Split(sqlText, ";\n") {
		q = strings.TrimSpace(q)
		if q == "" {
			continue
		}
		if fail, ok := strings.CutPrefix(q, "!"); ok {
			if err := exec(fail); err == nil {
				t.Fatalf("setup: %s succeeded, want it to fail", fail)
			}
			continue
		}
		if err := exec(q); err != nil {
			t.Fatalf("setup: %s: %v", q, err)
		}
	}
	return dir, url
}

func runFlagCase(t *testing.T, dialect string, fc flagCase) {
	dir, url := flagProject(t, dialect, fc.setup, fc.models)
	base := []string{"-C", dir, "--db", url}

	// gen diff --format json: the flags in the documented JSON.
	code, out, errOut := genRun(t, slices.Concat(base, []string{"--format", "json", "diff"}, fc.args)...)
	if code != 1 {
		t.Fatalf("gen diff --format json exited %d, want 1 (changes)\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	var draft struct {
		Flags []migrations.Flag `json:"flags"`
	}
	if err := json.Unmarshal([]byte(out), &draft); err != nil {
		t.Fatalf("gen diff --format json printed no JSON: %v\n%s", err, out)
	}

	// gen migrate: the flags on stdout and in the files' headers.
	code, out, errOut = genRun(t, slices.Concat(base, []string{"migrate", "-m", "change"}, fc.args)...)
	if code != 0 {
		t.Fatalf("gen migrate exited %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "Generated migrations/") {
		t.Fatalf("gen migrate wrote no file:\n%s", out)
	}
	names, _ := filepath.Glob(filepath.Join(dir, "migrations", "*.sql"))
	slices.Sort(names)
	if fc.files > 0 && len(names) != fc.files {
		t.Errorf("gen migrate wrote %d files, want %d:\n%s", len(names), fc.files, out)
	}
	var files strings.Builder
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files.Write(data)
	}
	for _, w := range fc.want {
		if w.dialect != "" && w.dialect != dialect {
			continue
		}
		prefix := w.code + " " + w.object + ": "
		header := "-- gen:flag "
		if w.severity != "" {
			prefix = w.severity + " " + prefix
			header += prefix
		} else {
			header = " " + prefix
		}
		line := findLine(files.String(), header)
		if line == "" {
			t.Errorf("no `%s…` in the migration files:\n%s", header, files.String())
		} else if w.live != "" && !strings.Contains(line, " | live: "+w.live) {
			t.Errorf("flag line %q: want the live figure %q", line, w.live)
		}
		term := findLine(out, prefix)
		if term == "" {
			t.Errorf("gen migrate printed no `%s…` line:\n%s", prefix, out)
		} else if w.live != "" && !strings.Contains(term, "(live: "+w.live) {
			t.Errorf("printed flag %q: want the live figure %q", term, w.live)
		}
		found := false
		for _, f := range draft.Flags {
			if f.Code == w.code && f.Object == w.object && (w.severity == "" || f.Severity.String() == w.severity) &&
				(w.live == "" || f.Live != nil && strings.HasPrefix(f.Live.String(), w.live)) {
				found = true
			}
		}
		if !found {
			b, _ := json.MarshalIndent(draft.Flags, "", "  ")
			t.Errorf("the JSON of gen diff has no %s %s %s (live %q):\n%s", w.severity, w.code, w.object, w.live, b)
		}
	}
	for _, code := range fc.once {
		if n := strings.Count(files.String(), " "+code+" "); n != 1 {
			t.Errorf("%s is raised %d times in the files, want once:\n%s", code, n, files.String())
		}
	}
	for _, code := range fc.absent {
		for _, f := range draft.Flags {
			if f.Code == code {
				t.Errorf("gen raised %s, which must not be: %s", code, f.Line())
			}
		}
	}
	for _, d := range []string{"", dialect} {
		for _, want := range fc.contains[d] {
			if !strings.Contains(files.String(), want) {
				t.Errorf("the migration files lack %q:\n%s", want, files.String())
			}
		}
	}
}

// findLine returns the first line of s that contains sub, "" for none.
func findLine(s, sub string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return l
		}
	}
	return ""
}

// TestRefuseDropAll: a models package that declares no tables, or a
// --models pattern naming a package with no models, must not become a
// migration that drops every table: exit 2, a message naming the pattern,
// nothing written, unless --allow-drop-all.
func TestRefuseDropAll(t *testing.T) {
	for _, dialect := range []string{"postgres", "sqlite"} {
		t.Run(dialect, func(t *testing.T) {
			for _, tc := range []struct {
				name, models, pattern, want string
			}{
				{"empty models package", "// Package models holds no model yet.\n", "./models", "the models (--models ./models) declare no tables"},
				{"pattern naming a package with no models", "type User struct{ ID int32 }\n", "./util", "the models (--models ./util) declare no tables"},
			} {
				t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
					t.Parallel()
					dir, url := flagProject(t, dialect, both("CREATE TABLE users (id integer PRIMARY KEY);\nCREATE TABLE orders (id integer PRIMARY KEY);\nINSERT INTO users VALUES (1)"), tc.models)
					if err := os.MkdirAll(filepath.Join(dir, "util"), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(filepath.Join(dir, "util", "util.go"), []byte("package util\n\nfunc Add(a, b int) int { return a + b }\n"), 0o644); err != nil {
						t.Fatal(err)
					}
					base := []string{"-C", dir, "--db", url, "--models", tc.pattern}
					for _, cmd := range [][]string{{"migrate", "-m", "oops"}, {"diff"}} {
						code, out, errOut := genRun(t, append(base[:len(base):len(base)], cmd...)...)
						if code != 2 {
							t.Errorf("gen %s exited %d, want 2\nstdout:\n%s\nstderr:\n%s", cmd[0], code, out, errOut)
						}
						if !strings.Contains(errOut, tc.want) || !strings.Contains(errOut, "--allow-drop-all") {
							t.Errorf("gen %s said %q, want it to name the pattern (%q) and --allow-drop-all", cmd[0], errOut, tc.want)
						}
					}
					entries, err := os.ReadDir(filepath.Join(dir, "migrations"))
					if err != nil {
						t.Fatal(err)
					}
					if len(entries) != 0 {
						t.Errorf("a refused migration wrote %v", entries)
					}
					// Told to, gen writes it, each drop flagged at error level.
					code, out, errOut := genRun(t, append(base[:len(base):len(base)], "migrate", "-m", "drop everything", "--allow-drop-all")...)
					if code != 0 {
						t.Fatalf("gen migrate --allow-drop-all exited %d:\n%s\n%s", code, out, errOut)
					}
					if !strings.Contains(out, "error GEN101 users: drops table users and every row it holds (live: 1 row in users)") ||
						!strings.Contains(out, "warning GEN101 orders: drops table orders: safe, the table is empty (live: 0 rows in orders)") {
						t.Errorf("gen migrate --allow-drop-all printed:\n%s", out)
					}
				})
			}
		})
	}
}

-- Up

-- rebuilds table "notes" (O(rows)): SQLite cannot drop the unique constraint "uni_notes_body" from an existing table
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_notes" (
  "id" integer NOT NULL,
  "content" text,
  "n" text NOT NULL DEFAULT '0',
  "added" text,
  PRIMARY KEY ("id")
);

INSERT INTO "new_notes" ("id", "content", "n") SELECT "id", "body", COALESCE("n", '0') FROM "notes";

DROP TABLE "notes";

-- views and triggers naming "notes" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_notes" RENAME TO "notes";

PRAGMA legacy_alter_table = OFF;

CREATE INDEX "idx_notes_n" ON "notes" ("n");

-- Down

-- dropped: restores the column's structure only: values removed by the upgrade are not brought back
-- rebuilds table "notes" (O(rows)): SQLite cannot change the type, nullability and default of column "n" in place
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_notes" (
  "id" integer NOT NULL,
  "body" text,
  "n" integer,
  "dropped" text,
  PRIMARY KEY ("id"),
  CONSTRAINT "uni_notes_body" UNIQUE ("body")
);

INSERT INTO "new_notes" ("id", "body", "n") SELECT "id", "content", "n" FROM "notes";

DROP TABLE "notes";

-- views and triggers naming "notes" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_notes" RENAME TO "notes";

PRAGMA legacy_alter_table = OFF;

CREATE INDEX "idx_notes_n" ON "notes" ("n");


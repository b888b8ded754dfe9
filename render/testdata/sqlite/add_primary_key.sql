-- Up

-- rebuilds table "tags" (O(rows)): SQLite cannot change the primary key of an existing table
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_tags" (
  "id" bigint NOT NULL,
  "name" text,
  PRIMARY KEY ("id")
);

INSERT INTO "new_tags" ("id", "name") SELECT "id", "name" FROM "tags";

DROP TABLE "tags";

-- views and triggers naming "tags" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_tags" RENAME TO "tags";

PRAGMA legacy_alter_table = OFF;

-- Down

-- rebuilds table "tags" (O(rows)): SQLite cannot change the primary key of an existing table
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_tags" (
  "id" bigint NOT NULL,
  "name" text
);

INSERT INTO "new_tags" ("id", "name") SELECT "id", "name" FROM "tags";

DROP TABLE "tags";

-- views and triggers naming "tags" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_tags" RENAME TO "tags";

PRAGMA legacy_alter_table = OFF;


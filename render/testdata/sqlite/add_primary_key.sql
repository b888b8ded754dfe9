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

ALTER TABLE "new_tags" RENAME TO "tags";

-- Down

-- rebuilds table "tags" (O(rows)): SQLite cannot change the primary key of an existing table
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_tags" (
  "id" bigint NOT NULL,
  "name" text
);

INSERT INTO "new_tags" ("id", "name") SELECT "id", "name" FROM "tags";

DROP TABLE "tags";

ALTER TABLE "new_tags" RENAME TO "tags";


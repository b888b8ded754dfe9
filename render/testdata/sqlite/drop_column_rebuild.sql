-- Up

-- rebuilds table "users" (O(rows)): SQLite cannot add or drop a CHECK constraint of an existing table
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_users" (
  "id" bigint NOT NULL,
  "name" text,
  PRIMARY KEY ("id")
);

INSERT INTO "new_users" ("id", "name") SELECT "id", "name" FROM "users";

DROP TABLE "users";

-- views and triggers naming "users" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_users" RENAME TO "users";

PRAGMA legacy_alter_table = OFF;

-- Down

-- age: restores the column's structure only: values removed by the upgrade are not brought back
-- rebuilds table "users" (O(rows)): SQLite cannot add or drop a CHECK constraint of an existing table
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_users" (
  "id" bigint NOT NULL,
  "age" integer,
  "name" text,
  PRIMARY KEY ("id"),
  CONSTRAINT "users_age_check" CHECK (age >= 0)
);

INSERT INTO "new_users" ("id", "name") SELECT "id", "name" FROM "users";

DROP TABLE "users";

-- views and triggers naming "users" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_users" RENAME TO "users";

PRAGMA legacy_alter_table = OFF;


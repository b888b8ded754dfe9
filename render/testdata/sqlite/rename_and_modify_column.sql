-- Up

-- rebuilds table "users" (O(rows)): SQLite cannot change the type, nullability and default of column "email_address" in place
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_users" (
  "id" bigint NOT NULL,
  "email_address" character varying(80) NOT NULL DEFAULT '',
  "n" integer,
  PRIMARY KEY ("id")
);

INSERT INTO "new_users" ("id", "email_address", "n") SELECT "id", COALESCE("email", ''), "n" FROM "users";

DROP TABLE "users";

-- views and triggers naming "users" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_users" RENAME TO "users";

PRAGMA legacy_alter_table = OFF;

-- Down

-- rebuilds table "users" (O(rows)): SQLite cannot change the type, nullability and default of column "email" in place
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_users" (
  "id" bigint NOT NULL,
  "email" text,
  "n" integer,
  PRIMARY KEY ("id")
);

INSERT INTO "new_users" ("id", "email", "n") SELECT "id", "email_address", "n" FROM "users";

DROP TABLE "users";

-- views and triggers naming "users" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_users" RENAME TO "users";

PRAGMA legacy_alter_table = OFF;


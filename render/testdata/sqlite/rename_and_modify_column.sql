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

ALTER TABLE "new_users" RENAME TO "users";

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

ALTER TABLE "new_users" RENAME TO "users";


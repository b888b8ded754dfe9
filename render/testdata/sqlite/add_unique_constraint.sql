-- Up

-- rebuilds table "users" (O(rows)): SQLite cannot add the unique constraint "uni_users_tenant_email" to an existing table
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_users" (
  "id" bigint NOT NULL,
  "email" text,
  "tenant" integer,
  PRIMARY KEY ("id"),
  CONSTRAINT "uni_users_tenant_email" UNIQUE ("tenant", "email")
);

INSERT INTO "new_users" ("id", "email", "tenant") SELECT "id", "email", "tenant" FROM "users";

DROP TABLE "users";

-- views and triggers naming "users" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_users" RENAME TO "users";

PRAGMA legacy_alter_table = OFF;

CREATE INDEX "idx_users_tenant" ON "users" ("tenant");

-- Down

-- rebuilds table "users" (O(rows)): SQLite cannot drop the unique constraint "uni_users_tenant_email" from an existing table
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_users" (
  "id" bigint NOT NULL,
  "email" text,
  "tenant" integer,
  PRIMARY KEY ("id")
);

INSERT INTO "new_users" ("id", "email", "tenant") SELECT "id", "email", "tenant" FROM "users";

DROP TABLE "users";

-- views and triggers naming "users" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_users" RENAME TO "users";

PRAGMA legacy_alter_table = OFF;

CREATE INDEX "idx_users_tenant" ON "users" ("tenant");


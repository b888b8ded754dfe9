-- Up

-- rebuilds table "users" (O(rows)): SQLite cannot add column "seen_at" with ALTER TABLE: its default is CURRENT_TIMESTAMP
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_users" (
  "id" bigint NOT NULL,
  "name" text,
  "seen_at" timestamptz DEFAULT CURRENT_TIMESTAMP,
  "level" integer NOT NULL,
  PRIMARY KEY ("id")
);

INSERT INTO "new_users" ("id", "name") SELECT "id", "name" FROM "users";

DROP TABLE "users";

-- views and triggers naming "users" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_users" RENAME TO "users";

PRAGMA legacy_alter_table = OFF;

CREATE INDEX "idx_users_name" ON "users" ("name");

-- Down

ALTER TABLE "users" DROP COLUMN "level";

ALTER TABLE "users" DROP COLUMN "seen_at";


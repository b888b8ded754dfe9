-- Up

-- rebuilds table "memberships" (O(rows)): SQLite cannot change the primary key of an existing table
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_memberships" (
  "id" bigint NOT NULL,
  "org" bigint NOT NULL,
  PRIMARY KEY ("org", "id")
);

INSERT INTO "new_memberships" ("id", "org") SELECT "id", "org" FROM "memberships";

DROP TABLE "memberships";

-- views and triggers naming "memberships" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_memberships" RENAME TO "memberships";

PRAGMA legacy_alter_table = OFF;

-- Down

-- rebuilds table "memberships" (O(rows)): SQLite cannot change the primary key of an existing table
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_memberships" (
  "id" bigint NOT NULL,
  "org" bigint NOT NULL,
  PRIMARY KEY ("id")
);

INSERT INTO "new_memberships" ("id", "org") SELECT "id", "org" FROM "memberships";

DROP TABLE "memberships";

-- views and triggers naming "memberships" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_memberships" RENAME TO "memberships";

PRAGMA legacy_alter_table = OFF;


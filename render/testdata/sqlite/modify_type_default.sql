-- Up

-- rebuilds table "items" (O(rows)): SQLite cannot change the type and default of column "level" in place
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_items" (
  "id" bigint NOT NULL,
  "level" integer DEFAULT 0,
  PRIMARY KEY ("id")
);

INSERT INTO "new_items" ("id", "level") SELECT "id", "level" FROM "items";

DROP TABLE "items";

-- views and triggers naming "items" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_items" RENAME TO "items";

PRAGMA legacy_alter_table = OFF;

-- Down

-- rebuilds table "items" (O(rows)): SQLite cannot change the type and default of column "level" in place
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_items" (
  "id" bigint NOT NULL,
  "level" text DEFAULT '0',
  PRIMARY KEY ("id")
);

INSERT INTO "new_items" ("id", "level") SELECT "id", "level" FROM "items";

DROP TABLE "items";

-- views and triggers naming "items" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_items" RENAME TO "items";

PRAGMA legacy_alter_table = OFF;


-- Up

-- rebuilds table "tickets" (O(rows)): SQLite cannot add AUTOINCREMENT to column "id" in place
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_tickets" (
  "id" integer PRIMARY KEY AUTOINCREMENT,
  "title" text
);

INSERT INTO "new_tickets" ("id", "title") SELECT "id", "title" FROM "tickets";

DROP TABLE "tickets";

-- views and triggers naming "tickets" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_tickets" RENAME TO "tickets";

PRAGMA legacy_alter_table = OFF;

-- Down

-- rebuilds table "tickets" (O(rows)): SQLite cannot remove AUTOINCREMENT from column "id" in place
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_tickets" (
  "id" integer NOT NULL,
  "title" text,
  PRIMARY KEY ("id")
);

INSERT INTO "new_tickets" ("id", "title") SELECT "id", "title" FROM "tickets";

DROP TABLE "tickets";

-- views and triggers naming "tickets" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_tickets" RENAME TO "tickets";

PRAGMA legacy_alter_table = OFF;


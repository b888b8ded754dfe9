-- Up

-- rebuilds table "orders" (O(rows)): SQLite cannot change the nullability of column "status" in place
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_orders" (
  "id" bigint NOT NULL,
  "status" text NOT NULL DEFAULT 'new',
  "note" text,
  PRIMARY KEY ("id")
);

INSERT INTO "new_orders" ("id", "status", "note") SELECT "id", COALESCE("status", 'new'), "note" FROM "orders";

DROP TABLE "orders";

-- views and triggers naming "orders" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_orders" RENAME TO "orders";

PRAGMA legacy_alter_table = OFF;

-- Down

-- rebuilds table "orders" (O(rows)): SQLite cannot change the nullability of column "note" in place
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_orders" (
  "id" bigint NOT NULL,
  "status" text DEFAULT 'new',
  "note" text NOT NULL,
  PRIMARY KEY ("id")
);

INSERT INTO "new_orders" ("id", "status", "note") SELECT "id", "status", "note" FROM "orders";

DROP TABLE "orders";

-- views and triggers naming "orders" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_orders" RENAME TO "orders";

PRAGMA legacy_alter_table = OFF;


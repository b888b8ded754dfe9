-- Up

-- rebuilds table "orders" (O(rows)): SQLite cannot change the default of column "a" in place
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_orders" (
  "id" bigint NOT NULL,
  "a" text DEFAULT 'y',
  "b" integer,
  "c" timestamptz DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY ("id")
);

INSERT INTO "new_orders" ("id", "a", "b", "c") SELECT "id", "a", "b", "c" FROM "orders";

DROP TABLE "orders";

-- views and triggers naming "orders" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_orders" RENAME TO "orders";

PRAGMA legacy_alter_table = OFF;

-- Down

-- rebuilds table "orders" (O(rows)): SQLite cannot change the type and default of column "c" in place
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_orders" (
  "id" bigint NOT NULL,
  "a" text DEFAULT 'x',
  "b" integer DEFAULT 1,
  "c" text,
  PRIMARY KEY ("id")
);

INSERT INTO "new_orders" ("id", "a", "b", "c") SELECT "id", "a", "b", "c" FROM "orders";

DROP TABLE "orders";

-- views and triggers naming "orders" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_orders" RENAME TO "orders";

PRAGMA legacy_alter_table = OFF;


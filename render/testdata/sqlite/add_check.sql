-- Up

-- rebuilds table "products" (O(rows)): SQLite cannot add or drop a CHECK constraint of an existing table
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_products" (
  "id" bigint NOT NULL,
  "price" numeric(10,2),
  PRIMARY KEY ("id"),
  CONSTRAINT "chk_products_price" CHECK (price > 0)
);

INSERT INTO "new_products" ("id", "price") SELECT "id", "price" FROM "products";

DROP TABLE "products";

-- views and triggers naming "products" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_products" RENAME TO "products";

PRAGMA legacy_alter_table = OFF;

-- Down

-- rebuilds table "products" (O(rows)): SQLite cannot add or drop a CHECK constraint of an existing table
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_products" (
  "id" bigint NOT NULL,
  "price" numeric(10,2),
  PRIMARY KEY ("id")
);

INSERT INTO "new_products" ("id", "price") SELECT "id", "price" FROM "products";

DROP TABLE "products";

-- views and triggers naming "products" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_products" RENAME TO "products";

PRAGMA legacy_alter_table = OFF;


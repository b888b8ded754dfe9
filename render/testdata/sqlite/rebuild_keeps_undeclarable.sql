-- Up

-- rebuilds table "items" (O(rows)): SQLite cannot change the type of column "price" in place
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_items" (
  "id" integer PRIMARY KEY AUTOINCREMENT,
  "owner_id" integer,
  "sku" text NOT NULL,
  "price" text,
  CONSTRAINT "items_sku_set" CHECK (sku <> ''),
  CONSTRAINT "fk_items_owner" FOREIGN KEY ("owner_id") REFERENCES "owners" ("id") ON DELETE CASCADE ON UPDATE SET NULL
);

INSERT INTO "new_items" ("id", "owner_id", "sku", "price") SELECT "id", "owner_id", "sku", "price" FROM "items";

-- keeps the AUTOINCREMENT sequence: keys of deleted rows are not handed out again
DELETE FROM sqlite_sequence WHERE name = 'new_items';

INSERT INTO sqlite_sequence (name, seq) SELECT 'new_items', seq FROM sqlite_sequence WHERE name = 'items';

DROP TABLE "items";

-- views and triggers naming "items" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_items" RENAME TO "items";

PRAGMA legacy_alter_table = OFF;

CREATE INDEX "items_lower_sku" ON "items" (lower(sku));

CREATE INDEX "items_priced" ON "items" ("price") WHERE price > 0;

CREATE TRIGGER items_audit AFTER INSERT ON items BEGIN INSERT INTO audit VALUES ('new ' || NEW.sku); END;

-- Down

-- rebuilds table "items" (O(rows)): SQLite cannot change the type of column "price" in place
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_items" (
  "id" integer PRIMARY KEY AUTOINCREMENT,
  "owner_id" integer,
  "sku" text NOT NULL,
  "price" integer,
  CONSTRAINT "items_sku_set" CHECK (sku <> ''),
  CONSTRAINT "fk_items_owner" FOREIGN KEY ("owner_id") REFERENCES "owners" ("id") ON DELETE CASCADE ON UPDATE SET NULL
);

INSERT INTO "new_items" ("id", "owner_id", "sku", "price") SELECT "id", "owner_id", "sku", "price" FROM "items";

-- keeps the AUTOINCREMENT sequence: keys of deleted rows are not handed out again
DELETE FROM sqlite_sequence WHERE name = 'new_items';

INSERT INTO sqlite_sequence (name, seq) SELECT 'new_items', seq FROM sqlite_sequence WHERE name = 'items';

DROP TABLE "items";

-- views and triggers naming "items" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_items" RENAME TO "items";

PRAGMA legacy_alter_table = OFF;

CREATE INDEX "items_lower_sku" ON "items" (lower(sku));

CREATE INDEX "items_priced" ON "items" ("price") WHERE price > 0;

CREATE TRIGGER items_audit AFTER INSERT ON items BEGIN INSERT INTO audit VALUES ('new ' || NEW.sku); END;


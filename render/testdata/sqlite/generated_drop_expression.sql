-- Up

-- rebuilds table "boxes" (O(rows)): SQLite cannot change the generation expression of column "b" in place
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_boxes" (
  "id" bigint NOT NULL,
  "a" integer,
  "b" integer,
  PRIMARY KEY ("id")
);

INSERT INTO "new_boxes" ("id", "a", "b") SELECT "id", "a", "b" FROM "boxes";

DROP TABLE "boxes";

-- views and triggers naming "boxes" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_boxes" RENAME TO "boxes";

PRAGMA legacy_alter_table = OFF;

-- Down

-- rebuilds table "boxes" (O(rows)): SQLite cannot change the generation expression of column "b" in place
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_boxes" (
  "id" bigint NOT NULL,
  "a" integer,
  "b" integer GENERATED ALWAYS AS (a * 2) STORED,
  PRIMARY KEY ("id")
);

INSERT INTO "new_boxes" ("id", "a") SELECT "id", "a" FROM "boxes";

DROP TABLE "boxes";

-- views and triggers naming "boxes" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_boxes" RENAME TO "boxes";

PRAGMA legacy_alter_table = OFF;


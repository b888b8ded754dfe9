-- Up

-- rebuilds table "posts" (O(rows)): SQLite cannot add or drop a foreign key of an existing table
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_posts" (
  "id" bigint NOT NULL,
  "user_id" bigint,
  PRIMARY KEY ("id"),
  CONSTRAINT "fk_posts_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE RESTRICT
);

INSERT INTO "new_posts" ("id", "user_id") SELECT "id", "user_id" FROM "posts";

DROP TABLE "posts";

-- views and triggers naming "posts" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_posts" RENAME TO "posts";

PRAGMA legacy_alter_table = OFF;

CREATE INDEX "idx_posts_user_id" ON "posts" ("user_id");

-- Down

-- rebuilds table "posts" (O(rows)): SQLite cannot add or drop a foreign key of an existing table
-- gen's SQLite runner turns foreign_keys off around this revision's transaction (PRAGMA foreign_keys is a no-op inside one) and runs PRAGMA foreign_key_check before COMMIT
CREATE TABLE "new_posts" (
  "id" bigint NOT NULL,
  "user_id" bigint,
  PRIMARY KEY ("id")
);

INSERT INTO "new_posts" ("id", "user_id") SELECT "id", "user_id" FROM "posts";

DROP TABLE "posts";

-- views and triggers naming "posts" would make the rename fail while it is dropped; they name it again after the rename
PRAGMA legacy_alter_table = ON;

ALTER TABLE "new_posts" RENAME TO "posts";

PRAGMA legacy_alter_table = OFF;

CREATE INDEX "idx_posts_user_id" ON "posts" ("user_id");


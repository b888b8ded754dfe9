-- Up

CREATE TABLE "posts" (
  "id" bigint NOT NULL,
  "user_id" bigint NOT NULL,
  "parent_id" bigint,
  "title" text NOT NULL DEFAULT '',
  PRIMARY KEY ("id"),
  CONSTRAINT "fk_posts_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE,
  CONSTRAINT "fk_posts_parent" FOREIGN KEY ("parent_id") REFERENCES "posts" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

CREATE INDEX "idx_posts_user_id" ON "posts" ("user_id");

-- Down

DROP TABLE "posts";


-- Up

DROP TABLE "sessions";

-- Down

-- restores the table's structure only: rows removed by the upgrade are not brought back
CREATE TABLE "sessions" (
  "id" bigint NOT NULL,
  "token" text NOT NULL,
  PRIMARY KEY ("id")
);

CREATE INDEX "idx_sessions_token" ON "sessions" ("token");


-- Up

CREATE TABLE "events" (
  "id" integer PRIMARY KEY AUTOINCREMENT,
  "a" integer NOT NULL,
  "doubled" integer GENERATED ALWAYS AS (a * 2) VIRTUAL,
  "stamp" datetime DEFAULT (datetime('now'))
);

-- Down

DROP TABLE "events";


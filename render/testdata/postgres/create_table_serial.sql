-- Up

CREATE TABLE "events" (
  "id" bigserial NOT NULL,
  "seq" integer NOT NULL GENERATED ALWAYS AS IDENTITY,
  "a" integer NOT NULL,
  "doubled" integer GENERATED ALWAYS AS (a * 2) STORED,
  CONSTRAINT "events_id_pk" PRIMARY KEY ("id")
);

-- Down

DROP TABLE "events";


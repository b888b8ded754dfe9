-- Up

CREATE TYPE "mood" AS ENUM ('happy', 'it''s fine');

CREATE TABLE "people" (
  "id" bigint NOT NULL,
  "mood" "mood" NOT NULL DEFAULT 'happy',
  PRIMARY KEY ("id")
);

-- Down

DROP TABLE "people";

DROP TYPE "mood";


-- Up

ALTER TABLE "users" ADD COLUMN "seen_at" timestamptz DEFAULT CURRENT_TIMESTAMP;

ALTER TABLE "users" ADD COLUMN "level" integer NOT NULL;

-- Down

ALTER TABLE "users" DROP COLUMN "level";

ALTER TABLE "users" DROP COLUMN "seen_at";


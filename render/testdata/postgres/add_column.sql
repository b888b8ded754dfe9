-- Up

ALTER TABLE "users" ADD COLUMN "nickname" text DEFAULT 'x';

COMMENT ON COLUMN "users"."nickname" IS 'shown in the header';

ALTER TABLE "users" ADD COLUMN "score" integer NOT NULL DEFAULT 0;

-- Down

ALTER TABLE "users" DROP COLUMN "score";

ALTER TABLE "users" DROP COLUMN "nickname";


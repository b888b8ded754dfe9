-- Up

ALTER TABLE "items" ALTER COLUMN "level" DROP DEFAULT;

ALTER TABLE "items" ALTER COLUMN "level" TYPE integer USING "level"::integer;

ALTER TABLE "items" ALTER COLUMN "level" SET DEFAULT 0;

-- Down

ALTER TABLE "items" ALTER COLUMN "level" DROP DEFAULT;

ALTER TABLE "items" ALTER COLUMN "level" TYPE text USING "level"::text;

ALTER TABLE "items" ALTER COLUMN "level" SET DEFAULT '0';


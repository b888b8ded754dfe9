-- Up

ALTER TABLE "users" RENAME COLUMN "email" TO "email_address";

ALTER TABLE "users" ALTER COLUMN "email_address" TYPE character varying(80);

-- rows holding NULL take the default before NOT NULL is enforced
UPDATE "users" SET "email_address" = '' WHERE "email_address" IS NULL;

ALTER TABLE "users" ALTER COLUMN "email_address" SET NOT NULL;

ALTER TABLE "users" ALTER COLUMN "email_address" SET DEFAULT '';

-- Down

ALTER TABLE "users" ALTER COLUMN "email_address" DROP DEFAULT;

ALTER TABLE "users" ALTER COLUMN "email_address" TYPE text;

ALTER TABLE "users" ALTER COLUMN "email_address" DROP NOT NULL;

ALTER TABLE "users" RENAME COLUMN "email_address" TO "email";


-- Up

ALTER TABLE "users" ALTER COLUMN "email" SET DEFAULT 'nobody@example.com';

-- Down

ALTER TABLE "users" ALTER COLUMN "email" DROP DEFAULT;


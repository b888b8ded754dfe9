-- Up

DROP INDEX "idx_users_code";

ALTER TABLE "users" DROP COLUMN "legacy";

ALTER TABLE "users" DROP COLUMN "code";

-- Down

-- code: restores the column's structure only: values removed by the upgrade are not brought back
-- legacy: restores the column's structure only: values removed by the upgrade are not brought back
ALTER TABLE "users" ADD COLUMN "code" text;

ALTER TABLE "users" ADD COLUMN "legacy" text;

CREATE INDEX "idx_users_code" ON "users" ("code");


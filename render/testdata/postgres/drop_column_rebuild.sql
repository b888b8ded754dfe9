-- Up

ALTER TABLE "users" DROP CONSTRAINT "users_age_check";

ALTER TABLE "users" DROP COLUMN "age";

-- Down

-- age: restores the column's structure only: values removed by the upgrade are not brought back
ALTER TABLE "users" ADD COLUMN "age" integer;

ALTER TABLE "users" ADD CONSTRAINT "users_age_check" CHECK (age >= 0);


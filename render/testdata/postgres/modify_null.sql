-- Up

-- rows holding NULL take the default before NOT NULL is enforced
UPDATE "orders" SET "status" = 'new' WHERE "status" IS NULL;

ALTER TABLE "orders" ALTER COLUMN "status" SET NOT NULL;

ALTER TABLE "orders" ALTER COLUMN "note" DROP NOT NULL;

-- Down

ALTER TABLE "orders" ALTER COLUMN "note" SET NOT NULL;

ALTER TABLE "orders" ALTER COLUMN "status" DROP NOT NULL;


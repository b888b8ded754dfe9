-- Up

ALTER TABLE "items" ALTER COLUMN "qty" TYPE bigint;

ALTER TABLE "items" ALTER COLUMN "code" TYPE text USING "code"::text;

ALTER TABLE "items" ALTER COLUMN "label" TYPE character varying(80);

-- Down

ALTER TABLE "items" ALTER COLUMN "label" TYPE character varying(20);

ALTER TABLE "items" ALTER COLUMN "code" TYPE integer USING "code"::integer;

ALTER TABLE "items" ALTER COLUMN "qty" TYPE integer;


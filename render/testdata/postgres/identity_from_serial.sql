-- Up

ALTER TABLE "jobs" ALTER COLUMN "id" DROP DEFAULT;

DROP SEQUENCE "jobs_id_seq";

ALTER TABLE "jobs" ALTER COLUMN "id" TYPE bigint;

ALTER TABLE "jobs" ALTER COLUMN "id" ADD GENERATED ALWAYS AS IDENTITY;

-- existing rows keep their values: the identity continues after the largest one
SELECT setval(pg_get_serial_sequence('"jobs"', 'id'), COALESCE(MAX("id"), 0) + 1, false) FROM "jobs";

-- Down

ALTER TABLE "jobs" ALTER COLUMN "id" DROP IDENTITY;

ALTER TABLE "jobs" ALTER COLUMN "id" TYPE integer;

CREATE SEQUENCE "jobs_id_seq" AS integer OWNED BY "jobs"."id";

ALTER TABLE "jobs" ALTER COLUMN "id" SET DEFAULT nextval('"jobs_id_seq"'::regclass);

-- existing rows keep their values: the sequence continues after the largest one
SELECT setval('"jobs_id_seq"', COALESCE(MAX("id"), 0) + 1, false) FROM "jobs";


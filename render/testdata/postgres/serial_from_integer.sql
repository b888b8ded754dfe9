-- Up

CREATE SEQUENCE "jobs_id_seq" AS integer OWNED BY "jobs"."id";

ALTER TABLE "jobs" ALTER COLUMN "id" SET DEFAULT nextval('"jobs_id_seq"'::regclass);

-- existing rows keep their values: the sequence continues after the largest one
SELECT setval('"jobs_id_seq"', COALESCE(MAX("id"), 0) + 1, false) FROM "jobs";

ALTER TABLE "jobs" ALTER COLUMN "n" TYPE bigint;

ALTER TABLE "jobs" ALTER COLUMN "n" SET NOT NULL;

CREATE SEQUENCE "jobs_n_seq" AS bigint OWNED BY "jobs"."n";

ALTER TABLE "jobs" ALTER COLUMN "n" SET DEFAULT nextval('"jobs_n_seq"'::regclass);

-- existing rows keep their values: the sequence continues after the largest one
SELECT setval('"jobs_n_seq"', COALESCE(MAX("n"), 0) + 1, false) FROM "jobs";

-- Down

ALTER TABLE "jobs" ALTER COLUMN "n" DROP DEFAULT;

DROP SEQUENCE "jobs_n_seq";

ALTER TABLE "jobs" ALTER COLUMN "n" TYPE integer;

ALTER TABLE "jobs" ALTER COLUMN "n" DROP NOT NULL;

ALTER TABLE "jobs" ALTER COLUMN "id" DROP DEFAULT;

DROP SEQUENCE "jobs_id_seq";


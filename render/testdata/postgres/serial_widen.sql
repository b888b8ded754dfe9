-- Up

ALTER TABLE "jobs" ALTER COLUMN "id" TYPE bigint;

ALTER SEQUENCE "jobs_id_seq" AS bigint;

-- Down

ALTER TABLE "jobs" ALTER COLUMN "id" TYPE integer;

ALTER SEQUENCE "jobs_id_seq" AS integer;


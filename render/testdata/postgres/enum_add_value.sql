-- Up

-- PostgreSQL lets a transaction use a value added to an enum only after it commits: a statement of this migration that uses the new value fails
ALTER TYPE "mood" ADD VALUE 'sad';

ALTER TYPE "mood" ADD VALUE 'meh';

-- Down

-- enum type mood changes from ('happy', 'sad', 'meh') to ('happy'): PostgreSQL can only append values, so the type is rebuilt; a row holding a value that is gone makes this migration fail, and nothing is lost
ALTER TYPE "mood" RENAME TO "mood_gen_old";

CREATE TYPE "mood" AS ENUM ('happy');

ALTER TABLE "people" ALTER COLUMN "mood" DROP DEFAULT;

ALTER TABLE "people" ALTER COLUMN "mood" TYPE "mood" USING "mood"::text::"mood";

ALTER TABLE "people" ALTER COLUMN "mood" SET DEFAULT 'happy';

DROP TYPE "mood_gen_old";


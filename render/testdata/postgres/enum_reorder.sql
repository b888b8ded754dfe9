-- Up

-- enum type mood changes from ('happy', 'sad') to ('sad', 'happy', 'meh'): PostgreSQL can only append values, so the type is rebuilt; a row holding a value that is gone makes this migration fail, and nothing is lost
ALTER TYPE "mood" RENAME TO "mood_gen_old";

CREATE TYPE "mood" AS ENUM ('sad', 'happy', 'meh');

ALTER TABLE "people" ALTER COLUMN "mood" TYPE "mood" USING "mood"::text::"mood";

DROP TYPE "mood_gen_old";

-- Down

-- enum type mood changes from ('sad', 'happy', 'meh') to ('happy', 'sad'): PostgreSQL can only append values, so the type is rebuilt; a row holding a value that is gone makes this migration fail, and nothing is lost
ALTER TYPE "mood" RENAME TO "mood_gen_old";

CREATE TYPE "mood" AS ENUM ('happy', 'sad');

ALTER TABLE "people" ALTER COLUMN "mood" TYPE "mood" USING "mood"::text::"mood";

DROP TYPE "mood_gen_old";


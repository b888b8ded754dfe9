-- Up

ALTER TABLE "products" ADD CONSTRAINT "chk_products_price" CHECK (price > 0);

-- Down

ALTER TABLE "products" DROP CONSTRAINT "chk_products_price";


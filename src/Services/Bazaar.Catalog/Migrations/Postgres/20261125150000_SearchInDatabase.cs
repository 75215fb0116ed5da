using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bazaar.Catalog.Migrations.Postgres
{
    /// <summary>
    /// Catalog search in PostgreSQL (see <c>Search/PostgresProductSearch.cs</c>): a weighted <c>tsvector</c> per
    /// product with a GIN index, a table of every indexed word with a trigram index for typo tolerance, and
    /// <c>catalog_search_query</c>, which turns what a shopper typed into the <c>tsquery</c> to run. None of it is in
    /// the EF model (SQLite has no such types), so the model snapshot does not change.
    /// </summary>
    public partial class SearchInDatabase : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS pg_trgm;");

            // Whole words, as the embedded index keeps them (no stemming, so a typo is compared with a real
            // word), without English stop words, so "headphones for running" does not require "for".
            migrationBuilder.Sql("""
                CREATE TEXT SEARCH DICTIONARY catalog_words (TEMPLATE = pg_catalog.simple, STOPWORDS = english);
                CREATE TEXT SEARCH CONFIGURATION catalog_search (COPY = pg_catalog.simple);
                ALTER TEXT SEARCH CONFIGURATION catalog_search
                    ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
                    WITH catalog_words;
                """);

            migrationBuilder.Sql("""
                CREATE TABLE search_words (word text PRIMARY KEY);
                CREATE INDEX "IX_search_words_word_trgm" ON search_words USING gin (word gin_trgm_ops);

                ALTER TABLE products ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector;
                CREATE INDEX "IX_products_search_vector" ON products USING gin (search_vector);
                """);

            // Brand and category names live in their own tables, which a generated column cannot read, so a
            // trigger keeps the vector. Names are never renamed (CatalogNames only adds), so products are the
            // only rows to watch. Words are only added: a word left by a deleted product expands a typo to a
            // word that matches nothing, which is harmless.
            migrationBuilder.Sql("""
                CREATE FUNCTION products_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.search_vector :=
                        setweight(to_tsvector('catalog_search', NEW."Name" || ' ' || NEW."Sku"), 'A')
                        || setweight(to_tsvector('catalog_search',
                            coalesce((SELECT "Name" FROM brands WHERE "Id" = NEW."BrandId"), '') || ' '
                            || coalesce((SELECT "Name" FROM categories WHERE "Id" = NEW."CategoryId"), '')), 'B')
                        || setweight(to_tsvector('catalog_search', NEW."Description"), 'C');
                    INSERT INTO search_words (word)
                        SELECT unnest(tsvector_to_array(NEW.search_vector)) ON CONFLICT DO NOTHING;
                    RETURN NEW;
                END
                $$;

                CREATE TRIGGER products_search_vector
                    BEFORE INSERT OR UPDATE OF "Name", "Sku", "Description", "BrandId", "CategoryId" ON products
                    FOR EACH ROW EXECUTE FUNCTION products_search_vector();

                UPDATE products SET "Name" = "Name";
                """);

            // websearch_to_tsquery understands what people type ("quoted phrases", or, -word). Each word then
            // also matches words it begins (type-ahead: "head" finds headphones), and a word that matches
            // nothing at all is replaced by the indexed words most similar to it ("headphnoes" becomes
            // headphones). The threshold is below pg_trgm's default 0.3 so a swap of two letters in a short
            // word ("cmaera", 0.27) still counts.
            migrationBuilder.Sql("""
                CREATE FUNCTION catalog_search_query(q text) RETURNS tsquery
                LANGUAGE plpgsql STABLE STRICT
                SET pg_trgm.similarity_threshold = 0.25
                AS $$
                DECLARE
                    result tsquery := websearch_to_tsquery('catalog_search', q);
                    lexeme text;
                    quoted text;
                    similar_words tsquery;
                BEGIN
                    FOR lexeme IN SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('catalog_search', q))) LOOP
                        quoted := '''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''';
                        IF EXISTS (SELECT 1 FROM products WHERE search_vector @@ (quoted || ':*')::tsquery) THEN
                            result := ts_rewrite(result, quoted::tsquery, (quoted || ':*')::tsquery);
                        ELSE
                            SELECT string_agg('''' || replace(replace(s.word, '\', '\\'), '''', '''''') || '''', ' | ')::tsquery
                            INTO similar_words
                            FROM (SELECT word FROM search_words WHERE word % lexeme
                                  ORDER BY similarity(word, lexeme) DESC, word LIMIT 5) s;
                            IF similar_words IS NOT NULL THEN
                                result := ts_rewrite(result, quoted::tsquery, similar_words);
                            END IF;
                        END IF;
                    END LOOP;
                    RETURN result;
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION catalog_search_query(text);
                DROP TRIGGER products_search_vector ON products;
                DROP FUNCTION products_search_vector();
                DROP INDEX "IX_products_search_vector";
                ALTER TABLE products DROP COLUMN search_vector;
                DROP TABLE search_words;
                DROP TEXT SEARCH CONFIGURATION catalog_search;
                DROP TEXT SEARCH DICTIONARY catalog_words;
                """);
        }
    }
}

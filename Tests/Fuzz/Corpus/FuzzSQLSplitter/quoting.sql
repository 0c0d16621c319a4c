CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql; SELECT E'it\'s; ok', "semi;colon" FROM t; /* a /* nested; */ comment */ SELECT 2; -- tail; comment
SELECT $$;$$
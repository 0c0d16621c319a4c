import Testing

@testable import SkillHubStorage

@Suite("SQL statement splitter")
struct SQLStatementSplitterTests {
    @Test func splitsAtTopLevelSemicolons() {
        #expect(SQLStatementSplitter.split("CREATE TABLE a (id int);\n\nINSERT INTO a VALUES (1);  ") == ["CREATE TABLE a (id int)", "INSERT INTO a VALUES (1)"])
    }

    @Test func keepsSemicolonsInsideStringsAndIdentifiers() {
        let script = #"INSERT INTO t VALUES ('a;b', 'it''s; fine', E'x\';y'); SELECT "odd;name" FROM t;"#
        #expect(SQLStatementSplitter.split(script) == [#"INSERT INTO t VALUES ('a;b', 'it''s; fine', E'x\';y')"#, #"SELECT "odd;name" FROM t"#])
    }

    @Test func keepsDollarQuotedBodiesWhole() {
        let function = """
            CREATE FUNCTION touch() RETURNS trigger AS $body$
            BEGIN NEW.updated_at = now(); RETURN NEW; END;
            $body$ LANGUAGE plpgsql
            """
        let script = function + ";\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT $1::int"
        #expect(SQLStatementSplitter.split(script) == [function, "DO $$ BEGIN PERFORM 1; END $$", "SELECT $1::int"])
    }

    @Test func ignoresSemicolonsInComments() {
        let script = "-- one; two\nSELECT 1; /* a; /* nested; */ b; */ SELECT 2;\n-- trailing comment;"
        #expect(SQLStatementSplitter.split(script) == ["-- one; two\nSELECT 1", "/* a; /* nested; */ b; */ SELECT 2"])
    }
}

import Testing

@testable import SkillHubCore

@Suite("DotEnv parser")
struct DotEnvParserTests {
    @Test func parsesTheSeedGuideFile() {
        let text = """
            # SkillHub
            APP_NAME=ooder-skill
            APP_PORT=8000

            DATABASE_URL=postgresql://skill_user:your_secure_password@localhost:5432/skill_db
            export SECURITY_JWT_SECRET="with spaces \\"quoted\\""
            REDIS_URL='redis://localhost:6379/0' 
            LOG_LEVEL=debug # inline comment
            EMPTY=
            not a line
            """
        let values = DotEnvParser.parse(text)
        #expect(values["APP_NAME"] == "ooder-skill")
        #expect(values["APP_PORT"] == "8000")
        #expect(values["DATABASE_URL"] == "postgresql://skill_user:your_secure_password@localhost:5432/skill_db")
        #expect(values["SECURITY_JWT_SECRET"] == "with spaces \"quoted\"")
        #expect(values["REDIS_URL"] == "redis://localhost:6379/0")
        #expect(values["LOG_LEVEL"] == "debug")
        #expect(values["EMPTY"] == "")
        #expect(values.count == 7)
    }

    @Test func processEnvironmentWinsOverTheFile() throws {
        let file = DotEnvParser.parse("APP_PORT=9000\nAPP_NAME=from-file")
        let merged = file.merging(["APP_PORT": "9100"]) { _, process in process }
        let configuration = try SkillHubConfiguration(environment: merged)
        #expect(configuration.app.port == 9100)
        #expect(configuration.app.name == "from-file")
    }
}

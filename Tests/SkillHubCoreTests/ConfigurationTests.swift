import Testing

@testable import SkillHubCore

@Suite("Configuration")
struct ConfigurationTests {
    let strongSecret = "f3b1c2d4e5a69788a9b0c1d2e3f40516273849a5b6c7d8e9"

    @Test func defaultsMatchTheSeedGuide() throws {
        let configuration = try SkillHubConfiguration(environment: [:])
        #expect(configuration.app.port == 8000)
        #expect(configuration.app.host == "0.0.0.0")
        #expect(configuration.database.poolSize == 10)
        #expect(configuration.redis.maxConnections == 50)
        #expect(configuration.security.jwtExpirySeconds == 3600)
        #expect(configuration.security.algorithms == ["HS256"])
        #expect(configuration.aiBridge.heartbeat.interval == .seconds(30))
        #expect(configuration.aiBridge.protocolVersion == "0.6.0")
        #expect(configuration.app.isProduction == false)
        #expect(configuration.warnings.contains { $0.contains("SECURITY_JWT_SECRET") })
    }

    @Test func endpointHostsAreAnAllowListOfNamesAndSubdomains() throws {
        #expect(try SkillHubConfiguration(environment: [:]).aiBridge.endpointHosts == .any)
        let hosts = try SkillHubConfiguration(environment: ["SKILLHUB_ENDPOINT_ALLOWED_HOSTS": " *.Skills.Internal, localhost,, 10.0.0.7 "]).aiBridge.endpointHosts
        #expect(hosts.patterns == ["*.skills.internal", "localhost", "10.0.0.7"])
        #expect(hosts.allows(host: "ocr.SKILLS.internal"))
        #expect(hosts.allows(host: "a.b.skills.internal"))
        #expect(!hosts.allows(host: "skills.internal"))
        #expect(!hosts.allows(host: "evilskills.internal"))
        #expect(hosts.allows(host: "LOCALHOST"))
        #expect(hosts.allows(host: "10.0.0.7"))
        #expect(!hosts.allows(host: "169.254.169.254"))
        #expect(HostAllowList.any.allows(host: "anything.example"))
        #expect(!HostAllowList(parsing: "").allows(host: "localhost"))
        #expect(HostAllowList(parsing: "[::1]").allows(host: "::1"))
        #expect(HostAllowList(parsing: "::1").allows(host: "[::1]"))
    }

    @Test func goodValuesAreRead() throws {
        let configuration = try SkillHubConfiguration(environment: [
            "APP_NAME": "ooder-skill", "APP_PORT": "9001", "APP_DEBUG": "True", "LOG_LEVEL": "WARNING",
            "DATABASE_URL": "postgresql://skill_user:p%40ss@db.example:6543/skill_db?sslmode=require",
            "DATABASE_POOL_SIZE": "25",
            "REDIS_URL": "redis://:s3cret@cache:6380/2", "REDIS_MAX_CONNECTIONS": "8",
            "SECURITY_ALGORITHM": "HS256, HS384", "SECURITY_JWT_EXPIRY": "600",
            "AI_BRIDGE_HEARTBEAT_INTERVAL": "5", "SKILLHUB_PLUGINS": "ocr, rerank",
        ])
        #expect(configuration.app.name == "ooder-skill")
        #expect(configuration.app.port == 9001)
        #expect(configuration.app.debug)
        #expect(configuration.app.logLevel == .warning)
        #expect(configuration.database.url == PostgresURL(host: "db.example", port: 6543, username: "skill_user", password: "p@ss", database: "skill_db", tlsMode: .require))
        #expect(configuration.database.poolSize == 25)
        #expect(configuration.redis.url == RedisURL(host: "cache", port: 6380, password: "s3cret", database: 2))
        #expect(configuration.redis.maxConnections == 8)
        #expect(configuration.security.algorithms == ["HS256", "HS384"])
        #expect(configuration.security.jwtExpirySeconds == 600)
        #expect(configuration.aiBridge.heartbeat.interval == .seconds(5))
        #expect(configuration.plugins.names == ["ocr", "rerank"])
    }

    @Test(arguments: [
        ("APP_PORT", "abc", "expected an integer from 1 to 65535"),
        ("APP_PORT", "70000", "expected an integer from 1 to 65535"),
        ("DATABASE_POOL_SIZE", "0", "expected an integer from 1 to 1000"),
        ("REDIS_MAX_CONNECTIONS", "-1", "expected an integer from 1 to 10000"),
        ("DATABASE_URL", "mysql://u@h/db", "scheme 'mysql' is not postgresql"),
        ("DATABASE_URL", "postgresql://localhost:5432", "the URL has no user name"),
        ("DATABASE_URL", "postgresql://u@h:5432/", "the URL has no database name"),
        ("DATABASE_URL", "::not a url::", "expected postgresql://"),
        ("REDIS_URL", "rediss://h:6379", "TLS (rediss://) is not supported"),
        ("REDIS_URL", "redis://h:6379/x", "database 'x' is not a number"),
        // Found by FuzzURLs (Tests/Fuzz): URLComponents takes any digits as a port.
        ("REDIS_URL", "redis://:secret@localho:637979/2", "port 637979 is outside 1...65535"),
        ("REDIS_URL", "redis://h:0/0", "port 0 is outside 1...65535"),
        ("DATABASE_URL", "postgresql://u@h:99999/db", "port 99999 is outside 1...65535"),
        ("APP_DEBUG", "maybe", "expected true or false"),
        ("APP_ENV", "staging", "expected one of development, test, production"),
        ("SECURITY_ALGORITHM", "none", "'none' is not valid"),
        ("SECURITY_ALGORITHM", "HS256,XS256", "'XS256' is not valid"),
        ("SECURITY_ALGORITHM", "RS256", "set SECURITY_JWT_PRIVATE_KEY_FILE"),
        ("SECURITY_JWT_PREVIOUS_KEYS", "old-without-secret", "expected a comma-separated list of kid:value"),
        ("SECURITY_JWT_PUBLIC_KEY_FILES", "no-path", "expected a comma-separated list of kid:value"),
        ("SKILLHUB_ENDPOINT_DELETE_TIMEOUT", "10", "at least three heartbeat intervals (90 s)"),
        ("SECURITY_JWT_SECRET", "too-short-for-hs256", "HS256 needs a secret of at least 32 bytes"),
        ("AI_BRIDGE_HEARTBEAT_INTERVAL", "0", "expected an integer from 1 to 3600"),
    ])
    func badValueNamesTheVariableAndTheExpectedForm(variable: String, value: String, expected: String) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try SkillHubConfiguration(environment: [variable: value])
        }
        #expect(error.problems.count == 1)
        #expect(error.problems[0].variable == variable)
        #expect(error.description.contains(expected), "\(error.description)")
        #expect(error.description.hasPrefix("configuration error: \(variable):"))
    }

    @Test func everyBadVariableIsReportedOnItsOwnLine() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try SkillHubConfiguration(environment: ["APP_PORT": "x", "DATABASE_POOL_SIZE": "0", "REDIS_URL": "http://h"])
        }
        #expect(error.problems.map(\.variable) == ["APP_PORT", "DATABASE_POOL_SIZE", "REDIS_URL"])
        #expect(error.description.split(separator: "\n").count == 3)
    }

    @Test func strongerHMACAlgorithmsNeedLongerSecrets() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try SkillHubConfiguration(environment: ["SECURITY_ALGORITHM": "HS256,HS512", "SECURITY_JWT_SECRET": strongSecret])
        }
        #expect(error.problems.map(\.variable) == ["SECURITY_JWT_SECRET"])
        #expect(error.description.contains("HS512 needs a secret of at least 64 bytes"))
        _ = try SkillHubConfiguration(environment: ["SECURITY_ALGORITHM": "HS512", "SECURITY_JWT_SECRET": strongSecret + strongSecret])
    }

    @Test func productionRefusesMissingSecrets() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try SkillHubConfiguration(environment: ["APP_ENV": "production"])
        }
        #expect(Set(error.problems.map(\.variable)) == ["SECURITY_JWT_SECRET", "SKILLHUB_ROOT_API_KEY"])
    }

    @Test(arguments: ["your_jwt_secret_key_change_in_production", "your_jwt_secret_key", "short-secret"])
    func productionRefusesWeakJWTSecret(secret: String) throws {
        let error = try #require(throws: ConfigurationError.self) {
            try SkillHubConfiguration(environment: [
                "APP_ENV": "production", "SECURITY_JWT_SECRET": secret, "SKILLHUB_ROOT_API_KEY": strongSecret,
            ])
        }
        #expect(error.problems.map(\.variable) == ["SECURITY_JWT_SECRET"])
        #expect(error.description.contains("refused in production"))
    }

    @Test func productionRefusesWeakRootKey() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try SkillHubConfiguration(environment: [
                "APP_ENV": "production", "SECURITY_JWT_SECRET": strongSecret, "SKILLHUB_ROOT_API_KEY": "changeme",
            ])
        }
        #expect(error.problems.map(\.variable) == ["SKILLHUB_ROOT_API_KEY"])
    }

    @Test func productionAcceptsStrongSecrets() throws {
        let configuration = try SkillHubConfiguration(environment: [
            "APP_ENV": "production", "SECURITY_JWT_SECRET": strongSecret, "SKILLHUB_ROOT_API_KEY": strongSecret + "x",
        ])
        #expect(configuration.app.isProduction)
        #expect(configuration.warnings.isEmpty)
    }

    @Test func debugModeIsNotProduction() throws {
        let configuration = try SkillHubConfiguration(environment: ["APP_ENV": "production", "APP_DEBUG": "true"])
        #expect(!configuration.app.isProduction)
        #expect(configuration.warnings.contains { $0.contains("APP_DEBUG=true") })
    }

    @Test func summaryMasksEverySecret() throws {
        let configuration = try SkillHubConfiguration(environment: [
            "SECURITY_JWT_SECRET": strongSecret, "SKILLHUB_ROOT_API_KEY": "root-key-value-1234567890",
            "DATABASE_URL": "postgresql://u:dbpassword@h/d", "REDIS_URL": "redis://:redispassword@h:1/0",
        ])
        let text = configuration.maskedSummary.map { "\($0.name)=\($0.value)" }.joined(separator: "\n")
        for secret in [strongSecret, "root-key-value-1234567890", "dbpassword", "redispassword"] {
            #expect(!text.contains(secret))
        }
        #expect(text.contains("DATABASE_URL=postgresql://u:***@h:5432/d"))
        #expect(text.contains("REDIS_URL=redis://:***@h:1/0"))
    }
}

import Testing

@testable import SkillHubCore

/// The seeds' operator settings: the short names as aliases, log settings, CORS and TLS.
@Suite("Operator settings")
struct OperatorSettingsTests {
    func problems(_ environment: [String: String]) -> [ConfigurationError.Problem] {
        do {
            _ = try SkillHubConfiguration(environment: environment)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func theSeedsShortNamesAreAliasesAndTheAppNamesWin() throws {
        let seed = try SkillHubConfiguration(environment: ["HOST": "127.0.0.1", "PORT": "9000", "DEBUG": "true", "NODE_ENV": "test"])
        #expect(seed.app.host == "127.0.0.1")
        #expect(seed.app.port == 9000)
        #expect(seed.app.debug)
        #expect(seed.app.environment == .test)
        #expect(seed.settingSources == ["APP_HOST": "HOST", "APP_PORT": "PORT", "APP_DEBUG": "DEBUG", "APP_ENV": "NODE_ENV"])
        let summary = Dictionary(uniqueKeysWithValues: seed.maskedSummary.map { ($0.name, $0.value) })
        #expect(summary["APP_PORT"] == "9000 (from PORT)")
        #expect(summary["APP_ENV"] == "test (from NODE_ENV)")

        let both = try SkillHubConfiguration(environment: ["APP_PORT": "8100", "PORT": "9000"])
        #expect(both.app.port == 8100)
        #expect(both.settingSources["APP_PORT"] == "APP_PORT")
        #expect(both.warnings.contains("PORT=9000 is ignored: APP_PORT is set too and wins"))
        let defaults = Dictionary(uniqueKeysWithValues: try SkillHubConfiguration(environment: [:]).maskedSummary.map { ($0.name, $0.value) })
        #expect(defaults["APP_HOST"] == "0.0.0.0 (default)")
    }

    @Test func aBadAliasValueIsReportedUnderTheAlias() {
        #expect(problems(["PORT": "http"]).map(\.variable) == ["PORT"])
        #expect(problems(["NODE_ENV": "staging"]).map(\.description) == ["NODE_ENV: 'staging' is not valid; expected one of development, test, production"])
    }

    @Test func logLevelsAsTheSeedsWriteThem() throws {
        #expect(try SkillHubConfiguration(environment: ["LOG_LEVEL": "WARN"]).app.logLevel == .warning)
        #expect(try SkillHubConfiguration(environment: ["LOG_LEVEL": "warn"]).app.logLevel == .warning)
        #expect(try SkillHubConfiguration(environment: ["LOG_LEVEL": "INFO"]).app.logLevel == .info)
        #expect(try SkillHubConfiguration(environment: ["LOG_LEVEL": "DEBUG"]).app.logLevel == .debug)
        #expect(problems(["LOG_LEVEL": "verbose"]).map(\.variable) == ["LOG_LEVEL"])
    }

    @Test func logFormatAndFolder() throws {
        let defaults = try SkillHubConfiguration(environment: [:]).logging
        #expect(defaults == LogSettings(format: .text, directory: nil, maxFileBytes: 10 << 20, backups: 5))
        let seed = try SkillHubConfiguration(environment: ["LOG_FORMAT": "JSON", "LOG_DIR": "./logs", "LOG_FILE_MAX_BYTES": "1048576", "LOG_FILE_BACKUPS": "3"]).logging
        #expect(seed.format == .json)
        #expect(seed.filePath == "./logs/skillhub.log")
        #expect(seed.maxFileBytes == 1 << 20)
        #expect(seed.backups == 3)
        #expect(problems(["LOG_FORMAT": "logfmt"]).map(\.description) == ["LOG_FORMAT: 'logfmt' is not valid; expected one of text, json"])
        #expect(problems(["LOG_FILE_MAX_BYTES": "10"]).map(\.variable) == ["LOG_FILE_MAX_BYTES"])
    }

    @Test func corsIsOffUnlessOriginsAreNamed() throws {
        #expect(try SkillHubConfiguration(environment: [:]).cors == nil)
        let stray = try SkillHubConfiguration(environment: ["CORS_ALLOW_METHODS": "GET"])
        #expect(stray.cors == nil)
        #expect(stray.warnings.contains { $0.hasPrefix("CORS_ALLOW_METHODS ignored") })
    }

    @Test func corsListsInBothForms() throws {
        let seed003 = try #require(try SkillHubConfiguration(environment: ["ALLOWED_ORIGINS": #"["https://App.Example.com/", "http://localhost:3000"]"#]).cors)
        #expect(seed003.origins == .list(["https://app.example.com", "http://localhost:3000"]))
        #expect(seed003.methods == CORSSettings.defaultMethods)
        #expect(seed003.allows(origin: "https://app.example.com"))
        #expect(!seed003.allows(origin: "https://other.example.com"))

        let seed001 = try #require(
            try SkillHubConfiguration(environment: [
                "CORS_ALLOW_ORIGINS": "*", "CORS_ALLOW_METHODS": "get,POST,PUT,DELETE,OPTIONS", "CORS_ALLOW_HEADERS": "*", "CORS_ALLOW_CREDENTIALS": "1",
            ]).cors
        )
        #expect(seed001.origins == .any)
        #expect(seed001.methods == ["GET", "POST", "PUT", "DELETE", "OPTIONS"])
        #expect(seed001.headers == ["*"])
        #expect(seed001.allowCredentials)
        #expect(!seed001.allows(origin: "null"))
    }

    @Test func badCorsValuesAreReported() {
        #expect(problems(["CORS_ALLOW_ORIGINS": "app.example.com"]).map(\.description) == [
            "CORS_ALLOW_ORIGINS: 'app.example.com' is not an origin; expected * or scheme://host[:port] (http or https, no path)"
        ])
        #expect(problems(["CORS_ALLOW_ORIGINS": "https://a.example/path"]).map(\.variable) == ["CORS_ALLOW_ORIGINS"])
        #expect(problems(["CORS_ALLOW_ORIGINS": "http://a.example:99999"]).map(\.variable) == ["CORS_ALLOW_ORIGINS"])
        #expect(problems(["CORS_ALLOW_ORIGINS": "*", "CORS_ALLOW_METHODS": "GET,PO ST"]).map(\.variable) == ["CORS_ALLOW_METHODS"])
        #expect(problems(["CORS_ALLOW_ORIGINS": "*", "CORS_ALLOW_HEADERS": "X-Ok, Bad:Header"]).map(\.variable) == ["CORS_ALLOW_HEADERS"])
        #expect(problems(["CORS_ALLOW_ORIGINS": "*", "CORS_ALLOW_CREDENTIALS": "maybe"]).map(\.variable) == ["CORS_ALLOW_CREDENTIALS"])
        #expect(problems(["CORS_ALLOW_ORIGINS": "https://a.example", "ALLOWED_ORIGINS": "https://b.example"]).map(\.variable) == ["ALLOWED_ORIGINS"])
        #expect(problems(["CORS_ALLOW_ORIGINS": "https://a.example", "ALLOWED_ORIGINS": #"["https://a.example"]"#]).isEmpty)
    }

    @Test func tlsNeedsBothFiles() throws {
        #expect(try SkillHubConfiguration(environment: [:]).tls == nil)
        let seed = try #require(try SkillHubConfiguration(environment: ["USE_SSL": "1", "SSL_CERT_FILE": "/etc/skillhub/cert.pem", "SSL_KEY_FILE": "/etc/skillhub/key.pem"]).tls)
        #expect(seed == ServerTLSSettings(certificateFile: "/etc/skillhub/cert.pem", privateKeyFile: "/etc/skillhub/key.pem", http2: true))
        #expect(try SkillHubConfiguration(environment: ["USE_SSL": "true", "SSL_CERT_FILE": "c", "SSL_KEY_FILE": "k", "SKILLHUB_HTTP2": "false"]).tls?.http2 == false)
        #expect(problems(["USE_SSL": "1"]).map(\.variable) == ["SSL_CERT_FILE", "SSL_KEY_FILE"])
        #expect(problems(["USE_SSL": "sometimes"]).map(\.variable) == ["USE_SSL"])
        let off = try SkillHubConfiguration(environment: ["USE_SSL": "0", "SSL_CERT_FILE": ""])
        #expect(off.tls == nil)
        #expect(try SkillHubConfiguration(environment: ["SSL_CERT_FILE": "c"]).warnings.contains { $0.hasPrefix("SSL_CERT_FILE and SSL_KEY_FILE are ignored") })
    }
}

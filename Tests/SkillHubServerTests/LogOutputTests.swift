import Foundation
import Logging
import SkillHubCore
import Testing

@testable import SkillHubServer

/// `LOG_FORMAT=json` lines and the rotated file of `LOG_DIR`.
@Suite("Log output")
struct LogOutputTests {
    @Test func jsonLinesCarryTheRequestFieldsTyped() throws {
        let formatter = LogLineFormatter(format: .json)
        let line = formatter.line(
            label: "skillhub", level: .info, message: "request \"quoted\"\n",
            metadata: [
                "hb.request.id": "r-1", "account": "acme", "skill": "echo", "status": .stringConvertible(200),
                "duration_ms": .stringConvertible(12.5), "tags": ["a", "b"],
            ],
            source: "SkillHubServer", date: Date(timeIntervalSince1970: 1_700_000_000.25)
        )
        #expect(line.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["ts"] as? String == "2023-11-14T22:13:20.250Z")
        #expect(object["level"] as? String == "info")
        #expect(object["msg"] as? String == "request \"quoted\"\n")
        #expect(object["request_id"] as? String == "r-1")
        #expect(object["account"] as? String == "acme")
        #expect(object["skill"] as? String == "echo")
        #expect(object["status"] as? Int == 200)
        #expect(object["latency_ms"] as? Double == 12.5)
        #expect(object["tags"] as? [String] == ["a", "b"])
    }

    @Test func textLinesLookLikeSwiftLogs() {
        let line = LogLineFormatter(format: .text).line(
            label: "skillhub", level: .warning, message: "slow", metadata: ["b": "2", "a": "1"], source: "S",
            date: Date(timeIntervalSince1970: 0)
        )
        #expect(line == "1970-01-01T00:00:00Z warning skillhub : a=1 b=2 [S] slow\n")
    }

    @Test func theSkillIsTakenFromTheRoute() {
        #expect(RequestLogFields.skill(route: "/api/v1/skills/{skill_id}/invoke", path: "/api/v1/skills/echo/invoke") == "echo")
        #expect(RequestLogFields.skill(route: "/api/v1/skills", path: "/api/v1/skills") == nil)
    }

    @Test func theFileRotatesBySizeKeepingBackups() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("skillhub-logs-\(UUID().uuidString)/logs")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let path = folder.appendingPathComponent("skillhub.log").path
        let file = try RotatingLogFile(path: path, maxBytes: 1000, backups: 2)
        var handler = LineLogHandler(label: "skillhub", format: .json, output: .file(file))
        handler.logLevel = .info
        let logger = Logger(label: "skillhub") { _ in handler }
        for index in 0..<60 {
            logger.info("entry \(index)", metadata: ["hb.request.id": "r-\(index)"])
        }
        file.flush()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["skillhub.log", "skillhub.log.1", "skillhub.log.2"])
        for name in names {
            let size = try #require(try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.size] as? Int)
            #expect(size <= 1000)
        }
        let current = try String(contentsOfFile: path, encoding: .utf8)
        #expect(current.contains("\"msg\":\"entry 59\""))
        #expect(current.split(separator: "\n").allSatisfy { $0.hasPrefix("{\"ts\":") })
    }

    @Test func anUnwritableFolderIsAClearError() {
        #expect { try RotatingLogFile(path: "/proc/skillhub/skillhub.log", maxBytes: 1 << 20, backups: 1) } throws: { error in
            "\(error)".contains("/proc/skillhub")
        }
    }
}

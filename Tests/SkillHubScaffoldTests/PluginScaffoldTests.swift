import Foundation
import SkillHubScaffold
import Testing

@Suite("Plugin scaffold")
struct PluginScaffoldTests {
    func scaffold(_ name: String = "hello-world", skillHub: String = "/src/skillhub") throws -> PluginScaffold {
        try PluginScaffold(name: name, skillHubPath: skillHub)
    }

    func contents(_ scaffold: PluginScaffold, _ path: String) -> String {
        scaffold.files().first { $0.path == path }?.contents ?? ""
    }

    @Test(arguments: ["hello-world", "ab", "ocr", "rerank2", "a-1", "x9-y8-z7", String(repeating: "a", count: 40)])
    func acceptsNames(_ name: String) {
        #expect(PluginScaffold.isValid(name: name))
    }

    @Test(arguments: [
        "", "a", String(repeating: "a", count: 41), "Hello", "hello_world", "hello world", "héllo", "hello.world",
        "1abc", "-abc", "abc-", "a--b", "hello/../x", "b\u{0330}c",
    ])
    func refusesNames(_ name: String) {
        #expect(!PluginScaffold.isValid(name: name))
        #expect(throws: PluginScaffoldError.self) { try PluginScaffold(name: name, skillHubPath: "/src/skillhub") }
    }

    @Test func namesTheReason() {
        let error = #expect(throws: PluginScaffoldError.self) { try PluginScaffold(name: "Hello", skillHubPath: "/x") }
        #expect(error?.description.contains("'H' is not allowed") == true)
        let short = #expect(throws: PluginScaffoldError.self) { try PluginScaffold(name: "a", skillHubPath: "/x") }
        #expect(short?.description.contains("2 to 40") == true)
    }

    @Test func derivesTheNames() throws {
        let scaffold = try scaffold()
        #expect(scaffold.typeName == "HelloWorld")
        #expect(scaffold.skillTypeName == "HelloWorldSkill")
        #expect(scaffold.targetName == "HelloWorldPlugin")
        #expect(scaffold.testTargetName == "HelloWorldPluginTests")
        #expect(scaffold.productName == "SkillHubPluginHelloWorld")
        #expect(scaffold.libraryFileName.hasPrefix("libSkillHubPluginHelloWorld."))
        #expect(try self.scaffold("a-1").typeName == "A1")
    }

    @Test func makesTheSkillHubPathAbsolute() throws {
        #expect(try scaffold(skillHub: "/src/skillhub/").skillHubPath == "/src/skillhub")
        #expect(try scaffold(skillHub: "/src/x/../skillhub").skillHubPath == "/src/skillhub")
        let relative = try scaffold(skillHub: "checkouts/skillhub")
        #expect(relative.skillHubPath == FileManager.default.currentDirectoryPath + "/checkouts/skillhub")
        #expect(relative.skillHubPackageIdentity == "skillhub")
        #expect(throws: PluginScaffoldError.self) { try scaffold(skillHub: " ") }
    }

    @Test func checksTheSkillHubCheckout() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Sources/SkillKit"), withIntermediateDirectories: true)
        let scaffold = try scaffold(skillHub: root.path)
        #expect(throws: PluginScaffoldError.notASkillHubCheckout(scaffold.skillHubPath)) { try scaffold.checkSkillHubCheckout() }
        try Data("// swift-tools-version: 6.1".utf8).write(to: root.appendingPathComponent("Package.swift"))
        try scaffold.checkSkillHubCheckout()
    }

    @Test func listsTheFiles() throws {
        #expect(try scaffold().files().map(\.path) == [
            "Package.swift",
            "Sources/HelloWorldPlugin/HelloWorldSkill.swift",
            "Tests/HelloWorldPluginTests/HelloWorldSkillTests.swift",
            "README.md",
            ".gitignore",
        ])
    }

    @Test func manifestDependsOnSkillHubByPath() throws {
        let manifest = contents(try scaffold(skillHub: "/work/main"), "Package.swift")
        #expect(manifest.hasPrefix("// swift-tools-version: 6.1\n"))
        #expect(manifest.contains(#".package(path: "/work/main")"#))
        #expect(manifest.contains(#".product(name: "SkillKit", package: "main")"#))
        #expect(manifest.contains(#".library(name: "SkillHubPluginHelloWorld", type: .dynamic, targets: ["HelloWorldPlugin"])"#))
        #expect(manifest.contains(#"name: "HelloWorldPluginTests""#))
        #expect(manifest.contains("swiftLanguageModes: [.v6]"))
    }

    @Test func manifestEscapesThePath() throws {
        let manifest = contents(try scaffold(skillHub: #"/src/my "hub"\x"#), "Package.swift")
        #expect(manifest.contains(#".package(path: "/src/my \"hub\"\\x")"#))
    }

    @Test func skillNamesThePlugin() throws {
        let skill = contents(try scaffold(), "Sources/HelloWorldPlugin/HelloWorldSkill.swift")
        #expect(skill.contains("struct HelloWorldSkill: Skill"))
        #expect(skill.contains(#"name: "hello-world""#))
        #expect(skill.contains(#"name: "hello""#))
        #expect(skill.contains(#"HelloOutput(greeting: "Hello, \(input.name)!")"#))
        #expect(skill.contains(#"@_cdecl("skillhub_plugin_entry")"#))
        #expect(skill.contains("SkillExport.entry(HelloWorldSkill.self)"))
    }

    @Test func testAndReadmeAndIgnores() throws {
        let scaffold = try scaffold()
        #expect(contents(scaffold, "Tests/HelloWorldPluginTests/HelloWorldSkillTests.swift").contains("@testable import HelloWorldPlugin"))
        let readme = contents(scaffold, "README.md")
        #expect(readme.contains("SKILLHUB_PLUGINS_DIR=$(swift build --show-bin-path) SKILLHUB_PLUGINS=hello-world"))
        #expect(readme.contains("/api/v1/skills/hello-world/invoke"))
        #expect(contents(scaffold, ".gitignore").split(separator: "\n").contains(".build/"))
        #expect(contents(scaffold, ".gitignore").split(separator: "\n").contains("Package.resolved"))
    }

    @Test func writesIntoANewOrEmptyDirectory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let scaffold = try scaffold()
        let written = try scaffold.write(to: root.appendingPathComponent("new/hello-world").path)
        #expect(written.count == 5)
        let manifest = try String(contentsOf: root.appendingPathComponent("new/hello-world/Package.swift"), encoding: .utf8)
        #expect(manifest == contents(scaffold, "Package.swift"))

        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(try scaffold.write(to: empty).count == 5)
    }

    @Test func refusesANonEmptyDirectoryOrAFile() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let keep = root.appendingPathComponent("keep.txt")
        try Data("mine".utf8).write(to: keep)
        let scaffold = try scaffold()
        let error = #expect(throws: PluginScaffoldError.self) { try scaffold.write(to: root.path) }
        #expect(error == .directoryNotEmpty(root.standardizedFileURL.path))
        #expect(error?.description.contains("not empty") == true)
        #expect(try String(contentsOf: keep, encoding: .utf8) == "mine")
        #expect(throws: PluginScaffoldError.notADirectory(keep.standardizedFileURL.path)) { try scaffold.write(to: keep.path) }
    }
}

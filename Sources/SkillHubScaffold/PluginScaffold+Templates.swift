import Foundation

/// The contents of the generated files.
extension PluginScaffold {
    /// `text` as a Swift string literal (quotes and backslashes escaped).
    static func swiftStringLiteral(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    var packageManifest: String {
        let identity = Self.swiftStringLiteral(skillHubPackageIdentity)
        return #"""
        // swift-tools-version: 6.1
        import PackageDescription

        // The SkillHub plugin `\#(name)`: `swift build` makes \#(libraryFileName),
        // which SkillHub loads from SKILLHUB_PLUGINS_DIR (see README.md).
        let package = Package(
            name: "\#(productName)",
            platforms: [.macOS(.v14)],
            products: [
                .library(name: "\#(productName)", type: .dynamic, targets: ["\#(targetName)"]),
            ],
            dependencies: [
                // SkillHub, for SkillKit (the Swift SDK for plugins). Its package is
                // named by the last component of the path: \#(identity).
                .package(path: \#(Self.swiftStringLiteral(skillHubPath))),
            ],
            targets: [
                .target(
                    name: "\#(targetName)",
                    dependencies: [
                        .product(name: "SkillKit", package: \#(identity)),
                    ]
                ),
                .testTarget(
                    name: "\#(testTargetName)",
                    dependencies: [
                        "\#(targetName)",
                        .product(name: "SkillKit", package: \#(identity)),
                    ]
                ),
            ],
            swiftLanguageModes: [.v6]
        )

        """#
    }

    var skillSource: String {
        #"""
        import SkillKit

        /// `\#(name)`: a SkillHub plugin. Its one capability, `hello`, greets
        /// by name: `{"name": "Ada"}` → `{"greeting": "Hello, Ada!"}`.
        struct \#(skillTypeName): Skill {
            static let descriptor = SkillDescriptor(
                name: "\#(name)",
                version: "0.1.0",
                description: "Greets by name",
                capabilities: [
                    .init(
                        name: "hello",
                        description: "answers a greeting for a name",
                        category: "general",
                        // JSON Schema of the input: the host checks it before the call reaches the plugin.
                        parameters: [
                            "type": "object",
                            "required": ["name"],
                            "properties": ["name": ["type": "string", "minLength": 1, "maxLength": 200]],
                        ]
                    ),
                ]
            )

            struct HelloInput: Codable, Sendable, Equatable {
                var name: String
            }

            struct HelloOutput: Codable, Sendable, Equatable {
                var greeting: String
            }

            /// The skill's logic, kept apart from the host so that tests call it directly.
            static func hello(_ input: HelloInput) -> HelloOutput {
                HelloOutput(greeting: "Hello, \(input.name)!")
            }

            init(context: SkillContext) async throws {
                context.log(.info, "\#(name) ready")
            }

            func invoke(_ request: SkillRequest, context: SkillContext) async throws -> SkillResponse {
                switch request.capability {
                case "hello":
                    return try SkillResponse(json: Self.hello(try request.decode(HelloInput.self)))
                default:
                    throw SkillError.unknownCapability(request.capability)
                }
            }
        }

        /// The one symbol SkillHub looks for in the library.
        @_cdecl("skillhub_plugin_entry")
        public func skillhubPluginEntry(_ hostABIMajor: UInt16, _ hostABIMinor: UInt16) -> UnsafeRawPointer? {
            SkillExport.entry(\#(skillTypeName).self)
        }

        """#
    }

    var testSource: String {
        #"""
        import SkillKit
        import Testing
        @testable import \#(targetName)

        @Suite("\#(name)")
        struct \#(skillTypeName)Tests {
            @Test func greetsByName() {
                #expect(\#(skillTypeName).hello(.init(name: "Ada")) == .init(greeting: "Hello, Ada!"))
            }

            @Test func describesItself() {
                let descriptor = \#(skillTypeName).descriptor
                #expect(descriptor.name == "\#(name)")
                #expect(descriptor.capabilities.map(\.name) == ["hello"])
            }

            @Test func decodesTheInput() throws {
                let request = SkillRequest(capability: "hello", input: Array(#"{"name": "Ada"}"#.utf8))
                #expect(try request.decode(\#(skillTypeName).HelloInput.self) == .init(name: "Ada"))
            }

            @Test func refusesInputWithoutAName() {
                let request = SkillRequest(capability: "hello", input: Array(#"{"nom": "Ada"}"#.utf8))
                let error = #expect(throws: SkillError.self) { try request.decode(\#(skillTypeName).HelloInput.self) }
                #expect(error?.status == .invalidInput)
            }
        }

        """#
    }

    var readme: String {
        #"""
        # \#(name)

        A SkillHub plugin: the skill `\#(name)`, built as the shared library
        `\#(libraryFileName)` and loaded into SkillHub through its plugin ABI.
        Its one capability, `hello`, answers `{"greeting": "Hello, <name>!"}` to
        `{"name": "<name>"}`.

        The package depends on the SkillHub checkout at `\#(skillHubPath)`
        (for SkillKit, the Swift SDK for plugins); change the path in
        `Package.swift` if the checkout moves. The skill is in
        `Sources/\#(targetName)/\#(skillTypeName).swift`; the plugin guide is
        `docs/plugins.md` in SkillHub.

        ## Build and test

        ```sh
        swift build     # makes $(swift build --show-bin-path)/\#(libraryFileName)
        swift test      # the skill's logic, without a host
        ```

        ## Run it in SkillHub

        SkillHub loads the plugins of `SKILLHUB_PLUGINS_DIR` named in
        `SKILLHUB_PLUGINS` (by the name in their descriptor). From this
        directory, with SkillHub's own stack (PostgreSQL, Redis) as `make run`
        starts it:

        ```sh
        PLUGIN_DIR=$(swift build --show-bin-path)
        (cd \#(shellQuoted(skillHubPath)) && SKILLHUB_PLUGINS_DIR=$PLUGIN_DIR SKILLHUB_PLUGINS=\#(name) make run)
        ```

        or, with a `skillhub` binary and its configuration at hand:

        ```sh
        SKILLHUB_PLUGINS_DIR=$(swift build --show-bin-path) SKILLHUB_PLUGINS=\#(name) skillhub serve
        ```

        The log says `plugin started` with `plugin=\#(name)`. Then, in another shell:

        ```sh
        KEY=$(cat \#(shellQuoted(skillHubPath + "/.skillhub/root-api-key")))   # or a user's API key
        curl -s -X POST localhost:8000/api/v1/skills/\#(name)/invoke -H "X-API-Key: $KEY" \
             -H 'Content-Type: application/json' -d '{"capability": "hello", "input": {"name": "Ada"}}' | jq .output
        # {"greeting": "Hello, Ada!"}
        curl -s localhost:8000/api/v1/admin/plugins -H "X-API-Key: $KEY" | jq '.result.plugins[] | {name, state, version}'
        ```

        After a change, `swift build` again and load the new library without a restart:

        ```sh
        curl -s -X POST localhost:8000/api/v1/admin/plugins/\#(name)/reload -H "X-API-Key: $KEY" | jq .result
        ```

        """#
    }

    var gitignore: String {
        """
        .build/
        .swiftpm/
        Package.resolved

        """
    }

    /// `text` quoted for a POSIX shell when it needs it.
    func shellQuoted(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "/._-+:@%".unicodeScalars.contains(scalar))
        }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}

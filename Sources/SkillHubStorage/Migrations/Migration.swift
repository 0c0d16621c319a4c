import Crypto
import Foundation
import SkillHubCore

/// One numbered SQL file of `migrations/`: `NNNN_name.sql`.
public struct Migration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var sql: String
    /// SHA-256 of the file's bytes, hex.
    public var checksum: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
        self.checksum = SHA256.hash(data: Data(sql.utf8)).lowercaseHex
    }

    /// `0001_registry`, as files and messages name it.
    public var identifier: String { Self.identifier(version: version, name: name) }

    public static func identifier(version: Int, name: String) -> String { String(format: "%04d_%@", version, name) }
}

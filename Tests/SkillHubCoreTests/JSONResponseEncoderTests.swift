import Foundation
import SkillHubCore
import Testing

@Suite("JSONResponseEncoder: JSONEncoder's response output, written directly")
struct JSONResponseEncoderTests {
    /// What the server's responses were encoded with (`JSONResponses.encoder`): the reference.
    static let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func native(_ value: some Encodable) throws -> String {
        String(decoding: try JSONResponseEncoder().encode(value), as: UTF8.self)
    }

    static func foundation(_ value: some Encodable) throws -> String {
        String(decoding: try foundation.encode(value), as: UTF8.self)
    }

    /// Asserts that both encoders write the same bytes for `value`.
    static func expectSameOutput(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let native = try JSONResponseEncoder().encode(value)
        let foundation = Array(try foundation.encode(value))
        #expect(native == foundation, "\(String(decoding: native, as: UTF8.self)) != \(String(decoding: foundation, as: UTF8.self))", sourceLocation: sourceLocation)
    }

    // MARK: Types

    enum Status: String, Encodable { case active, retired = "re-tired" }
    enum Priority: Int, Encodable { case low = 1, high = 10 }

    struct Endpoint: Encodable {
        var url: String
        var weight: Int
        var region: String?
        var headers: [String: String]?
    }

    struct Registration: Encodable {
        var name: String
        var version: Int
        var summary: String?
        var weight: Double
        var enabled: Bool
        var tags: [String]
        var endpoints: [Endpoint]
        var limits: [String: Int]
        var byPort: [Int: String]
        var createdAt: Date
        var updatedAt: Date?
        // Written in lowercase by both encoders: LowercaseUUIDEncoding's overload is picked for keyed members.
        var id: UUID
        var homepage: URL?
        var icon: Data?
        var input: JSONValue
        var metadata: [String: JSONValue]
        var ratio: Float
        var small: Int8
        var counts: [UInt16]
        var matrix: [[Int]]
        var optionals: [Int?]
        var byRegion: [String: [Endpoint]]
        var status: Status
        var priority: Priority
        var largest: Int64
        var unsigned: UInt64
        var price: Decimal

        enum CodingKeys: String, CodingKey {
            case name, version, summary, weight, enabled, tags, endpoints, limits, byPort = "by_port", createdAt = "created_at"
            case updatedAt = "updated_at", id, homepage, icon, input, metadata, ratio, small, counts, matrix, optionals
            case byRegion = "by-region", status, priority, largest, unsigned, price
        }
    }

    static let registration = Registration(
        name: "echo \"quoted\" / slashed \\ back\nline\ttab é 😀 \u{7F} \u{2028} \u{1}\u{8}\u{C}\u{1F}",
        version: 3, summary: nil, weight: 0.5, enabled: true, tags: ["a", "b/c", ""],
        endpoints: [
            Endpoint(url: "http://a/b?c=d", weight: 1, region: nil, headers: nil),
            Endpoint(url: "http://b", weight: -2, region: "eu", headers: ["X-B": "1", "x-a": "2", "Z": "3"]),
        ],
        limits: ["rps": 10, "burst": 20, "Burst": 30, "_": 0, "10": 1, "9": 2],
        byPort: [80: "http", 443: "https", 8080: "alt"],
        createdAt: Date(timeIntervalSince1970: 1_796_311_489.75), updatedAt: nil,
        id: UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!,
        homepage: URL(string: "https://example.com/a b?x=1"), icon: Data([0xFB, 0xFF, 0x01, 0x02]),
        input: ["text": "hello", "n": [1, 2.5, nil, true, ["deep": [], "Deep": [:]]], "big": 1e300, "tiny": 1e-7],
        metadata: ["k": [1, "v"], "b": false, "a": -0.0, "é": "accent", "e": 12_345_678_901_234],
        ratio: 0.1, small: -128, counts: [0, 65_535], matrix: [[1], [2, 3], []], optionals: [1, nil, 3],
        byRegion: ["eu": [Endpoint(url: "http://e", weight: 1, region: "eu-1", headers: [:])], "us": []],
        status: .retired, priority: .high, largest: .max, unsigned: .max, price: Decimal(string: "12.50")!)

    // MARK: Against JSONEncoder

    @Test func writesWhatJSONEncoderWrites() throws {
        try Self.expectSameOutput(Self.registration)
        try Self.expectSameOutput([Self.registration, Self.registration])
        try Self.expectSameOutput(["one": Self.registration])
        try Self.expectSameOutput(Self.registration.input)
        try Self.expectSameOutput(Self.registration.metadata)
        try Self.expectSameOutput(Self.registration.endpoints)
        try Self.expectSameOutput(Self.registration.name)
        try Self.expectSameOutput([Status.active, .retired])
        try Self.expectSameOutput([Priority.low: "low", .high: "high"])
        try Self.expectSameOutput(Int?.none)
        try Self.expectSameOutput([Int?.none, 1])
        try Self.expectSameOutput([[String: Int]]())
        try Self.expectSameOutput([String: Int]())
        try Self.expectSameOutput(JSONValue.object([:]))
    }

    @Test func writesIntegersExactly() throws {
        try Self.expectSameOutput([Int.min, -1, 0, 1, Int.max])
        try Self.expectSameOutput([Int8.min, Int8.max])
        try Self.expectSameOutput([Int16.min, Int16.max])
        try Self.expectSameOutput([Int32.min, Int32.max])
        try Self.expectSameOutput([Int64.min, Int64.max])
        try Self.expectSameOutput([UInt.max, 0])
        try Self.expectSameOutput([UInt8.max])
        try Self.expectSameOutput([UInt16.max])
        try Self.expectSameOutput([UInt32.max])
        try Self.expectSameOutput([UInt64.max])
        try Self.expectSameOutput(Integers())
        #expect(try Self.native(Integers()) == #"{"i":-9223372036854775808,"i16":-32768,"i32":-2147483648,"i64":9223372036854775807,"i8":-128,"u":18446744073709551615,"u16":65535,"u32":4294967295,"u64":0,"u8":255}"#)
        #expect(try Self.native(Int64.max) == "9223372036854775807")
        #expect(try Self.native(UInt64.max) == "18446744073709551615")
    }

    @available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
    @Test func writes128BitIntegersExactly() throws {
        try Self.expectSameOutput([Int128.min, Int128.max])
        try Self.expectSameOutput([UInt128.max])
        try Self.expectSameOutput(WideIntegers())
        #expect(try Self.native(WideIntegers()) == #"{"signed":-170141183460469231731687303715884105728,"unsigned":340282366920938463463374607431768211455}"#)
    }

    @Test func writesNumbersAsJSONEncoderDoes() throws {
        let doubles: [Double] = [30, -2, 0.5, 1e-7, 0, -0.0, 0.1, 1e15, 0x1p53 - 1, 0x1p53, 0x1p53 + 2, 1e16, 1.5e300, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        #expect(try Self.native(doubles) == "[30,-2,0.5,1e-07,0,-0,0.1,1000000000000000,9007199254740991,9007199254740992,9.007199254740994e+15,1e+16,1.5e+300,5e-324,1.7976931348623157e+308]")
        try Self.expectSameOutput(doubles)
        let floats: [Float] = [0.1, 16_777_216, 3e7, -0.0, 1e-7, 2.5, .greatestFiniteMagnitude]
        #expect(try Self.native(floats) == "[0.1,16777216,3e+07,-0,1e-07,2.5,3.4028235e+38]")
        try Self.expectSameOutput(floats)

        var random = SplitMix64(state: 7)
        var someDoubles: [Double] = []
        var someFloats: [Float] = []
        while someDoubles.count < 20_000 {
            // Any bit pattern; whole numbers of every magnitude (where the two ways of writing meet).
            let any = Double(bitPattern: random.next())
            if any.isFinite { someDoubles.append(any) }
            someDoubles.append(Double(Int64(bitPattern: random.next()) >> (random.next() % 64)))
            let anyFloat = Float(bitPattern: UInt32(truncatingIfNeeded: random.next()))
            if anyFloat.isFinite { someFloats.append(anyFloat) }
            someFloats.append(Float(Int32(truncatingIfNeeded: random.next()) >> (random.next() % 32)))
        }
        try Self.expectSameOutput(someDoubles)
        try Self.expectSameOutput(someFloats)
        try Self.expectSameOutput(JSONValue.array(someDoubles.map(JSONValue.number)))
    }

    @Test func writesDatesAsJSONEncoderDoes() throws {
        var random = SplitMix64(state: 11)
        var dates: [Date] = [.distantPast, .distantFuture, Date(timeIntervalSinceReferenceDate: 0)]
        for _ in 0..<20_000 {
            // Mostly in years 1582 to 9999 (written here), some before and after (left to Foundation's formatter).
            let seconds = Double(random.next() % 340_000_000_000) - 15_000_000_000 + Double(random.next() % 1_000) / 1_000
            dates.append(Date(timeIntervalSince1970: seconds))
        }
        try Self.expectSameOutput(dates)
    }

    @Test func tellsCodingPaths() throws {
        func paths(nestedContainers: Bool, encodedBy encode: (Paths) throws -> Void) rethrows -> [String] {
            let log = PathLog()
            try encode(Paths(log: log, depth: 0, nestedContainers: nestedContainers))
            return log.paths
        }
        let native = try paths(nestedContainers: false) { _ = try JSONResponseEncoder().encode($0) }
        let foundation = try paths(nestedContainers: false) { _ = try Self.foundation.encode($0) }
        #expect(native == foundation)
        #expect(native.contains("unkeyed.Index 1.dictionary.key") && native.contains("super.single"))
        // JSONEncoder leaves the keys of nested containers out of the paths of the values in them
        // ("Index 0" for "nested.unkeyed.Index 0"); JSONValueDecoder and this encoder keep them.
        let nested = try paths(nestedContainers: true) { _ = try JSONResponseEncoder().encode($0) }
        for path in ["nested", "nested.single", "nested.super", "nested.unkeyed", "nested.unkeyed.Index 0", "nested.unkeyed.Index 1.keyed", "nested.unkeyed.Index 2"] {
            #expect(nested.contains(path), "\(path)")
        }
    }

    @Test func throwsAsJSONEncoderDoes() throws {
        func failure(_ encode: () throws -> Any) -> String {
            do {
                _ = try encode()
                return "no error"
            } catch let EncodingError.invalidValue(_, context) {
                return "\(context.codingPath.map(\.stringValue)) \(context.debugDescription)"
            } catch {
                return "\(error)"
            }
        }
        func expectSameFailure(_ value: some Encodable, sourceLocation: SourceLocation = #_sourceLocation) {
            let native = failure { try JSONResponseEncoder().encode(value) }
            let foundation = failure { try Self.foundation.encode(value) }
            #expect(native == foundation, sourceLocation: sourceLocation)
            #expect(native != "no error", sourceLocation: sourceLocation)
        }
        expectSameFailure(Double.nan)
        expectSameFailure(Float.infinity)
        expectSameFailure(["a": [1, -Double.infinity]])
        expectSameFailure(Endpoints(values: [.nan]))
        expectSameFailure(Nothing())
        var registration = Self.registration
        registration.ratio = .nan
        expectSameFailure(registration)
        registration = Self.registration
        registration.metadata["k"] = ["x", ["deep": .number(.infinity)]]
        expectSameFailure(registration)
        #expect(failure { try JSONResponseEncoder().encode(Nothing()) } == "[] Top-level Nothing did not encode any values.")
    }

    // MARK: Objects

    @Test func sortsKeysByTheirBytes() throws {
        let value = ["b": 1, "B": 2, "a": 3, "10": 4, "9": 5, "_": 6, "é": 7, "z": 8, "a1": 9, "a10": 10, "a2": 11, "😀": 12]
        #expect(try Self.native(value) == #"{"10":4,"9":5,"B":2,"_":6,"a":3,"a1":9,"a10":10,"a2":11,"b":1,"z":8,"é":7,"😀":12}"#)
        try Self.expectSameOutput(value)
    }

    @Test func usesCodingKeysAndLeavesOutNil() throws {
        let endpoint = Endpoint(url: "http://a", weight: 1, region: nil, headers: nil)
        #expect(try Self.native(endpoint) == #"{"url":"http://a","weight":1}"#)
        #expect(try Self.native(Renamed(firstName: "Ada", lastName: nil)) == #"{"first_name":"Ada","last_name":null}"#)
        try Self.expectSameOutput(Renamed(firstName: "Ada", lastName: nil))
    }

    @Test func keepsTheLastValueOfAKeyEncodedTwice() throws {
        #expect(try Self.native(Twice()) == #"{"a":"second","b":{"c":2}}"#)
        try Self.expectSameOutput(Twice())
    }

    @Test func writesDictionaries() throws {
        #expect(try Self.native([80: "http", 443: "https", 8080: "alt"]) == #"{"443":"https","80":"http","8080":"alt"}"#)
        #expect(try Self.native(["x": [1, 2], "a": []]) == #"{"a":[],"x":[1,2]}"#)
        try Self.expectSameOutput([80: ["a": true]])
    }

    @Test func writesRawValuesOfEnums() throws {
        #expect(try Self.native([Status.active, .retired]) == #"["active","re-tired"]"#)
        #expect(try Self.native(["p": Priority.high]) == #"{"p":10}"#)
    }

    // MARK: Special types

    @Test func writesDatesInWholeSecondsOfUTC() throws {
        let dates: [(TimeInterval, String)] = [
            (0, "1970-01-01T00:00:00Z"),
            (1_709_251_199, "2024-02-29T23:59:59Z"),
            (1_796_311_489.999, "2026-12-03T15:24:49Z"),
            (-1, "1969-12-31T23:59:59Z"),
            (-0.25, "1969-12-31T23:59:59Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (4_107_542_399, "2100-02-28T23:59:59Z"),
            (-12_219_292_800, "1582-10-15T00:00:00Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"),
        ]
        for (seconds, text) in dates {
            #expect(try Self.native(Date(timeIntervalSince1970: seconds)) == "\"\(text)\"")
        }
        try Self.expectSameOutput(dates.map { Date(timeIntervalSince1970: $0.0) })
    }

    @Test func writesUUIDsInLowercase() throws {
        let id = UUID(uuidString: "6F9619FF-8B86-D011-B42D-00C04FC964FF")!
        #expect(try Self.native(id) == #""6f9619ff-8b86-d011-b42d-00c04fc964ff""#)
        #expect(try Self.native([id]) == #"["6f9619ff-8b86-d011-b42d-00c04fc964ff"]"#)
        #expect(try Self.native([id]) == (try Self.foundation([id])).lowercased())
        #expect(try Self.native(Identified(id: id)) == #"{"id":"6f9619ff-8b86-d011-b42d-00c04fc964ff"}"#)
    }

    @Test func writesDataURLsAndDecimals() throws {
        #expect(try Self.native(Data([0xFB, 0xFF, 0x01])) == #""+/8B""#)
        #expect(try Self.native(Data()) == #""""#)
        #expect(try Self.native(URL(string: "rel/path", relativeTo: URL(string: "https://x.com/base/"))!) == #""https://x.com/base/rel/path""#)
        #expect(try Self.native(Decimal(string: "-12.50")!) == "-12.5")
        try Self.expectSameOutput([Data(), Data([0xFB, 0xFF, 0x01])])
        try Self.expectSameOutput(URL(string: "rel/path", relativeTo: URL(string: "https://x.com/base/"))!)
        try Self.expectSameOutput([Decimal(string: "-12.50")!, Decimal(string: "1e-30")!, 0])
    }

    @Test func writesJSONValuesDirectly() throws {
        let value: JSONValue = ["z": [1, 2.5, "x", nil, false], "a": ["y": -3, "b": [:]], "m": []]
        #expect(try Self.native(value) == #"{"a":{"b":{},"y":-3},"m":[],"z":[1,2.5,"x",null,false]}"#)
        #expect(try Self.native(["k": value]) == #"{"k":{"a":{"b":{},"y":-3},"m":[],"z":[1,2.5,"x",null,false]}}"#)
        try Self.expectSameOutput(value)
        try Self.expectSameOutput([value, nil, "s"])
    }

    // MARK: Strings

    @Test func escapesOnlyWhatJSONEncoderEscapes() throws {
        #expect(try Self.native("a/b \"q\" \\ é 😀") == #""a/b \"q\" \\ é 😀""#)
        #expect(try Self.native("\n\r\t\u{8}\u{C}\u{0}\u{1F}\u{7F}") == "\"\\n\\r\\t\\b\\f\\u0000\\u001f\u{7F}\"")
        var everyByte = ""
        for scalar in (0..<0x80).compactMap(Unicode.Scalar.init) { everyByte.unicodeScalars.append(scalar) }
        try Self.expectSameOutput(everyByte)
        try Self.expectSameOutput([everyByte: everyByte])
    }

    // MARK: Containers

    @Test func writesEmptyContainers() throws {
        #expect(try Self.native(EmptyContainers()) == #"{"keyed":{},"unkeyed":[]}"#)
        #expect(try Self.native([Nothing()]) == "[{}]")
        try Self.expectSameOutput(EmptyContainers())
        try Self.expectSameOutput(Holder())
    }

    @Test func fillsNestedContainersLater() throws {
        #expect(try Self.native(FilledLater()) == #"{"a":{"a":"filled","b":3},"b":[[1],true],"c":1}"#)
        try Self.expectSameOutput(FilledLater())
    }

    @Test func encodesThroughSuperEncoders() throws {
        #expect(try Self.native(Supers()) == #"{"a":3,"b":[1,[9],2],"super":{}}"#)
        try Self.expectSameOutput(Supers())
    }

    @Test func encodesSubclassesWithTheirSuperclass() throws {
        #expect(try Self.native(Dog(name: "Rex", breed: "collie")) == #"{"breed":"collie","super":{"name":"Rex"}}"#)
        #expect(try Self.native(Cat(name: "Tom", lives: 9)) == #"{"lives":9,"name":"Tom"}"#)
        try Self.expectSameOutput([Dog(name: "Rex", breed: "collie")])
        try Self.expectSameOutput([Cat(name: "Tom", lives: 9)])
    }
}

// MARK: - Test types

/// A value that encodes nothing.
private struct Nothing: Encodable {
    func encode(to encoder: any Encoder) throws {}
}

private struct Holder: Encodable {
    var nothing = Nothing()
    var nothings = [Nothing(), Nothing()]
}

private struct EmptyContainers: Encodable {
    enum CodingKeys: CodingKey { case keyed, unkeyed }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        _ = container.nestedContainer(keyedBy: CodingKeys.self, forKey: .keyed)
        _ = container.nestedUnkeyedContainer(forKey: .unkeyed)
    }
}

private struct Renamed: Encodable {
    var firstName: String
    var lastName: String?

    enum CodingKeys: String, CodingKey {
        case firstName = "first_name", lastName = "last_name"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(firstName, forKey: .firstName)
        if let lastName { try container.encode(lastName, forKey: .lastName) } else { try container.encodeNil(forKey: .lastName) }
    }
}

private struct Integers: Encodable {
    var i = Int.min, i8 = Int8.min, i16 = Int16.min, i32 = Int32.min, i64 = Int64.max
    var u = UInt.max, u8 = UInt8.max, u16 = UInt16.max, u32 = UInt32.max, u64 = UInt64.min
}

@available(macOS 15.0, iOS 18.0, watchOS 11.0, tvOS 18.0, visionOS 2.0, *)
private struct WideIntegers: Encodable {
    var signed = Int128.min
    var unsigned = UInt128.max
}

private struct Identified: Encodable {
    var id: UUID
}

private struct Endpoints: Encodable {
    var values: [Double]
}

/// Keys encoded twice: the last value stays, as with `JSONEncoder`.
private struct Twice: Encodable {
    enum CodingKeys: CodingKey { case a, b, c }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(1, forKey: .a)
        try container.encode("second", forKey: .a)
        var first = container.nestedContainer(keyedBy: CodingKeys.self, forKey: .b)
        try first.encode(1, forKey: .c)
        var again = container.nestedContainer(keyedBy: CodingKeys.self, forKey: .b)
        try again.encode(2, forKey: .c)
    }
}

/// Nested containers taken first and filled after other members were encoded.
private struct FilledLater: Encodable {
    enum CodingKeys: CodingKey { case a, b, c }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var object = container.nestedContainer(keyedBy: CodingKeys.self, forKey: .a)
        var array = container.nestedUnkeyedContainer(forKey: .b)
        try container.encode(1, forKey: .c)
        var inner = array.nestedUnkeyedContainer()
        try object.encode("filled", forKey: .a)
        try array.encode(true)
        try inner.encode(1)
        var objectAgain = container.nestedContainer(keyedBy: CodingKeys.self, forKey: .a)
        try objectAgain.encode(3, forKey: .b)
    }
}

private struct Supers: Encodable {
    enum CodingKeys: CodingKey { case a, b }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        _ = container.superEncoder()
        var single = container.superEncoder(forKey: .a).singleValueContainer()
        try single.encode(3)
        var array = container.nestedUnkeyedContainer(forKey: .b)
        try array.encode(1)
        let itemEncoder = array.superEncoder()
        try array.encode(2)
        var item = itemEncoder.unkeyedContainer()
        try item.encode(9)
    }
}

private class Animal: Encodable {
    let name: String

    init(name: String) {
        self.name = name
    }

    enum CodingKeys: CodingKey { case name }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
    }
}

/// Encodes its superclass into "super".
private final class Dog: Animal {
    let breed: String

    init(name: String, breed: String) {
        self.breed = breed
        super.init(name: name)
    }

    enum DogKeys: CodingKey { case breed }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DogKeys.self)
        try container.encode(breed, forKey: .breed)
        try super.encode(to: container.superEncoder())
    }
}

/// Encodes its superclass into its own object.
private final class Cat: Animal {
    let lives: Int

    init(name: String, lives: Int) {
        self.lives = lives
        super.init(name: name)
    }

    enum CatKeys: CodingKey { case lives }

    override func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CatKeys.self)
        try container.encode(lives, forKey: .lives)
        try super.encode(to: encoder)
    }
}

private final class PathLog {
    var paths: [String] = []

    func record(_ path: [any CodingKey]) {
        paths.append(path.map(\.stringValue).joined(separator: "."))
    }
}

/// Records the coding paths it is encoded at, in every kind of container, down to depth 2.
private struct Paths: Encodable {
    let log: PathLog
    let depth: Int
    let nestedContainers: Bool

    enum CodingKeys: CodingKey { case keyed, nested, unkeyed, single, dictionary }

    func encode(to encoder: any Encoder) throws {
        log.record(encoder.codingPath)
        guard depth < 2 else {
            var container = encoder.singleValueContainer()
            try container.encode(depth)
            return
        }
        let child = Paths(log: log, depth: depth + 1, nestedContainers: nestedContainers)
        var container = encoder.container(keyedBy: CodingKeys.self)
        log.record(container.codingPath)
        try container.encode(child, forKey: .keyed)
        try container.encode([child, child], forKey: .unkeyed)
        try container.encode(["key": child], forKey: .dictionary)
        try child.encode(to: container.superEncoder())
        try child.encode(to: container.superEncoder(forKey: .single))
        guard nestedContainers else { return }
        var nested = container.nestedContainer(keyedBy: CodingKeys.self, forKey: .nested)
        log.record(nested.codingPath)
        try nested.encode(child, forKey: .single)
        try child.encode(to: nested.superEncoder())
        var unkeyed = nested.nestedUnkeyedContainer(forKey: .unkeyed)
        log.record(unkeyed.codingPath)
        try unkeyed.encode(child)
        var deeper = unkeyed.nestedContainer(keyedBy: CodingKeys.self)
        try deeper.encode(child, forKey: .keyed)
        try child.encode(to: unkeyed.superEncoder())
    }
}

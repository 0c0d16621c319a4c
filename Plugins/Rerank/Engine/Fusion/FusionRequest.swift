import SkillHubCore

/// A `fuse` call: `{"lists": [[…], …], "k": 60, "top_n": 10}`.
///
/// Each list is ranked best first; an item is an id string or an object with a string
/// `"id"` (its other members are carried into the result's `item`).
struct FusionRequest {
    /// The ids of each list, in rank order.
    var lists: [[String]]
    /// The object given for each id, merged across lists (the first list's members win).
    var items: [String: [String: JSONValue]]
    var k: Double?
    var topN: Int?

    /// Parses and checks a `fuse` input.
    init(_ input: [String: JSONValue], maxItemsPerList: Int) throws {
        guard case .array(let rawLists)? = input["lists"] else {
            throw RerankError.invalidInput("lists is required: an array of ranked lists, each an array of ids or {\"id\": …} objects")
        }
        guard !rawLists.isEmpty else { throw RerankError.invalidInput("lists must hold at least one list") }
        k = try InputReader.nonNegativeNumber(input["k"], name: "k")
        topN = try InputReader.positiveInteger(input["top_n"], name: "top_n")
        lists = []
        items = [:]
        for (listIndex, rawList) in rawLists.enumerated() {
            guard case .array(let rawItems) = rawList else {
                throw RerankError.invalidInput("lists[\(listIndex)] must be an array")
            }
            guard rawItems.count <= maxItemsPerList else {
                throw RerankError.invalidInput("lists[\(listIndex)] has \(rawItems.count) items; the most is \(maxItemsPerList) (rerank_max_documents)")
            }
            lists.append(try rawItems.enumerated().map { position, item in
                try record(item, at: "lists[\(listIndex)][\(position)]")
            })
        }
    }

    /// The id of `item`, remembering its members.
    private mutating func record(_ item: JSONValue, at path: String) throws -> String {
        switch item {
        case .string(let id) where !id.isEmpty:
            return id
        case .object(let members):
            guard case .string(let id)? = members["id"], !id.isEmpty else {
                throw RerankError.invalidInput("\(path) must have a non-empty string \"id\"")
            }
            items[id, default: [:]].merge(members) { first, _ in first }
            return id
        default:
            throw RerankError.invalidInput("\(path) must be a non-empty id string or an object with a string \"id\"")
        }
    }
}

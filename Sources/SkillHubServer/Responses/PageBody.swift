/// One page of a spec-route listing: `{<items key>: […], total, page, page_size}`.
struct PageBody<Item: Encodable>: Encodable {
    /// The name of the list (`skills`, `capabilities`).
    var itemsKey: String
    var items: [Item]
    var total: Int
    var pagination: Pagination

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(items, forKey: Key(stringValue: itemsKey))
        try container.encode(total, forKey: Key(stringValue: "total"))
        try container.encode(pagination.page, forKey: Key(stringValue: "page"))
        try container.encode(pagination.pageSize, forKey: Key(stringValue: "page_size"))
    }
}

/// `page` (from 1) and `page_size` of a spec-route listing.
struct Pagination {
    var page: Int
    var pageSize: Int
    var offset: Int { (page - 1) * pageSize }
}

extension QueryParameters {
    /// `page` (default 1) and `page_size` (default 20, at most 100).
    mutating func pagination() -> Pagination {
        Pagination(page: integer("page", default: 1, in: 1...100_000), pageSize: integer("page_size", default: 20, in: 1...100))
    }
}

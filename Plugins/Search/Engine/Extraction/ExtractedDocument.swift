/// The text of a document, ready for chunking.
public struct ExtractedDocument: Sendable, Hashable {
    /// The format the text was extracted from.
    public var format: DocumentFormat
    /// The text: UTF-8, LF line ends, no byte order mark, no NUL or other control characters besides
    /// tab and line feed. HTML headings appear as Markdown headings (`## Title`); PDF pages are
    /// separated by a blank line.
    public var text: String
    /// The title: HTML's `<title>`, a PDF's metadata title, a Markdown document's first level-1
    /// heading; nil when there is none.
    public var title: String?
    /// For a PDF, each page that has text, in order; empty for other formats.
    public var pages: [PageSpan]

    public init(format: DocumentFormat, text: String, title: String? = nil, pages: [PageSpan] = []) {
        self.format = format
        self.text = text
        self.title = title
        self.pages = pages
    }

    /// The number of the page holding the character at `offset`, nil when the document has no pages
    /// or the offset falls between pages.
    public func page(atCharacter offset: Int) -> Int? {
        var low = 0
        var high = pages.count
        while low < high {
            let middle = (low + high) / 2
            if pages[middle].characterEnd <= offset {
                low = middle + 1
            } else {
                high = middle
            }
        }
        guard low < pages.count, pages[low].characterStart <= offset else {
            return nil
        }
        return pages[low].number
    }
}

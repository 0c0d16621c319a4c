/// The visible text of an HTML document and its `<title>`.
///
/// A tolerant scanner, not a full HTML parser: it drops comments, `<head>`, `<script>`, `<style>`,
/// `<noscript>`, `<template>` and `<svg>` contents, turns block elements into line breaks and
/// `<h1>`–`<h6>` into Markdown headings (so heading-aware chunking works on HTML), separates table
/// cells by tabs, keeps `<pre>` text as written and decodes character references.
enum HTMLTextExtractor {
    static func extract(_ html: String) -> (text: String, title: String?) {
        let scalars = Array(html.unicodeScalars)
        var builder = HTMLTextBuilder()
        var title: String?
        var inHead = false
        var preDepth = 0
        var headingOpen = false
        var index = 0
        let count = scalars.count

        while index < count {
            let scalar = scalars[index]
            if scalar == "<" {
                if starts(scalars, at: index, with: "<!--") {
                    index = find(scalars, "-->", from: index + 4).map { $0 + 3 } ?? count
                    continue
                }
                if starts(scalars, at: index, with: "<![CDATA[") {
                    let end = find(scalars, "]]>", from: index + 9) ?? count
                    if !inHead {
                        for inner in scalars[(index + 9)..<end] {
                            builder.append(inner, preformatted: preDepth > 0)
                        }
                    }
                    index = min(end + 3, count)
                    continue
                }
                if index + 1 < count, scalars[index + 1] == "!" || scalars[index + 1] == "?" {
                    index = find(scalars, ">", from: index + 2).map { $0 + 1 } ?? count
                    continue
                }
                if let tag = HTMLTag.parse(scalars, at: index) {
                    index = tag.end
                    let name = tag.name
                    if !tag.isClosing, rawTextElements.contains(name) {
                        if !tag.isSelfClosing {
                            index = skipRawText(scalars, element: name, from: index)
                        }
                        continue
                    }
                    if name == "title" {
                        if !tag.isClosing, !tag.isSelfClosing {
                            let end = findClosingTag(scalars, element: "title", from: index)
                            if title == nil {
                                let raw = decodeReferences(Array(scalars[index..<end.start]))
                                let collapsed = raw.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                                title = collapsed.isEmpty ? nil : collapsed
                            }
                            index = end.end
                        }
                        continue
                    }
                    if inHead, !tag.isClosing, !headElements.contains(name) {
                        // Body content without a `<body>`: the head has ended, as in a browser.
                        inHead = false
                    }
                    switch name {
                    case "head":
                        inHead = !tag.isClosing
                    case "body":
                        inHead = false
                    case "pre", "listing", "plaintext", "xmp":
                        preDepth = max(0, preDepth + (tag.isClosing ? -1 : 1))
                        builder.requestBreak(2)
                    case "br":
                        if !inHead { builder.lineBreak() }
                    case "h1", "h2", "h3", "h4", "h5", "h6":
                        if tag.isClosing {
                            if headingOpen {
                                builder.endHeading()
                                headingOpen = false
                            }
                        } else if !inHead {
                            if headingOpen { builder.endHeading() }
                            builder.beginHeading(level: Int(name.unicodeScalars.last.map { $0.value - 48 } ?? 1))
                            headingOpen = !tag.isSelfClosing
                            if tag.isSelfClosing { builder.endHeading() }
                        }
                    case "td", "th":
                        if !tag.isClosing { builder.cellBreak() }
                    default:
                        if paragraphElements.contains(name) {
                            builder.requestBreak(2)
                        } else if lineElements.contains(name) {
                            builder.requestBreak(1)
                        }
                    }
                    continue
                }
                // A lone `<` is text.
            }
            if inHead {
                if scalar.properties.isWhitespace {
                    index += 1
                    continue
                }
                inHead = false // text outside any head element starts the body
            }
            if scalar == "&", let reference = HTMLEntities.decode(scalars, at: index) {
                builder.append(reference.text, preformatted: preDepth > 0)
                index = reference.end
                continue
            }
            builder.append(scalar, preformatted: preDepth > 0)
            index += 1
        }
        return (builder.finish(), title)
    }

    /// Elements whose content is never visible text.
    private static let rawTextElements: Set<String> = [
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "textarea", "select",
    ]

    /// Elements that may stand in `<head>`; any other start tag ends it.
    private static let headElements: Set<String> = [
        "head", "title", "meta", "link", "base", "style", "script", "noscript", "template",
    ]

    /// Elements that open and close a paragraph (a blank line around them).
    private static let paragraphElements: Set<String> = [
        "p", "blockquote", "table", "ul", "ol", "dl", "hr", "figure", "section", "article", "aside",
        "header", "footer", "nav", "main", "form", "fieldset", "details", "address", "center",
    ]

    /// Elements that begin and end a line.
    private static let lineElements: Set<String> = [
        "div", "li", "dt", "dd", "tr", "thead", "tbody", "tfoot", "caption", "figcaption", "summary",
        "legend", "option", "label", "menu", "dialog", "hgroup",
    ]

    /// The index just past `</element ...>` after `start`, or the end of the input.
    private static func skipRawText(_ scalars: [Unicode.Scalar], element: String, from start: Int) -> Int {
        findClosingTag(scalars, element: element, from: start).end
    }

    /// Where `</element` starts after `start` (case-insensitive) and the index just past its `>`.
    private static func findClosingTag(_ scalars: [Unicode.Scalar], element: String, from start: Int) -> (start: Int, end: Int) {
        let needle = Array("</\(element)".unicodeScalars)
        var index = start
        while index + needle.count <= scalars.count {
            if scalars[index] == "<", matchesIgnoringCase(scalars, at: index, needle) {
                let after = index + needle.count
                if after == scalars.count || !HTMLEntities.isASCIIAlphanumeric(scalars[after]) {
                    let close = find(scalars, ">", from: after).map { $0 + 1 } ?? scalars.count
                    return (index, close)
                }
            }
            index += 1
        }
        return (scalars.count, scalars.count)
    }

    private static func matchesIgnoringCase(_ scalars: [Unicode.Scalar], at start: Int, _ needle: [Unicode.Scalar]) -> Bool {
        for (offset, expected) in needle.enumerated() {
            let actual = scalars[start + offset]
            let lowered = ("A"..."Z").contains(actual) ? Unicode.Scalar(actual.value + 32) ?? actual : actual
            if lowered != expected { return false }
        }
        return true
    }

    private static func starts(_ scalars: [Unicode.Scalar], at start: Int, with prefix: String) -> Bool {
        let needle = Array(prefix.unicodeScalars)
        return start + needle.count <= scalars.count && matchesIgnoringCase(scalars, at: start, needle.map {
            ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 32) ?? $0 : $0
        })
    }

    private static func find(_ scalars: [Unicode.Scalar], _ needle: String, from start: Int) -> Int? {
        let pattern = Array(needle.unicodeScalars)
        guard let first = pattern.first else { return start }
        var index = start
        while index + pattern.count <= scalars.count {
            if scalars[index] == first, scalars[index..<(index + pattern.count)].elementsEqual(pattern) {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func decodeReferences(_ scalars: [Unicode.Scalar]) -> String {
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "&", let reference = HTMLEntities.decode(scalars, at: index) {
                result.append(contentsOf: reference.text.unicodeScalars)
                index = reference.end
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return String(result)
    }
}

import Foundation

/// Builds small PDFs by hand: one Helvetica text object per line, pages in order, a correct xref.
public enum TestPDF {
    /// A PDF whose pages hold `pages[i]`'s lines (an empty page has no text at all); `encrypted` adds a
    /// standard security handler whose user password is not empty (the keys are made up), so that the
    /// document cannot be opened without a password.
    public static func make(pages: [[String]], title: String? = nil, encrypted: Bool = false) -> [UInt8] {
        var objects: [String] = []
        let pageCount = pages.count
        // 1 catalog, 2 pages, 3 font, 4 info, then per page: page object and contents.
        let kids = (0..<pageCount).map { "\(5 + 2 * $0) 0 R" }.joined(separator: " ")
        objects.append("<< /Type /Catalog /Pages 2 0 R >>")
        objects.append("<< /Type /Pages /Kids [\(kids)] /Count \(pageCount) >>")
        objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        objects.append("<< /Title (\(title ?? "")) /Producer (SkillHub tests) >>")
        for (index, lines) in pages.enumerated() {
            var content = ""
            if !lines.isEmpty {
                content = "BT /F1 12 Tf 14 TL 72 720 Td\n"
                for line in lines {
                    let escaped = line.replacingOccurrences(of: "\\", with: "\\\\")
                        .replacingOccurrences(of: "(", with: "\\(")
                        .replacingOccurrences(of: ")", with: "\\)")
                    content += "(\(escaped)) Tj T*\n"
                }
                content += "ET"
            } else {
                content = "0 0 1 rg 72 72 100 100 re f"
            }
            objects.append("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents \(6 + 2 * index) 0 R >>")
            objects.append("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream")
        }
        var output = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(output.utf8.count)
            output += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = output.utf8.count
        output += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets {
            let digits = String(offset)
            output += String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n"
        }
        var trailer = "/Size \(objects.count + 1) /Root 1 0 R /Info 4 0 R"
        if encrypted {
            let key = String(repeating: "7A", count: 32)
            trailer += " /Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <\(key)> /U <\(key)> >>"
            trailer += " /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]"
        }
        output += "trailer\n<< \(trailer) >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(output.utf8)
    }
}

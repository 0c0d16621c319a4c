import Foundation
import MultipartKit
import NIOCore
import SkillHubCore

/// A document uploaded as `multipart/form-data` (what `curl -F file=@doc.pdf` and browser forms
/// send), read into the `add_document` input: the `file` part becomes `content_base64` with its
/// `file_name` and `mime_type`; `title`, `text`, `url`, `file_name`, `mime_type` and
/// `ocr_languages` parts are text; `metadata` and `chunk_strategy` parts are JSON objects.
enum MultipartUpload {
    static let textFields: Set<String> = ["title", "text", "url", "file_name", "mime_type", "ocr_languages"]
    static let jsonFields: Set<String> = ["metadata", "chunk_strategy"]

    /// The boundary of a `multipart/form-data` content type; nil for any other type.
    static func boundary(of contentType: String?) -> String? {
        guard let contentType else { return nil }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("boundary=") {
            let value = parameter.dropFirst("boundary=".count)
            return String(value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 ? value.dropFirst().dropLast() : value)
        }
        return nil
    }

    /// The input fields of the upload; a part that is not one, a field twice, or JSON that is not an object is a field error.
    static func documentInput(_ body: [UInt8], boundary: String) throws -> [String: JSONValue] {
        let parts = try parse(body, boundary: boundary)
        var input: [String: JSONValue] = [:]
        var problems: [FieldError] = []
        for part in parts {
            guard let name = part.name else {
                problems.append(FieldError(field: "multipart", message: "a part has no name (Content-Disposition: form-data; name=…)"))
                continue
            }
            guard input[name == "file" ? "content_base64" : name] == nil else {
                problems.append(FieldError(field: name, message: "is given twice"))
                continue
            }
            if name == "file" {
                input["content_base64"] = .string(Data(part.body).base64EncodedString())
                if let fileName = part.fileName, input["file_name"] == nil { input["file_name"] = .string(fileName) }
                if let type = part.contentType, type.lowercased() != "application/octet-stream", input["mime_type"] == nil { input["mime_type"] = .string(type) }
            } else if textFields.contains(name) {
                input[name] = .string(String(decoding: part.body, as: UTF8.self))
            } else if jsonFields.contains(name) {
                guard let value = try? JSONValue(parsing: part.body), value.objectValue != nil else {
                    problems.append(FieldError(field: name, message: "must be a JSON object"))
                    continue
                }
                input[name] = value
            } else {
                problems.append(FieldError(field: name, message: "is not a field of a document upload (file, title, text, url, file_name, mime_type, metadata, chunk_strategy, ocr_languages)"))
            }
        }
        if !problems.isEmpty { throw SkillHubError.invalidFields(problems) }
        return input
    }

    struct Part {
        var headers: [(name: String, value: String)] = []
        var body: [UInt8] = []

        private var disposition: String? { headers.first { $0.name.lowercased() == "content-disposition" }?.value }
        var name: String? { disposition.flatMap { Self.parameter("name", in: $0) } }
        var fileName: String? { disposition.flatMap { Self.parameter("filename", in: $0) } }
        var contentType: String? { headers.first { $0.name.lowercased() == "content-type" }?.value }

        /// `name="value"` (or unquoted) in a header value.
        static func parameter(_ name: String, in header: String) -> String? {
            for item in header.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let pair = item.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].lowercased() == name else { continue }
                var value = pair[1]
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
                return String(value)
            }
            return nil
        }
    }

    static func parse(_ body: [UInt8], boundary: String) throws -> [Part] {
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var current = Part()
        parser.onHeader = { name, value in current.headers.append((name, value)) }
        parser.onBody = { buffer in current.body += buffer.readBytes(length: buffer.readableBytes) ?? [] }
        parser.onPartComplete = {
            parts.append(current)
            current = Part()
        }
        do {
            try parser.execute(body)
        } catch {
            throw SkillHubError.invalidField("body", "does not parse as multipart/form-data: \(error)", message: "the multipart/form-data body does not parse: \(error)")
        }
        guard !parts.isEmpty else { throw SkillHubError.invalidField("body", "has no parts", message: "the multipart/form-data body has no parts") }
        return parts
    }
}

import Crypto
import Foundation
import SearchEngine
import SkillKit

/// `add_document`: reads the document (given as text, base64 bytes or a URL fetched through the
/// host), recognises its format, extracts its text (images through the `ocr` skill), splits it
/// with the collection's chunk strategy (or the call's), and hands the chunks to the host's
/// store, which answers at once with the document's id and status while the embedding runs in
/// the background.
struct DocumentIngestor: Sendable {
    let configuration: SearchConfiguration

    func add(_ input: JSONValue, context: SkillContext) async throws -> JSONValue {
        guard let collection = input["collection"]?.stringValue else { throw SkillError(.invalidInput, "collection is required") }
        let source = try await read(input, context: context)
        let format: DocumentFormat
        do {
            format = try DocumentFormat.detect(source.bytes, fileName: source.fileName, mimeType: source.mimeType)
        } catch {
            throw SkillError(error)
        }
        let extracted = try await extract(source.bytes, format: format, languages: input["ocr_languages"]?.stringValue, context: context)
        let strategy = try await strategy(for: collection, given: input["chunk_strategy"], context: context)
        let chunks: [Chunk]
        do {
            chunks = try Chunker(strategy: strategy).chunks(of: extracted)
        } catch {
            throw SkillError(error)
        }
        let title = input["title"]?.stringValue ?? extracted.title ?? source.fileName ?? ""
        return try await context.store([
            "op": "document.add",
            "collection": .string(collection),
            "title": .string(title),
            "source": .string(source.description),
            "format": .string(format.rawValue),
            "checksum": .string(Array(SHA256.hash(data: source.bytes)).lowercaseHex),
            "byte_size": .number(Double(source.bytes.count)),
            "metadata": input["metadata"] ?? [:],
            "chunks": .array(chunks.map { chunk in
                var metadata: [String: JSONValue] = [:]
                if let page = chunk.page { metadata["page"] = .number(Double(page)) }
                return [
                    "text": .string(chunk.text),
                    "heading_path": .array(chunk.headingPath.map(JSONValue.string)),
                    "metadata": .object(metadata),
                ]
            }),
        ])
    }

    /// Where the document came from and its bytes.
    struct Source {
        var bytes: [UInt8]
        var fileName: String?
        var mimeType: String?
        var description: String
    }

    private func read(_ input: JSONValue, context: SkillContext) async throws -> Source {
        let given = ["text", "content_base64", "url"].filter { input[$0] != nil && input[$0] != .null }
        guard given.count == 1 else {
            throw SkillError(.invalidInput, "give exactly one of text, content_base64 and url (got \(given.isEmpty ? "none" : given.joined(separator: ", ")))")
        }
        let fileName = input["file_name"]?.stringValue
        let mimeType = input["mime_type"]?.stringValue
        let source: Source
        if let text = input["text"]?.stringValue {
            source = Source(bytes: Array(text.utf8), fileName: fileName, mimeType: mimeType ?? (fileName == nil ? "text/plain" : nil), description: fileName.map { "text:\($0)" } ?? "text")
        } else if let encoded = input["content_base64"]?.stringValue {
            guard let data = Data(base64Encoded: Self.strippingDataURL(encoded), options: .ignoreUnknownCharacters), !data.isEmpty else {
                throw SkillError(.invalidInput, "content_base64 is not valid base64")
            }
            source = Source(bytes: Array(data), fileName: fileName, mimeType: mimeType, description: "upload:\(fileName ?? "content")")
        } else if let url = input["url"]?.stringValue {
            let fetched = try await context.fetch(
                url, accept: "*/*", maxBytes: configuration.maxDocumentBytes, timeout: configuration.fetchTimeout, what: "the document (search_max_document_bytes)"
            )
            source = Source(bytes: fetched.body, fileName: fileName ?? fetched.fileName, mimeType: mimeType ?? fetched.contentType, description: "url:\(url)")
        } else {
            throw SkillError(.invalidInput, "text, content_base64 and url must be strings")
        }
        guard !source.bytes.isEmpty else { throw SkillError(.invalidInput, SearchEngineError.emptyDocument.description) }
        guard source.bytes.count <= configuration.maxDocumentBytes else {
            throw SkillError(.invalidInput, "the document is \(source.bytes.count) bytes, over the limit of \(configuration.maxDocumentBytes) (search_max_document_bytes)")
        }
        return source
    }

    /// The document's text: the engine's extraction, or the `ocr` skill's for an image.
    private func extract(_ bytes: [UInt8], format: DocumentFormat, languages: String?, context: SkillContext) async throws -> ExtractedDocument {
        guard format == .image else {
            do {
                return try TextExtractor.extract(bytes, format: format)
            } catch {
                throw SkillError(error)
            }
        }
        let recognized = try await context.invokeSkill(
            configuration.ocrSkill, capability: "recognize",
            input: ["image": .string(Data(bytes).base64EncodedString()), "languages": .string(languages ?? configuration.ocrLanguages)]
        )
        guard let text = recognized["text"]?.stringValue else {
            throw SkillError(.internal, "the \(configuration.ocrSkill) skill answered without text")
        }
        do {
            return try TextExtractor.extract(text: text, format: .text)
        } catch SearchEngineError.emptyDocument {
            throw SkillError(.invalidInput, "no text was recognised in the image")
        } catch {
            throw SkillError(error)
        }
    }

    /// The call's chunk strategy, else the collection's, else the defaults.
    private func strategy(for collection: String, given: JSONValue?, context: SkillContext) async throws -> ChunkStrategy {
        if let given, given != .null { return try ChunkStrategyReader.read(given) }
        let described = try await context.store(["op": "collection.get", "collection": .string(collection)])
        return try ChunkStrategyReader.read(described["settings"]?["chunk_strategy"])
    }

    /// Base64 after a `data:…;base64,` prefix, if there is one.
    static func strippingDataURL(_ text: String) -> String {
        guard text.hasPrefix("data:"), let comma = text.firstIndex(of: ",") else { return text }
        return String(text[text.index(after: comma)...])
    }
}

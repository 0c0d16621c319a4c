extension CORSSettings {
    /// Reads the CORS variables: nil (CORS off) when neither `CORS_ALLOW_ORIGINS` nor `ALLOWED_ORIGINS` is set.
    /// Lists are comma-separated or a JSON array (`ALLOWED_ORIGINS=["https://app.example.com"]`, as
    /// the dialogue backend writes it).
    static func read(_ reader: inout EnvironmentReader, warnings: inout [String]) -> CORSSettings? {
        let primary = reader.raw("CORS_ALLOW_ORIGINS")
        let seedName = reader.raw("ALLOWED_ORIGINS")
        if let primary, let seedName, parseList(primary) != parseList(seedName) {
            reader.report("ALLOWED_ORIGINS", "differs from CORS_ALLOW_ORIGINS; set one of the two")
        }
        let variable = primary == nil ? "ALLOWED_ORIGINS" : "CORS_ALLOW_ORIGINS"
        let methodsText = reader.raw("CORS_ALLOW_METHODS")
        let headersText = reader.raw("CORS_ALLOW_HEADERS")
        let credentials = reader.boolean("CORS_ALLOW_CREDENTIALS", default: false)
        guard let originsText = primary ?? seedName else {
            let stray = [("CORS_ALLOW_METHODS", methodsText), ("CORS_ALLOW_HEADERS", headersText)].filter { $0.1 != nil }.map(\.0)
                + (reader.raw("CORS_ALLOW_CREDENTIALS") == nil ? [] : ["CORS_ALLOW_CREDENTIALS"])
            if !stray.isEmpty {
                warnings.append("\(stray.joined(separator: ", ")) ignored: CORS is off until CORS_ALLOW_ORIGINS (or ALLOWED_ORIGINS) names origins")
            }
            return nil
        }

        let origins = parseList(originsText)
        var settings = CORSSettings(origins: .any, allowCredentials: credentials)
        if origins.isEmpty {
            reader.report(variable, "names no origin; expected *, or a comma-separated list (or JSON array) of scheme://host[:port]")
        } else if origins != ["*"] {
            var normalized: [String] = []
            for origin in origins {
                guard let checked = checkOrigin(origin) else {
                    reader.report(variable, "'\(origin)' is not an origin; expected * or scheme://host[:port] (http or https, no path)")
                    continue
                }
                normalized.append(checked)
            }
            settings.origins = .list(normalized)
        }

        if let methodsText {
            let methods = parseList(methodsText).map { $0.uppercased() }
            for method in methods where method != "*" && !isToken(method) {
                reader.report("CORS_ALLOW_METHODS", "'\(method)' is not a method; expected * or a comma-separated list such as GET,POST,PUT,DELETE,OPTIONS")
            }
            if methods.isEmpty { reader.report("CORS_ALLOW_METHODS", "names no method; expected * or a comma-separated list") }
            settings.methods = methods.contains("*") ? ["*"] : methods
        }
        if let headersText {
            let headers = parseList(headersText)
            for header in headers where header != "*" && !isToken(header) {
                reader.report("CORS_ALLOW_HEADERS", "'\(header)' is not a header name; expected * or a comma-separated list such as Authorization,Content-Type")
            }
            if headers.isEmpty { reader.report("CORS_ALLOW_HEADERS", "names no header; expected * or a comma-separated list") }
            settings.headers = headers.contains("*") ? ["*"] : headers
        }
        return settings
    }

    /// `a, b` or `["a", "b"]` → `[a, b]`, blanks dropped.
    static func parseList(_ text: String) -> [String] {
        var body = Substring(text.trimmingWhitespace())
        if body.hasPrefix("["), body.hasSuffix("]") { body = body.dropFirst().dropLast() }
        return body.split(separator: ",").map { item in
            var item = Substring(item.trimmingWhitespace())
            for quote in ["\"", "'"] where item.count >= 2 && item.hasPrefix(quote) && item.hasSuffix(quote) {
                item = item.dropFirst().dropLast()
            }
            return String(item)
        }.filter { !$0.isEmpty }
    }

    /// `scheme://host[:port]` in lowercase, a trailing `/` dropped; nil for anything else.
    static func checkOrigin(_ origin: String) -> String? {
        var lowered = origin.lowercased()
        if lowered.hasSuffix("/") { lowered.removeLast() }
        let scheme: String
        if lowered.hasPrefix("https://") {
            scheme = "https://"
        } else if lowered.hasPrefix("http://") {
            scheme = "http://"
        } else {
            return nil
        }
        let authority = lowered.dropFirst(scheme.count)
        guard !authority.isEmpty,
            authority.allSatisfy({ $0.isLetter || $0.isNumber || "-.:[]_".contains($0) }),
            let host = authority.split(separator: ":", omittingEmptySubsequences: false).first, !host.isEmpty || authority.hasPrefix("[")
        else { return nil }
        if !authority.hasPrefix("["), let colon = authority.firstIndex(of: ":") {
            guard let port = Int(authority[authority.index(after: colon)...]), (1...65535).contains(port) else { return nil }
        }
        return lowered
    }

    /// An HTTP token (RFC 9110 §5.6.2): a method or a header field name.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}

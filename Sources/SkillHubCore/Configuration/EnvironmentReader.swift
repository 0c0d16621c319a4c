/// Reads typed values out of a string environment, collecting one problem
/// per bad variable instead of stopping at the first.
struct EnvironmentReader {
    let values: [String: String]
    private(set) var problems: [ConfigurationError.Problem] = []

    init(_ values: [String: String]) {
        self.values = values
    }

    /// The raw value, with empty strings treated as unset; a variable with an alias
    /// (``SettingAliases``) falls back to the alias when it is unset itself.
    func raw(_ name: String) -> String? {
        value(of: source(of: name))
    }

    /// The variable that supplies `name`: `name` when set, else its alias when that is set, else `name`.
    func source(of name: String) -> String {
        guard value(of: name) == nil, let alias = SettingAliases.alias(of: name), value(of: alias) != nil else { return name }
        return alias
    }

    private func value(of name: String) -> String? {
        guard let value = values[name]?.trimmingWhitespace(), !value.isEmpty else { return nil }
        return value
    }

    func string(_ name: String, default defaultValue: String) -> String {
        raw(name) ?? defaultValue
    }

    mutating func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) -> Int {
        guard let text = raw(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            report(name, "'\(text)' is not valid; expected an integer from \(range.lowerBound) to \(range.upperBound)")
            return defaultValue
        }
        return value
    }

    mutating func boolean(_ name: String, default defaultValue: Bool) -> Bool {
        guard let text = raw(name) else { return defaultValue }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default:
            report(name, "'\(text)' is not valid; expected true or false")
            return defaultValue
        }
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ name: String, default defaultValue: T) -> T
    where T.RawValue == String {
        guard let text = raw(name) else { return defaultValue }
        guard let value = T(rawValue: text.lowercased()) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            report(name, "'\(text)' is not valid; expected one of \(allowed)")
            return defaultValue
        }
        return value
    }

    mutating func parsed<T>(_ name: String, default defaultText: String, _ parse: (String) throws -> T) -> T? {
        let text = raw(name) ?? defaultText
        do {
            return try parse(text)
        } catch let error as URLFormatError {
            report(name, "\(error.reason); expected \(error.expectedForm)")
        } catch {
            report(name, "\(error)")
        }
        return nil
    }

    /// Records a problem with `variable`, named as the operator wrote it (its alias when the alias supplied it).
    mutating func report(_ variable: String, _ message: String) {
        problems.append(.init(variable: source(of: variable), message: message))
    }
}

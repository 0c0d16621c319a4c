/// The seeds' short names accepted for SkillHub's `APP_*` variables: `HOST`, `PORT`, `DEBUG`
/// (the dialogue backend's guide) and `NODE_ENV` (the distributed assistant's). The `APP_*` name wins
/// when both are set; `skillhub config check` shows which one supplied each value.
public enum SettingAliases {
    /// Each variable with its alias.
    public static let table: [(variable: String, alias: String)] = [
        (variable: "APP_HOST", alias: "HOST"),
        (variable: "APP_PORT", alias: "PORT"),
        (variable: "APP_DEBUG", alias: "DEBUG"),
        (variable: "APP_ENV", alias: "NODE_ENV"),
    ]

    /// The alias of `variable`, if it has one.
    public static func alias(of variable: String) -> String? {
        table.first { $0.variable == variable }?.alias
    }

    /// For each variable that has an alias: which name supplied it (`nil` when neither is set), and a
    /// warning when both are set to different values.
    static func resolve(_ reader: EnvironmentReader) -> (used: [String: String], warnings: [String]) {
        var used: [String: String] = [:]
        var warnings: [String] = []
        for (variable, alias) in table {
            let source = reader.source(of: variable)
            if reader.raw(source) != nil { used[variable] = source }
            if source == variable, let aliased = reader.values[alias]?.trimmingWhitespace(), !aliased.isEmpty,
                aliased != reader.raw(variable)
            {
                warnings.append("\(alias)=\(aliased) is ignored: \(variable) is set too and wins")
            }
        }
        return (used, warnings)
    }
}

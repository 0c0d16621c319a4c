/// The `MODEL_*_N` variables that configure one OpenAI-compatible model of the host (a fake on loopback).
enum ModelSettings {
    /// Model `index` named `name` (its id too) at `baseURL`.
    static func openAI(_ name: String, at baseURL: String, index: Int = 0) -> [String: String] {
        [
            "MODEL_PROTOCOL_\(index)": "openai", "MODEL_ID_\(index)": name,
            "MODEL_NAME_\(index)": name, "MODEL_BASE_URL_\(index)": baseURL,
        ]
    }
}

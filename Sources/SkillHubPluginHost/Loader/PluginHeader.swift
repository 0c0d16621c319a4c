/// What the host must know of a plugin library before starting it: the
/// plugin's descriptor and the ABI version it was built against. Read from a
/// library opened in this process (``PluginLibrary/header``) or, when plugins
/// run isolated, by a plugin-host child (``PluginProbe``).
public struct PluginHeader: Sendable, Equatable, Decodable {
    public var descriptor: PluginDescriptor
    /// `MAJOR.MINOR`.
    public var abiVersion: String

    /// As `plugin-host --describe` prints it: `{"abi": "MAJOR.MINOR", "descriptor": {…}}`.
    enum CodingKeys: String, CodingKey {
        case descriptor
        case abiVersion = "abi"
    }

    public init(descriptor: PluginDescriptor, abiVersion: String) {
        self.descriptor = descriptor
        self.abiVersion = abiVersion
    }
}

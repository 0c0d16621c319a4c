import Foundation

extension URLComponents {
    /// The URL's TCP port, `defaultPort` when it names none.
    ///
    /// `URLComponents` takes any digits as a port (`redis://host:637979`); a port outside 1...65535
    /// is refused here rather than at connect time.
    ///
    /// - Throws: ``URLFormatError`` with `expectedForm` for a port out of range.
    func tcpPort(defaulting defaultPort: Int, expectedForm: String) throws(URLFormatError) -> Int {
        guard let port else { return defaultPort }
        guard (1...65535).contains(port) else {
            throw URLFormatError(reason: "port \(port) is outside 1...65535", expectedForm: expectedForm)
        }
        return port
    }
}

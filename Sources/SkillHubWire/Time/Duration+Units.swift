extension Duration {
    /// The duration in milliseconds, fractional.
    public var inMilliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }

    /// The duration in seconds, fractional.
    public var inSeconds: Double { inMilliseconds / 1000 }
}

import CTesseract

/// A decoded Leptonica image, destroyed with its owner. Used by one engine at a time.
final class PixBox: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Pix>

    init(_ pointer: UnsafeMutablePointer<Pix>) { self.pointer = pointer }

    deinit {
        var pix: UnsafeMutablePointer<Pix>? = pointer
        pixDestroy(&pix)
    }
}

enum Leptonica {
    /// Silences Leptonica's messages on stderr: every failure becomes an ``OCRError`` instead.
    static let quiet: Void = { _ = setMsgSeverity(Int32(L_SEVERITY_NONE)) }()
}

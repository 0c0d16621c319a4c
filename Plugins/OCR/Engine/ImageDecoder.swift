import CTesseract

/// Checks an encoded image against the limits from its header alone, then decodes it with Leptonica.
public struct ImageDecoder: Sendable {
    public var maxBytes: Int
    public var maxPixels: Int

    public init(maxBytes: Int, maxPixels: Int) {
        self.maxBytes = maxBytes
        self.maxPixels = maxPixels
    }

    /// What the header says; cheap, so it runs before waiting for an engine.
    public struct Header: Sendable, Equatable {
        public var width: Int
        public var height: Int
    }

    /// Format, size and pixel count, without decoding the pixels.
    public func inspect(_ bytes: [UInt8]) throws(OCRError) -> Header {
        guard !bytes.isEmpty else { throw .invalid("the image is empty") }
        guard bytes.count <= maxBytes else {
            throw .invalid("the image is \(bytes.count) bytes, over the limit of \(maxBytes) bytes (ocr_max_bytes)")
        }
        let format = try ImageFormat.detect(bytes)
        if let (width, height) = format.plainDimensions(bytes) {
            try checkPixels(width: width, height: height)
        }
        _ = Leptonica.quiet
        var (fileFormat, width, height, bitsPerSample, samplesPerPixel, colormapped): (Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0)
        let status = bytes.withUnsafeBufferPointer { buffer in
            pixReadHeaderMem(buffer.baseAddress, buffer.count, &fileFormat, &width, &height, &bitsPerSample, &samplesPerPixel, &colormapped)
        }
        guard status == 0, width > 0, height > 0 else {
            throw .invalid("the \(format.rawValue) image cannot be read: its header is truncated, corrupt or of a \(format.rawValue) variant the decoder does not take")
        }
        try checkPixels(width: Int(width), height: Int(height))
        return Header(width: Int(width), height: Int(height))
    }

    private func checkPixels(width: Int, height: Int) throws(OCRError) {
        let pixels = width * height
        guard pixels <= maxPixels else {
            throw .invalid("the image is \(width)×\(height) = \(pixels) pixels, over the limit of \(maxPixels) (ocr_max_pixels)")
        }
    }

    /// The decoded pixels. Heavy: call it off the cooperative pool.
    func decode(_ bytes: [UInt8]) throws(OCRError) -> PixBox {
        let format = try ImageFormat.detect(bytes)
        _ = Leptonica.quiet
        let pix = bytes.withUnsafeBufferPointer { buffer in pixReadMem(buffer.baseAddress, buffer.count) }
        guard let pix else {
            throw .invalid("the \(format.rawValue) image cannot be decoded: it is truncated, corrupt or a \(format.rawValue) variant the decoder does not take")
        }
        return PixBox(pix)
    }
}

/// The kernels: dot products over contiguous `Float` storage, eight lanes at a time.
enum VectorMath {
    #if DEBUG
    /// The dot product of `count` floats at `a` and `b` (cosine similarity for L2-normalised vectors).
    ///
    /// Debug builds: four scalar accumulators, optimised even at `-Onone` (generic `SIMD` code is not
    /// specialised there and runs about twenty times slower than this).
    @_optimize(speed)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var sum0: Float = 0
        var sum1: Float = 0
        var sum2: Float = 0
        var sum3: Float = 0
        var offset = 0
        while offset &+ 4 <= count {
            sum0 += a[offset] * b[offset]
            sum1 += a[offset &+ 1] * b[offset &+ 1]
            sum2 += a[offset &+ 2] * b[offset &+ 2]
            sum3 += a[offset &+ 3] * b[offset &+ 3]
            offset &+= 4
        }
        while offset < count {
            sum0 += a[offset] * b[offset]
            offset &+= 1
        }
        return (sum0 + sum1) + (sum2 + sum3)
    }
    #else
    /// The dot product of `count` floats at `a` and `b` (cosine similarity for L2-normalised vectors).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        var sum0 = SIMD8<Float>()
        var sum1 = SIMD8<Float>()
        var offset = 0
        let wide = count & ~15
        while offset < wide {
            let byte = offset &* 4
            sum0 += rawA.loadUnaligned(fromByteOffset: byte, as: SIMD8<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: byte, as: SIMD8<Float>.self)
            sum1 += rawA.loadUnaligned(fromByteOffset: byte &+ 32, as: SIMD8<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: byte &+ 32, as: SIMD8<Float>.self)
            offset &+= 16
        }
        var result = (sum0 + sum1).sum()
        while offset < count {
            result += a[offset] * b[offset]
            offset &+= 1
        }
        return result
    }
    #endif

    /// The index of the first non-finite component, if any.
    static func firstNonFinite(_ vector: [Float]) -> Int? {
        vector.firstIndex { !$0.isFinite }
    }
}

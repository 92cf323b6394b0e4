/// A host's array, borrowed for the duration of one call, in one of the element types of the C ABI.
/// Conversions happen with the switch outside the element loop.
public enum HostArray {
    case float32(UnsafeBufferPointer<Float>)
    case float64(UnsafeBufferPointer<Double>)
    case int32(UnsafeBufferPointer<Int32>)
    case int64(UnsafeBufferPointer<Int64>)
    case uint8(UnsafeBufferPointer<UInt8>)

    public var count: Int {
        switch self {
        case .float32(let b): return b.count
        case .float64(let b): return b.count
        case .int32(let b): return b.count
        case .int64(let b): return b.count
        case .uint8(let b): return b.count
        }
    }

    /// Batch row `row` of a [B, size] array row-major; an array of one value or of `size` values is
    /// every row's (broadcast).
    func row(_ row: Int, size: Int) -> HostArray {
        guard count > size else { return self }
        let range = row * size..<(row + 1) * size
        switch self {
        case .float32(let b): return .float32(UnsafeBufferPointer(rebasing: b[range]))
        case .float64(let b): return .float64(UnsafeBufferPointer(rebasing: b[range]))
        case .int32(let b): return .int32(UnsafeBufferPointer(rebasing: b[range]))
        case .int64(let b): return .int64(UnsafeBufferPointer(rebasing: b[range]))
        case .uint8(let b): return .uint8(UnsafeBufferPointer(rebasing: b[range]))
        }
    }

    /// All values times `scale`, as doubles.
    func doubles(scale: Double = 1) -> [Double] {
        var out = [Double](repeating: 0, count: count)
        out.withUnsafeMutableBufferPointer { o in
            guard let base = o.baseAddress else { return }
            copy(into: base, scale: scale)
        }
        return out
    }

    /// Write all values times `scale` into `dest` (which holds `count` elements).
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func copy<F: BinaryFloatingPoint>(into dest: UnsafeMutablePointer<F>, scale: Double) {
        switch self {
        case .float32(let b): for i in b.indices { dest[i] = F(Double(b[i]) * scale) }
        case .float64(let b): for i in b.indices { dest[i] = F(b[i] * scale) }
        case .int32(let b): for i in b.indices { dest[i] = F(Double(b[i]) * scale) }
        case .int64(let b): for i in b.indices { dest[i] = F(Double(b[i]) * scale) }
        case .uint8(let b): for i in b.indices { dest[i] = F(Double(b[i]) * scale) }
        }
    }

    /// The first non-finite element, if any (floating types only).
    func firstNonFinite() -> Int? { firstNonFinite(in: 0..<count) }

    /// The first non-finite element of `range`, if any (floating types only).
    func firstNonFinite(in range: Range<Int>) -> Int? {
        // A vectorisable pass first (the largest exponent field; all ones means inf or NaN), the
        // search only when something is there: inputs of training runs are tens of megabytes.
        switch self {
        case .float32(let all):
            let b = UnsafeBufferPointer(rebasing: all[range])
            var top: UInt32 = 0
            for v in b { top = Swift.max(top, v.bitPattern & 0x7F80_0000) }
            return top == 0x7F80_0000 ? b.firstIndex { !$0.isFinite }.map { range.lowerBound + $0 } : nil
        case .float64(let all):
            let b = UnsafeBufferPointer(rebasing: all[range])
            var top: UInt64 = 0
            for v in b { top = Swift.max(top, v.bitPattern & 0x7FF0_0000_0000_0000) }
            return top == 0x7FF0_0000_0000_0000 ? b.firstIndex { !$0.isFinite }.map { range.lowerBound + $0 } : nil
        default: return nil
        }
    }

    /// The values as a pointer of F when they already are F (no copy), else nil.
    func borrowed<F: SimFloat>(as type: F.Type) -> UnsafePointer<F>? {
        switch self {
        case .float32(let b) where F.self == Float.self:
            return b.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: F.self) }
        case .float64(let b) where F.self == Double.self:
            return b.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: F.self) }
        default: return nil
        }
    }
}

/// A host's output buffer for numbers.
public enum HostOutput {
    case float32(UnsafeMutableBufferPointer<Float>)
    case float64(UnsafeMutableBufferPointer<Double>)
    case int32(UnsafeMutableBufferPointer<Int32>)
    case int64(UnsafeMutableBufferPointer<Int64>)
    case uint8(UnsafeMutableBufferPointer<UInt8>)

    public var capacity: Int {
        switch self {
        case .float32(let b): return b.count
        case .float64(let b): return b.count
        case .int32(let b): return b.count
        case .int64(let b): return b.count
        case .uint8(let b): return b.count
        }
    }

    /// Write `n` values read by `value(i)` (already in the caller's unit). Integer types round.
    public func write(_ n: Int, _ value: (Int) -> Double) {
        switch self {
        case .float32(let b): for i in 0..<n { b[i] = Float(value(i)) }
        case .float64(let b): for i in 0..<n { b[i] = value(i) }
        case .int32(let b): for i in 0..<n { b[i] = Int32(clamping: Int64(exactly: value(i).rounded()) ?? 0) }
        case .int64(let b): for i in 0..<n { b[i] = Int64(exactly: value(i).rounded()) ?? 0 }
        case .uint8(let b): for i in 0..<n { b[i] = UInt8(clamping: Int64(exactly: value(i).rounded()) ?? 0) }
        }
    }
}

import BrainpyStateCore
import CBrainpyState

/// Borrow a caller's (pointer, length, dtype) array.
/// `allowEmpty`: a length of 0 (values may then be NULL) is an empty list, which the engine accepts
/// only for list parameters (SpikeTime's events).
func hostArray(_ values: UnsafeRawPointer?, _ len: Int64, _ dtype: bps_dtype, _ what: String,
               allowEmpty: Bool = false) throws(EngineError) -> HostArray {
    guard len >= 0 else { throw EngineError(.invalidArgument, "\(what): negative length \(len)") }
    if len == 0, allowEmpty, dtype >= BPS_DTYPE_FLOAT32, dtype <= BPS_DTYPE_UINT8 { return .float64(UnsafeBufferPointer(start: nil, count: 0)) }
    guard len > 0 else { throw EngineError(.invalidArgument, "\(what): empty array") }
    guard let values else { throw EngineError(.nullPointer, "\(what): values is NULL") }
    let n = Int(len)
    switch dtype {
    case BPS_DTYPE_FLOAT32: return .float32(UnsafeBufferPointer(start: values.assumingMemoryBound(to: Float.self), count: n))
    case BPS_DTYPE_FLOAT64: return .float64(UnsafeBufferPointer(start: values.assumingMemoryBound(to: Double.self), count: n))
    case BPS_DTYPE_INT32: return .int32(UnsafeBufferPointer(start: values.assumingMemoryBound(to: Int32.self), count: n))
    case BPS_DTYPE_INT64: return .int64(UnsafeBufferPointer(start: values.assumingMemoryBound(to: Int64.self), count: n))
    case BPS_DTYPE_UINT8: return .uint8(UnsafeBufferPointer(start: values.assumingMemoryBound(to: UInt8.self), count: n))
    default: throw EngineError(.type, "\(what): unknown element type \(dtype)")
    }
}

/// Write `values` into a caller buffer of `capacity` elements of `dtype`; `*outLen` (if given)
/// receives the length, also when the buffer is too small. `floatOnly` refuses integer types.
func writeValues(_ values: [Double], _ out: UnsafeMutableRawPointer?, _ capacity: Int64, _ dtype: bps_dtype,
                 _ outLen: UnsafeMutablePointer<Int64>?, floatOnly: Bool, _ what: String) throws(EngineError) {
    let n = values.count
    switch dtype {
    case BPS_DTYPE_FLOAT32, BPS_DTYPE_FLOAT64: break
    case BPS_DTYPE_INT32, BPS_DTYPE_INT64, BPS_DTYPE_UINT8:
        if floatOnly { throw EngineError(.type, "\(what): values are floating point; read them as BPS_DTYPE_FLOAT32 or BPS_DTYPE_FLOAT64") }
    default: throw EngineError(.type, "\(what): unknown element type \(dtype)")
    }
    guard try checkCapacity(n, out, capacity, outLen, what), n > 0, let out else { return }
    let output: HostOutput
    switch dtype {
    case BPS_DTYPE_FLOAT32: output = .float32(UnsafeMutableBufferPointer(start: out.assumingMemoryBound(to: Float.self), count: n))
    case BPS_DTYPE_FLOAT64: output = .float64(UnsafeMutableBufferPointer(start: out.assumingMemoryBound(to: Double.self), count: n))
    case BPS_DTYPE_INT32: output = .int32(UnsafeMutableBufferPointer(start: out.assumingMemoryBound(to: Int32.self), count: n))
    case BPS_DTYPE_INT64: output = .int64(UnsafeMutableBufferPointer(start: out.assumingMemoryBound(to: Int64.self), count: n))
    default: output = .uint8(UnsafeMutableBufferPointer(start: out.assumingMemoryBound(to: UInt8.self), count: n))
    }
    output.write(n) { values[$0] }
}

/// The capacity rule of the ABI: *outLen always receives the needed length; a NULL buffer with
/// capacity 0 is a length query (returns false: nothing to write); a short or missing buffer throws.
func checkCapacity<P>(_ needed: Int, _ buffer: P?, _ capacity: Int64, _ outLen: UnsafeMutablePointer<Int64>?,
                      _ what: String) throws(EngineError) -> Bool {
    outLen?.pointee = Int64(needed)
    guard capacity >= 0 else { throw EngineError(.invalidArgument, "\(what): negative capacity \(capacity)") }
    if buffer == nil, capacity == 0 { return false }
    guard Int64(needed) <= capacity else {
        throw EngineError(.bufferTooSmall, "\(what): buffer holds \(capacity) elements, \(needed) needed", neededLength: needed)
    }
    if needed > 0, buffer == nil { throw EngineError(.nullPointer, "\(what): output buffer is NULL") }
    return true
}

/// Index arrays (monitor indices, connections).
func indexArray(_ p: UnsafePointer<Int64>?, _ n: Int64, _ what: String) throws(EngineError) -> [Int]? {
    guard let p else {
        if n != 0 { throw EngineError(.nullPointer, "\(what) is NULL but its length is \(n)") }
        return nil
    }
    guard n >= 0 else { throw EngineError(.invalidArgument, "\(what): negative length \(n)") }
    return (0..<Int(n)).map { Int(p[$0]) }
}

/// Read one field of an options struct only if the caller's struct_size covers it.
func field<S, T>(_ p: UnsafePointer<S>, _ keyPath: KeyPath<S, T>, default value: T) -> T {
    let size = Int(UnsafeRawPointer(p).load(as: UInt32.self))
    guard let offset = MemoryLayout<S>.offset(of: keyPath), offset + MemoryLayout<T>.size <= size else { return value }
    return UnsafeRawPointer(p).load(fromByteOffset: offset, as: T.self)
}

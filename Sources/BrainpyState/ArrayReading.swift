import CBrainpyState

/// Read an engine array through a C call of the (buffer, capacity, out_len) convention. The first call
/// uses `count` (the expected length); if the engine reports BPS_ERR_BUFFER_TOO_SMALL the call is
/// repeated once with the length it needs. The result has exactly the length the engine wrote.
func readArray<T>(count: Int, zero: T,
                  _ call: (UnsafeMutablePointer<T>?, Int64, UnsafeMutablePointer<Int64>) -> bps_status) throws -> [T] {
    var capacity = max(count, 0)
    for _ in 0..<2 {
        var needed: Int64 = 0
        var result = [T](repeating: zero, count: capacity)
        let status = result.withUnsafeMutableBufferPointer { buffer in
            call(buffer.baseAddress, Int64(capacity), &needed)
        }
        if status == BPS_OK {
            if Int(needed) < capacity { result.removeLast(capacity - Int(needed)) }
            return result
        }
        guard status == BPS_ERR_BUFFER_TOO_SMALL, Int(needed) > capacity else { throw BrainpyStateError(code: status) }
        capacity = Int(needed)
    }
    throw BrainpyStateError(status: .internalError, message: "array length changed between two reads")
}

/// Fill `buffer` (resized to `count` if needed) through a call of the same convention: the variant
/// for loops that read the same array every step without allocating.
func readArray<T>(into buffer: inout [T], count: Int, zero: T,
                  _ call: (UnsafeMutablePointer<T>?, Int64, UnsafeMutablePointer<Int64>) -> bps_status) throws {
    if buffer.count != count { buffer = [T](repeating: zero, count: count) }
    var needed: Int64 = 0
    let status = buffer.withUnsafeMutableBufferPointer { call($0.baseAddress, Int64(count), &needed) }
    try check(status)
}

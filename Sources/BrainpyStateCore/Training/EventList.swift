internal import _BrainpyStateShims

/// The nonzero elements (events) of one worker thread's rows of a training input: flat indices and
/// values in storage kept between runs and grown when full. A spike train is mostly zeros, so a Linear
/// layer's product and weight gradient walk these instead of the dense input.
final class EventList<F: SimFloat> {
    private(set) var index: UnsafeMutablePointer<Int32>
    private(set) var value: UnsafeMutablePointer<F>
    private(set) var capacity: Int
    var count = 0

    /// The events bucketed by column (`byColumn`): column i's rows and values, rows ascending, at
    /// columnStart[i]..<columnStart[i + 1].
    private(set) var columnStart: [Int] = []
    private(set) var columnRow: UnsafeMutablePointer<Int32>
    private(set) var columnValue: UnsafeMutablePointer<F>

    init() {
        capacity = 4096
        index = .allocate(capacity: capacity)
        value = .allocate(capacity: capacity)
        columnRow = .allocate(capacity: capacity)
        columnValue = .allocate(capacity: capacity)
    }

    deinit {
        index.deallocate()
        value.deallocate()
        columnRow.deallocate()
        columnValue.deallocate()
    }

    /// Bucket the events by column of rows of length `inSize` (a counting sort, stable: input order
    /// within a column). A weight gradient then adds each column's events one after another into
    /// its own row of dW, in the order the events came.
    func byColumn(inSize: Int) {
        if columnStart.count != inSize + 1 { columnStart = [Int](repeating: 0, count: inSize + 1) }
        let rowOf = RowDivider(inSize), n = count, index = self.index, value = self.value
        let rows = columnRow, values = columnValue
        columnStart.withUnsafeMutableBufferPointer { startBuffer in
            let start = startBuffer.baseAddress!
            start.update(repeating: 0, count: inSize + 1)
            for e in 0..<n { start[rowOf.split(UInt32(bitPattern: index[e])).column + 1] += 1 }
            for i in 0..<inSize { start[i + 1] += start[i] }
            // start[i] is now the next free slot of column i; afterwards, the end of column i
            for e in 0..<n {
                let (row, column) = rowOf.split(UInt32(bitPattern: index[e]))
                let slot = start[column]
                rows[slot] = Int32(truncatingIfNeeded: row)
                values[slot] = value[e]
                start[column] = slot + 1
            }
            // shift the ends back into starts
            for i in stride(from: inSize, to: 0, by: -1) { start[i] = start[i - 1] }
            start[0] = 0
        }
    }

    /// Room for at least `more` events after the first `count`. The column buckets are not kept:
    /// `byColumn` rebuilds them after every collection.
    func reserve(_ more: Int) {
        guard count + more > capacity else { return }
        let grown = Swift.max(2 * capacity, count + more)
        let newIndex = UnsafeMutablePointer<Int32>.allocate(capacity: grown)
        let newValue = UnsafeMutablePointer<F>.allocate(capacity: grown)
        newIndex.update(from: index, count: count)
        newValue.update(from: value, count: count)
        index.deallocate()
        value.deallocate()
        columnRow.deallocate()
        columnValue.deallocate()
        index = newIndex; value = newValue; capacity = grown
        columnRow = .allocate(capacity: grown)
        columnValue = .allocate(capacity: grown)
    }

    /// Append the nonzero elements of x[0..<count] (T is UInt8, Float or Double; a float's sign bit
    /// does not make it nonzero) as events with flat index base + position, in order. 64 bytes at a
    /// time: a mask with one bit per nonzero element leads to the events of a block, and most blocks
    /// of a spike train have none. (Specialised per element type, so the element size is a constant.)
    @inline(__always)
    func collect<T>(_ x: UnsafePointer<T>, count: Int, base: Int, _ valueOf: (T) -> F) {
        let raw = UnsafeRawPointer(x), size = MemoryLayout<T>.stride
        let perBlock = 64 / size, blocks = count / perBlock
        // the storage in locals while appending (a class's stored properties pay an access check)
        var n = self.count, room = capacity, index = self.index, values = self.value
        for b in 0..<blocks {
            let p = raw + 64 &* b
            var mask = Self.nonzeroMask(p, elementSize: size)
            guard mask != 0 else { continue }
            if n &+ perBlock > room {
                self.count = n
                reserve(perBlock)
                room = capacity; index = self.index; values = self.value
            }
            let first = perBlock &* b
            while mask != 0 {
                let e = first &+ mask.trailingZeroBitCount
                index[n] = Int32(truncatingIfNeeded: base &+ e)
                values[n] = valueOf(x[e])   // read while the block is in cache
                n &+= 1
                mask &= mask &- 1
            }
        }
        self.count = n
        let sign: UInt64 = size == 1 ? 0 : 1 << (8 * size - 1)
        for f in (perBlock * blocks)..<count {
            var bits: UInt64 = 0
            withUnsafeMutableBytes(of: &bits) { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw + f * size, count: size)) }
            if bits & ~sign != 0 {
                reserve(1)
                self.index[self.count] = Int32(truncatingIfNeeded: base + f)
                self.value[self.count] = valueOf(x[f])
                self.count += 1
            }
        }
    }

    /// One bit per element of the 64 bytes at p, set when the element (1, 4 or 8 bytes; 4 and 8 are
    /// floats, sign ignored) is not zero. The standard library has no vector movemask: the shim's.
    @inline(__always)
    private static func nonzeroMask(_ p: UnsafeRawPointer, elementSize: Int) -> UInt64 {
        switch elementSize {
        case 1: return UInt64(bpsshim_nonzero_bytes64(p))
        case 4: return UInt64(bpsshim_nonzero_floats16(p))
        default:
            var mask: UInt64 = 0
            for w in 0..<8 where p.loadUnaligned(fromByteOffset: 8 &* w, as: UInt64.self) << 1 != 0 { mask |= 1 << w }
            return mask
        }
    }
}

/// Division of event indices (below 2^28) by a fixed row length as a multiply and shift: with
/// l = ⌈log2 d⌉ and m = ⌈2^(28+l) / d⌉, ⌊n / d⌋ = ⌊n·m / 2^(28+l)⌋ for every n < 2^28 (m·d exceeds
/// 2^(28+l) by less than d ≤ 2^l, which adds less than 1/d to n/d). A hardware division per event
/// cost more than the event's multiply-adds.
struct RowDivider {
    let divisor: UInt64, multiplier: UInt64, shift: UInt64

    init(_ d: Int) {
        precondition(d >= 1 && d <= 1 << 28)
        var l: UInt64 = 0
        while (1 << l) < d { l += 1 }
        divisor = UInt64(d)
        shift = 28 + l
        multiplier = ((1 << shift) + divisor - 1) / divisor
    }

    @inline(__always)
    func split(_ n: UInt32) -> (row: Int, column: Int) {
        let q = (UInt64(n) &* multiplier) >> shift
        return (Int(truncatingIfNeeded: q), Int(truncatingIfNeeded: UInt64(n) &- q &* divisor))
    }
}

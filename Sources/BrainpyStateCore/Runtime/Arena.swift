import Glibc

/// Owns every state column of a compiled network: 64-byte aligned, zero-filled, at stable
/// addresses (never Swift Array storage), freed together. posix_memalign reports failure instead of
/// aborting, so an impossible size becomes BPS_ERR_OUT_OF_MEMORY rather than a crash.
///
/// Blocks of 2 MB and more (COBA's connectivity tables from about 20 000 neurons on, the state
/// columns of large populations) start on a 2 MB boundary and ask the kernel for transparent huge
/// pages over their whole 2 MB pages (a tail shorter than that keeps small pages): delivery reads
/// random rows of a table larger than the TLB reaches with 4 KB pages, each such read a page walk.
/// Where the kernel's THP setting is "never" the advice is ignored.
final class Arena {
    private var blocks: [UnsafeMutableRawPointer] = []
    /// The blocks of `allocateUntouched`: anonymous mappings and their lengths.
    private var mappings: [(base: UnsafeMutableRawPointer, bytes: Int)] = []
    static var hugePage: Int { 2 << 20 }

    /// `count` elements, padded to a whole number of 16-element blocks (kernels work in blocks).
    func allocate<T>(_: T.Type, count: Int, what: String) throws(EngineError) -> UnsafeMutablePointer<T> {
        let (padded, bytes) = try Self.size(T.self, count: count, what: what)
        var raw: UnsafeMutableRawPointer?
        let huge = bytes >= Arena.hugePage
        guard posix_memalign(&raw, huge ? Arena.hugePage : 64, bytes) == 0, let block = raw else {
            throw EngineError(.outOfMemory, "cannot allocate \(bytes) bytes for \(what)")
        }
        // Before the first touch, so that the zeroing below faults huge pages in.
        if huge { _ = madvise(block, bytes / Arena.hugePage * Arena.hugePage, MADV_HUGEPAGE) }
        memset(block, 0, bytes)
        blocks.append(block)
        return block.bindMemory(to: T.self, capacity: padded)
    }

    /// `count` elements as `allocate` lays them out, for a column that a network may never write
    /// (the per-neuron constants of a population or a synapse, unused where every neuron has the
    /// same value; a channel's increments column, unused where they are tile-local): an anonymous
    /// mapping, whose pages the kernel commits, zero-filled, only when first touched, so an unused
    /// column costs address space and no memory (COBA at a million neurons: 84 MB less resident).
    /// Not for the columns a step reads, unless written at compile: their pages would fault in
    /// during a run.
    func allocateUntouched<T>(_: T.Type, count: Int, what: String) throws(EngineError) -> UnsafeMutablePointer<T> {
        let (padded, bytes) = try Self.size(T.self, count: count, what: what)
        let raw = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let raw, raw != MAP_FAILED else {
            throw EngineError(.outOfMemory, "cannot reserve \(bytes) bytes for \(what)")
        }
        mappings.append((raw, bytes))
        return raw.bindMemory(to: T.self, capacity: padded)
    }

    /// `count` padded to a whole number of 16-element blocks, and its bytes; an error when too large.
    private static func size<T>(_: T.Type, count: Int, what: String) throws(EngineError) -> (padded: Int, bytes: Int) {
        let padded = (max(count, 1) + 15) / 16 * 16
        let (bytes, overflow) = padded.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        guard !overflow, bytes < (1 << 46) else {
            throw EngineError(.outOfMemory, "cannot allocate \(what): \(count) elements is too large")
        }
        return (padded, bytes)
    }

    deinit {
        for block in blocks { free(block) }
        for mapping in mappings { munmap(mapping.base, mapping.bytes) }
    }
}

/// A growable buffer for recordings, grown only when a run starts, never inside the step loop. Its
/// memory is an anonymous mapping reserved without commit charge (MAP_NORESERVE): a spike recording
/// reserves the worst case of every neuron spiking every step, and the kernel commits pages only as
/// spikes are actually written.
struct GrowableBuffer<T> {
    private(set) var pointer: UnsafeMutablePointer<T>?
    private(set) var capacity = 0
    private var bytes = 0
    var count = 0

    /// Make room for `extra` more elements, growing geometrically.
    mutating func reserve(extra: Int, what: String) throws(EngineError) {
        let (needed, overflow) = count.addingReportingOverflow(extra)
        guard !overflow else { throw EngineError(.outOfMemory, "\(what): recording too large") }
        if needed <= capacity { return }
        let newCapacity = max(needed, capacity * 2, 1024)
        let (size, o2) = newCapacity.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        guard !o2, size < (1 << 46) else {
            throw EngineError(.outOfMemory, "\(what): cannot reserve a recording of \(newCapacity) elements")
        }
        let page = 1 << 16
        let mapped = (size + page - 1) / page * page
        let raw = mmap(nil, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        guard let raw, raw != MAP_FAILED else {
            throw EngineError(.outOfMemory, "\(what): cannot reserve \(mapped) bytes for the recording")
        }
        let fresh = raw.bindMemory(to: T.self, capacity: newCapacity)
        if let old = pointer {
            fresh.update(from: old, count: count)
            munmap(old, bytes)
        }
        pointer = fresh
        capacity = newCapacity
        bytes = mapped
    }

    @inline(__always)
    mutating func append(_ value: T) {
        pointer.unsafelyUnwrapped[count] = value
        count += 1
    }

    func free() {
        if let p = pointer { munmap(p, bytes) }
    }
}

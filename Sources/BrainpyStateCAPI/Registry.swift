import BrainpyStateCore
import Synchronization

/// The owner of a network behind a C handle.
final class NetworkBox {
    let network: Network
    init(_ network: Network) { self.network = network }
}

/// The owner of a trainable Sequential behind a C handle.
final class SequentialBox {
    let sequential: Sequential
    init(_ sequential: Sequential) { self.sequential = sequential }
}

/// What a live handle points to, so that a handle of one kind passed where the other is expected is
/// rejected instead of reinterpreted.
enum HandleKind { case network, sequential }

/// The locked registry of live handles: the only process-global state besides the thread-local
/// error slot. A handle is valid exactly while its address is registered with the expected kind, so a
/// deleted, foreign or garbage pointer is rejected instead of dereferenced.
let liveHandles = Mutex<[UInt: HandleKind]>([:])

enum Handles {
    static func register(_ network: Network) -> OpaquePointer {
        insert(Unmanaged.passRetained(NetworkBox(network)).toOpaque(), .network)
    }

    static func register(_ sequential: Sequential) -> OpaquePointer {
        insert(Unmanaged.passRetained(SequentialBox(sequential)).toOpaque(), .sequential)
    }

    private static func insert(_ raw: UnsafeMutableRawPointer, _ kind: HandleKind) -> OpaquePointer {
        liveHandles.withLock { $0[UInt(bitPattern: raw)] = kind }
        return OpaquePointer(raw)
    }

    /// The address of a live handle of `kind`, or `.badHandle`.
    private static func live(_ handle: OpaquePointer?, _ kind: HandleKind, _ what: String) throws(EngineError) -> UnsafeMutableRawPointer {
        guard let handle else { throw EngineError(.badHandle, "\(what) handle is NULL") }
        let raw = UnsafeMutableRawPointer(handle)
        let key = UInt(bitPattern: raw)
        guard liveHandles.withLock({ $0[key] }) == kind else {
            throw EngineError(.badHandle, "\(what) handle \(hex(key)) is not a live \(what) (deleted or foreign)")
        }
        return raw
    }

    /// The network behind a handle, or `.badHandle`.
    static func network(_ handle: OpaquePointer?) throws(EngineError) -> Network {
        Unmanaged<NetworkBox>.fromOpaque(try live(handle, .network, "network")).takeUnretainedValue().network
    }

    /// The Sequential behind a handle, or `.badHandle`.
    static func sequential(_ handle: OpaquePointer?) throws(EngineError) -> Sequential {
        Unmanaged<SequentialBox>.fromOpaque(try live(handle, .sequential, "sequential")).takeUnretainedValue().sequential
    }

    /// Unregister and release; false if the handle was not a live network.
    static func delete(_ handle: OpaquePointer) -> Bool {
        remove(handle, .network) { Unmanaged<NetworkBox>.fromOpaque($0).release() }
    }

    /// Unregister and release; false if the handle was not a live Sequential.
    static func deleteSequential(_ handle: OpaquePointer) -> Bool {
        remove(handle, .sequential) { Unmanaged<SequentialBox>.fromOpaque($0).release() }
    }

    private static func remove(_ handle: OpaquePointer, _ kind: HandleKind, release: (UnsafeMutableRawPointer) -> Void) -> Bool {
        let raw = UnsafeMutableRawPointer(handle)
        let key = UInt(bitPattern: raw)
        let removed = liveHandles.withLock { table -> Bool in
            guard table[key] == kind else { return false }
            table[key] = nil
            return true
        }
        if removed { release(raw) }
        return removed
    }

    static func hex(_ v: UInt) -> String { "0x" + String(v, radix: 16) }
}

import BrainpyStateCore
import Synchronization

/// The owner of a network behind a C handle.
final class NetworkBox {
    let network: Network
    init(_ network: Network) { self.network = network }
}

/// The locked registry of live network handles: the only process-global state besides the
/// thread-local error slot. A handle is valid exactly while its address is registered, so a deleted,
/// foreign or garbage pointer is rejected instead of dereferenced.
let liveHandles = Mutex<Set<UInt>>([])

enum Handles {
    static func register(_ network: Network) -> OpaquePointer {
        let raw = Unmanaged.passRetained(NetworkBox(network)).toOpaque()
        _ = liveHandles.withLock { $0.insert(UInt(bitPattern: raw)) }
        return OpaquePointer(raw)
    }

    /// The network behind a handle, or `.badHandle`.
    static func network(_ handle: OpaquePointer?) throws(EngineError) -> Network {
        guard let handle else { throw EngineError(.badHandle, "network handle is NULL") }
        let raw = UnsafeMutableRawPointer(handle)
        let key = UInt(bitPattern: raw)
        guard liveHandles.withLock({ $0.contains(key) }) else {
            throw EngineError(.badHandle, "network handle \(hex(key)) is not a live network (deleted or foreign)")
        }
        return Unmanaged<NetworkBox>.fromOpaque(raw).takeUnretainedValue().network
    }

    /// Unregister and release; false if the handle was not live.
    static func delete(_ handle: OpaquePointer) -> Bool {
        let raw = UnsafeMutableRawPointer(handle)
        let removed = liveHandles.withLock { $0.remove(UInt(bitPattern: raw)) != nil }
        if removed { Unmanaged<NetworkBox>.fromOpaque(raw).release() }
        return removed
    }

    static func hex(_ v: UInt) -> String { "0x" + String(v, radix: 16) }
}

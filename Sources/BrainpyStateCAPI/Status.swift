import BrainpyStateCore
import CBrainpyState
import _BrainpyStateShims

/// Runs the body of an exported function: maps every error to its status code and records its
/// message in the thread-local slot. Successful calls leave the slot alone.
@inline(__always)
func capi(_ body: () throws(EngineError) -> Void) -> bps_status {
    do {
        try body()
        return BPS_OK
    } catch {
        bpsshim_set_error(error.message)
        return error.status.rawValue
    }
}

/// A required C string.
func string(_ p: UnsafePointer<CChar>?, _ what: String) throws(EngineError) -> String {
    guard let p else { throw EngineError(.nullPointer, "\(what) is NULL") }
    return String(cString: p)
}

/// An optional C string with a default.
func string(_ p: UnsafePointer<CChar>?, default value: String) -> String {
    p.map { String(cString: $0) } ?? value
}

/// A required out pointer.
func out<T>(_ p: UnsafeMutablePointer<T>?, _ what: String) throws(EngineError) -> UnsafeMutablePointer<T> {
    guard let p else { throw EngineError(.nullPointer, "\(what) is NULL") }
    return p
}

/// An id argument as Int.
@inline(__always)
func id(_ v: Int32) -> Int { Int(v) }

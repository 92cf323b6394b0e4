import CBrainpyState

/// Every failed C call surfaces as this error: the status code of the ABI and the engine's message
/// (`bps_last_error_message()`, read on the calling thread right after the call).
public struct BrainpyStateError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The status codes of brainpystate.h (`BPS_ERR_*`).
    public enum Status: Int32, Sendable {
        case invalidArgument = 1   // BPS_ERR_INVALID_ARGUMENT
        case nullPointer = 2       // BPS_ERR_NULL_POINTER
        case badHandle = 3         // BPS_ERR_BAD_HANDLE
        case unknownName = 4       // BPS_ERR_UNKNOWN_NAME
        case unit = 5              // BPS_ERR_UNIT
        case outOfRange = 6        // BPS_ERR_OUT_OF_RANGE
        case bufferTooSmall = 7    // BPS_ERR_BUFFER_TOO_SMALL
        case type = 8              // BPS_ERR_TYPE
        case badState = 9          // BPS_ERR_BAD_STATE
        case cancelled = 10        // BPS_ERR_CANCELLED
        case outOfMemory = 11      // BPS_ERR_OUT_OF_MEMORY
        case internalError = 12    // BPS_ERR_INTERNAL
        case unknownStatus = -1    // a code this layer does not know (a newer library)
    }

    public let status: Status
    /// The raw bps_status returned by the C function.
    public let code: Int32
    /// The engine's message naming the problem.
    public let message: String

    public init(status: Status, message: String) {
        self.status = status
        self.code = status.rawValue
        self.message = message
    }

    /// The error of a failed call: reads the thread-local message slot.
    init(code: Int32) {
        self.code = code
        self.status = Status(rawValue: code) ?? .unknownStatus
        self.message = bps_last_error_message().map { String(cString: $0) } ?? ""
    }

    /// The symbolic name of the status, e.g. "BPS_ERR_UNIT" (`bps_status_name`).
    public var statusName: String { bps_status_name(code).map { String(cString: $0) } ?? "BPS_ERR_UNKNOWN_STATUS" }

    public var description: String { "\(statusName): \(message)" }
}

/// Throw the engine's error for a nonzero status.
@inline(__always)
func check(_ status: bps_status) throws {
    if status != BPS_OK { throw BrainpyStateError(code: status) }
}

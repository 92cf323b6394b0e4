/// The error every engine operation throws. `Status` mirrors the C ABI's status codes one to one,
/// so the C layer maps an error to its code without interpretation.
public struct EngineError: Error, Sendable, CustomStringConvertible {
    public enum Status: Int32, Sendable {
        case invalidArgument = 1
        case nullPointer = 2
        case badHandle = 3
        case unknownName = 4
        case unit = 5
        case outOfRange = 6
        case bufferTooSmall = 7
        case type = 8
        case badState = 9
        case cancelled = 10
        case outOfMemory = 11
        case `internal` = 12
    }

    public let status: Status
    public let message: String
    /// For `.bufferTooSmall`: the length the caller needs.
    public let neededLength: Int?

    public init(_ status: Status, _ message: String, neededLength: Int? = nil) {
        self.status = status
        self.message = message
        self.neededLength = neededLength
    }

    public var description: String { message }

    static func invalid(_ message: String) -> EngineError { EngineError(.invalidArgument, message) }
    static func unknown(_ message: String) -> EngineError { EngineError(.unknownName, message) }
    static func range(_ message: String) -> EngineError { EngineError(.outOfRange, message) }
    static func state(_ message: String) -> EngineError { EngineError(.badState, message) }
}

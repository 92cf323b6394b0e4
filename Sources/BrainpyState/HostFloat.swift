import CBrainpyState

/// The element types in which values cross the C ABI as floating-point arrays (float32, float64).
/// Reading in the network's own precision avoids a conversion; either works for any network.
public protocol HostFloat: BinaryFloatingPoint, Sendable {}

extension Float: HostFloat {}
extension Double: HostFloat {}

/// The `bps_dtype` of a host element type.
func dtype<T: HostFloat>(of _: T.Type) throws -> bps_dtype {
    if T.self == Float.self { return BPS_DTYPE_FLOAT32 }
    if T.self == Double.self { return BPS_DTYPE_FLOAT64 }
    throw BrainpyStateError(status: .type, message: "\(T.self) arrays do not cross the C ABI; use Float or Double")
}

import BrainpyStateCore
import CBrainpyState
import _BrainpyStateShims

@c @implementation
public func bps_abi_version() -> UInt32 { UInt32(BPS_ABI_VERSION) }

/// Static storage for the version string (a C string literal lives in the binary).
private let versionString: StaticString = "0.1.0"

@c @implementation
public func bps_version_string() -> UnsafePointer<CChar>? {
    UnsafeRawPointer(versionString.utf8Start).assumingMemoryBound(to: CChar.self)
}

@c @implementation
public func bps_last_error_message() -> UnsafePointer<CChar>? { bpsshim_get_error() }

private let statusNames: [StaticString] = [
    "BPS_OK", "BPS_ERR_INVALID_ARGUMENT", "BPS_ERR_NULL_POINTER", "BPS_ERR_BAD_HANDLE", "BPS_ERR_UNKNOWN_NAME",
    "BPS_ERR_UNIT", "BPS_ERR_OUT_OF_RANGE", "BPS_ERR_BUFFER_TOO_SMALL", "BPS_ERR_TYPE", "BPS_ERR_BAD_STATE",
    "BPS_ERR_CANCELLED", "BPS_ERR_OUT_OF_MEMORY", "BPS_ERR_INTERNAL",
]
private let unknownStatus: StaticString = "BPS_ERR_UNKNOWN_STATUS"

@c @implementation
public func bps_status_name(_ status: bps_status) -> UnsafePointer<CChar>? {
    let name = status >= 0 && Int(status) < statusNames.count ? statusNames[Int(status)] : unknownStatus
    return UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)
}

@c @implementation
public func bps_unit_convert(_ value: Double, _ fromUnit: UnsafePointer<CChar>?, _ toUnit: UnsafePointer<CChar>?,
                             _ outValue: UnsafeMutablePointer<Double>?) -> bps_status {
    capi { () throws(EngineError) in
        let from = try UnitParser.parse(try string(fromUnit, "from_unit"))
        let to = try UnitParser.parse(try string(toUnit, "to_unit"))
        let o = try out(outValue, "out_value")
        guard from.dimension == to.dimension else {
            throw EngineError(.unit, "cannot convert \(from.dimension) to \(to.dimension)")
        }
        o.pointee = value * from.scale / to.scale
    }
}

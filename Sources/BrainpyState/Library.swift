import CBrainpyState

/// The loaded library's version and ABI, so a host can check it runs against the header it was
/// built with.
public enum Library {
    /// The library's version string, e.g. "0.1.0".
    public static var version: String { bps_version_string().map { String(cString: $0) } ?? "" }
    /// The ABI version of the loaded library.
    public static var abiVersion: UInt32 { bps_abi_version() }
    /// The ABI version of the header this module was compiled against.
    public static var headerABIVersion: UInt32 { UInt32(BPS_ABI_VERSION) }
}

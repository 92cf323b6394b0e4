import Glibc

/// How many pages of [address, address + bytes) are resident (mincore, from the page that holds
/// `address`); nil when mincore fails. For the tests that check a column takes no memory until written.
func residentPages(_ address: UnsafeRawPointer, bytes: Int) -> Int? {
    let page = UInt(sysconf(Int32(_SC_PAGESIZE)))
    let start = UInt(bitPattern: address) / page * page
    let length = Int(UInt(bitPattern: address) - start) + bytes
    var flags = [UInt8](repeating: 0, count: (length + Int(page) - 1) / Int(page))
    guard mincore(UnsafeMutableRawPointer(bitPattern: start), length, &flags) == 0 else { return nil }
    return flags.reduce(0) { $0 + Int($1 & 1) }
}

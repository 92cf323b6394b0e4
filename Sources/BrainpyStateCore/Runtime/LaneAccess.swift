/// 16-lane loads and stores on state columns. Columns are padded to a multiple of 16 elements and
/// every worker's range starts at a multiple of 16, so a kernel may always work in whole blocks.
extension UnsafeMutablePointer where Pointee: SIMDScalar {
    @_transparent
    func lanes(_ j: Int) -> LaneVector<Pointee> {
        UnsafeRawPointer(self + j).loadUnaligned(as: LaneVector<Pointee>.self)
    }

    @_transparent
    func setLanes(_ j: Int, _ value: LaneVector<Pointee>) {
        UnsafeMutableRawPointer(self + j).storeBytes(of: value, as: LaneVector<Pointee>.self)
    }
}

extension UnsafePointer where Pointee: SIMDScalar {
    @_transparent
    func lanes(_ j: Int) -> LaneVector<Pointee> {
        UnsafeRawPointer(self + j).loadUnaligned(as: LaneVector<Pointee>.self)
    }
}

/// The second pass of a tile's spike list (BlockSpikes.swift has the first, which the kernels run;
/// the AVX-512 module links that file only).

/// Writes the neurons of [lo, hi) whose lanes are set in `masks` to `list`, ascending; returns how
/// many. The masks are read four blocks (64 bits) at a time, so a tile has four zero masks after its
/// own (PopulationCore.blockSpikes) and never reads another tile's.
func listSpikes(fromBlocks masks: UnsafePointer<UInt16>, lo: Int, hi: Int, into list: UnsafeMutablePointer<Int32>) -> Int {
    let blocks = (hi &- lo &+ laneCount &- 1) / laneCount
    var count = 0
    var b = 0
    while b < blocks {
        var word = UnsafeRawPointer(masks + b).loadUnaligned(as: UInt64.self)
        while word != 0 {
            list[count] = Int32(truncatingIfNeeded: lo &+ b &* laneCount &+ word.trailingZeroBitCount)
            count &+= 1
            word &= word &- 1
        }
        b &+= 4
    }
    return count
}

/// The second pass of a tile's spike list (BlockSpikes.swift has the first, which the kernels run;
/// the AVX-512 module links that file only).

/// Writes the neurons of [lo, hi) whose lanes are set in `masks` to `list`, ascending; returns how
/// many. The masks are read four blocks (64 bits) at a time, so a tile has four zero masks after its
/// own (PopulationCore.blockSpikes) and never reads another tile's. The first two spikes of a word
/// are listed without a branch: both slots are written and the count moves by the spikes found. A
/// test of "any spike in these 64 neurons?" went the way of the spikes, at random (at 50 Hz and
/// dt = 0.1 ms about one word in four has one; three or more, one in 250).
func listSpikes(fromBlocks masks: UnsafePointer<UInt16>, lo: Int, hi: Int, into list: UnsafeMutablePointer<Int32>) -> Int {
    let blocks = (hi &- lo &+ laneCount &- 1) / laneCount
    let room = hi &- lo
    var count = 0
    var b = 0
    while b < blocks {
        var word = UnsafeRawPointer(masks + b).loadUnaligned(as: UInt64.self)
        let first = lo &+ b &* laneCount
        if count &+ 2 <= room {
            for _ in 0..<2 {
                list[count] = Int32(truncatingIfNeeded: first &+ word.trailingZeroBitCount)
                count &+= word != 0 ? 1 : 0
                word &= word &- 1
            }
        }
        while word != 0 {
            list[count] = Int32(truncatingIfNeeded: first &+ word.trailingZeroBitCount)
            count &+= 1
            word &= word &- 1
        }
        b &+= 4
    }
    return count
}

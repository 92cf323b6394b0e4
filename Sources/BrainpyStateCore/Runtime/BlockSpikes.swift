/// A tile's spike list, made in two passes. The kernels store each block's spiking lanes as 16 bits
/// (one store, no branch) and the list is read off those masks after the block loop. A branch on
/// "any spike in this block?" inside the loop is mispredicted for exactly the blocks that have one
/// (at 50 Hz and dt = 0.1 ms about one in 13, at random) and resolves late, after the block's whole
/// arithmetic, discarding the blocks already under way behind it; on the masks, four blocks are
/// tested at once and each test resolves as soon as its load does.

/// Stores the spiking lanes `bits` of the block at neuron j (lanes at or beyond `hi`, the columns'
/// padding in a last, partial block, dropped) into the tile's masks, which start at neuron `lo`.
@inline(__always)
func storeBlockSpikes(_ bits: Int, block j: Int, lo: Int, upTo hi: Int, into masks: UnsafeMutablePointer<UInt16>) {
    var bits = bits
    if hi &- j < laneCount { bits &= (1 << (hi &- j)) &- 1 }
    masks[(j &- lo) >> 4] = UInt16(truncatingIfNeeded: bits)
}

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

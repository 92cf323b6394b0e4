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

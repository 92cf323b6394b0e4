/// A tile's spike list, made in two passes. The kernels store each block's spiking lanes as 16 bits
/// (one store, no branch) and the list is read off those masks after the block loop. A branch on
/// "any spike in this block?" inside the loop is mispredicted for exactly the blocks that have one
/// (at 50 Hz and dt = 0.1 ms about one in 13, at random) and resolves late, after the block's whole
/// arithmetic, discarding the blocks already under way behind it; on the masks, four blocks are
/// tested at once and each test resolves as soon as its load does.

/// Stores the spiking lanes `bits` of the block at neuron j into the tile's masks, which start at
/// neuron `lo`. A last, partial block also has lanes in the columns' padding: trimBlockSpikes drops
/// them once after the loop (a test in every block cost the LIF loop a compare, a branch and a
/// register).
@inline(__always)
func storeBlockSpikes(_ bits: Int, block j: Int, lo: Int, into masks: UnsafeMutablePointer<UInt16>) {
    masks[(j &- lo) &>> 4] = UInt16(truncatingIfNeeded: bits)
}

/// Clears the lanes at or beyond `hi` in the last block's mask (the block loop of neurons [lo, hi)
/// ran to the end of that block).
@inline(__always)
func trimBlockSpikes(lo: Int, upTo hi: Int, _ masks: UnsafeMutablePointer<UInt16>) {
    let tail = (hi &- lo) & (laneCount &- 1)
    if tail != 0 { masks[(hi &- lo) &>> 4] &= UInt16(truncatingIfNeeded: (1 << tail) &- 1) }
}

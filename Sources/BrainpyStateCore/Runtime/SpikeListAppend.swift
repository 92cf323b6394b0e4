/// Appends neuron j + k for every set bit k of `bits` (a block's spiking lanes) below `hi` (the last
/// block may run into the columns' padding) to a tile's spike list.
/// Most blocks have no spike (at 50 Hz and dt = 0.1 ms about one block of 16 in 13 has one), and a
/// branch on "any spike" is mispredicted for exactly the blocks that have one, late, after the block's
/// whole arithmetic, which discards the blocks after it already under way. So the first spike's
/// slot is written whatever the bits (a neuron index that the next write replaces when there is no
/// spike) and counted by a flag; only a second spike in the same block takes a branch.
/// The slot list[count] is inside the tile's list: count ≤ the neurons of the tile before block j.
@inline(__always)
func appendSpikes(_ bits: Int, block j: Int, upTo hi: Int, to list: UnsafeMutablePointer<Int32>,
                  count: inout Int) {
    var bits = bits
    if hi &- j < laneCount { bits &= (1 << (hi &- j)) &- 1 }
    list[count] = Int32(truncatingIfNeeded: j &+ bits.trailingZeroBitCount)
    count &+= bits != 0 ? 1 : 0
    var rest = bits & (bits &- 1)
    while rest != 0 {
        list[count] = Int32(truncatingIfNeeded: j &+ rest.trailingZeroBitCount)
        count &+= 1
        rest &= rest &- 1
    }
}

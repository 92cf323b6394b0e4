import Testing
@testable import BrainpyStateCore

/// The kernels store each block's spiking lanes as a 16-bit mask and the spike list is read off the
/// masks four at a time: every set lane of the tile, ascending, none of the padding lanes of a last
/// partial block, and nothing of the next tile's masks (another worker's, written concurrently);
/// at any rate, up to every neuron (the list then has no room for the branch-free slots' writes).
struct BlockSpikesTests {
    @Test(arguments: [(1, 0.3), (15, 0.3), (16, 0.3), (17, 0.3), (64, 0.3), (65, 0.3), (100, 0.3), (1000, 0.3),
                      (1000, 0.005), (1000, 0.05), (64, 1), (65, 1), (100, 1), (129, 1), (1000, 0.97)])
    func theListHasEverySpikingNeuronOfTheTileInOrder(size: Int, rate: Double) {
        let lo = 32, hi = lo + size
        let blocks = (size + 15) / 16
        // this tile's masks, its four zero masks, then a neighbour whose lanes are all set
        let masks = UnsafeMutablePointer<UInt16>.allocate(capacity: blocks + 4 + 8)
        defer { masks.deallocate() }
        masks.initialize(repeating: 0, count: blocks + 4)
        (masks + blocks + 4).initialize(repeating: 0xFFFF, count: 8)
        let rng = Philox(seed: UInt64(size) &+ UInt64(rate * 1000))
        var expected: [Int32] = []
        var j = lo
        while j < hi {
            // lanes at random, padding lanes included (trimBlockSpikes drops those at or beyond hi),
            // and always the first lane of the first block
            var bits = j == lo ? 1 : 0
            for lane in 0..<16 where rng.uniform(index: UInt64(j + lane), step: 0, stream: 1) < rate {
                bits |= 1 << lane
            }
            for lane in 0..<16 where bits & (1 << lane) != 0 && j + lane < hi { expected.append(Int32(j + lane)) }
            storeBlockSpikes(bits, block: j, lo: lo, into: masks)
            j += 16
        }
        trimBlockSpikes(lo: lo, upTo: hi, masks)
        // The list's room, then four guard entries that must stay as they are (the next tile's list).
        let list = UnsafeMutablePointer<Int32>.allocate(capacity: size + 4)
        defer { list.deallocate() }
        (list + size).initialize(repeating: -7, count: 4)
        let count = listSpikes(fromBlocks: masks, lo: lo, hi: hi, into: list)
        #expect(Array(UnsafeBufferPointer(start: list, count: count)) == expected)
        #expect(Array(UnsafeBufferPointer(start: list + size, count: 4)) == [-7, -7, -7, -7])
    }

    @Test func aSilentTileHasAnEmptyList() {
        let masks = UnsafeMutablePointer<UInt16>.allocate(capacity: 8 + 4)
        defer { masks.deallocate() }
        masks.initialize(repeating: 0, count: 12)
        for b in 0..<8 { storeBlockSpikes(0, block: 16 * b, lo: 0, into: masks) }
        trimBlockSpikes(lo: 0, upTo: 128, masks)
        let list = UnsafeMutablePointer<Int32>.allocate(capacity: 128)
        defer { list.deallocate() }
        #expect(listSpikes(fromBlocks: masks, lo: 0, hi: 128, into: list) == 0)
    }
}

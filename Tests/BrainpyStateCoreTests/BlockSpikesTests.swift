import Testing
@testable import BrainpyStateCore

/// The kernels store each block's spiking lanes as a 16-bit mask and the spike list is read off the
/// masks four at a time: every set lane of the tile, ascending, none of the padding lanes of a last
/// partial block, and nothing of the next tile's masks (another worker's, written concurrently).
struct BlockSpikesTests {
    @Test(arguments: [1, 15, 16, 17, 64, 65, 100, 1000])
    func theListHasEverySpikingNeuronOfTheTileInOrder(size: Int) {
        let lo = 32, hi = lo + size
        let blocks = (size + 15) / 16
        // this tile's masks, its four zero masks, then a neighbour whose lanes are all set
        let masks = UnsafeMutablePointer<UInt16>.allocate(capacity: blocks + 4 + 8)
        defer { masks.deallocate() }
        masks.initialize(repeating: 0, count: blocks + 4)
        (masks + blocks + 4).initialize(repeating: 0xFFFF, count: 8)
        let rng = Philox(seed: UInt64(size))
        var expected: [Int32] = []
        var j = lo
        while j < hi {
            // lanes at random, padding lanes included (trimBlockSpikes drops those at or beyond hi),
            // and always the first lane of the first block
            var bits = j == lo ? 1 : 0
            for lane in 0..<16 where rng.uniform(index: UInt64(j + lane), step: 0, stream: 1) < 0.3 {
                bits |= 1 << lane
            }
            for lane in 0..<16 where bits & (1 << lane) != 0 && j + lane < hi { expected.append(Int32(j + lane)) }
            storeBlockSpikes(bits, block: j, lo: lo, into: masks)
            j += 16
        }
        trimBlockSpikes(lo: lo, upTo: hi, masks)
        let list = UnsafeMutablePointer<Int32>.allocate(capacity: size)
        defer { list.deallocate() }
        let count = listSpikes(fromBlocks: masks, lo: lo, hi: hi, into: list)
        #expect(Array(UnsafeBufferPointer(start: list, count: count)) == expected)
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

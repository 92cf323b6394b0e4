import Testing
@testable import BrainpyStateCore

/// Delivery through a worker's staging area (DeliveryStaging) makes the additions of the direct walk
/// in the same order: the same bits, whatever the segment lengths (empty, longer than the area,
/// ending at the table's last target) and however the tiles are walked.
struct DeliveryStagingTests {
    /// 300 rows of 0 to 89 synapses over 3 000 neurons, and row 5 with 9 000 synapses into the
    /// second tile (more than the staging area holds).
    func rows() -> (rowStart: [Int], targets: [UInt32]) {
        var rowStart = [0], targets: [UInt32] = []
        var x: UInt64 = 11
        for i in 0..<300 {
            let count = i == 5 ? 9_000 : (i * 37) % 90
            for _ in 0..<count {
                x = x &* 6364136223846793005 &+ 1442695040888963407
                let post = Int((x >> 33) % 3_000)
                targets.append(UInt32(i == 5 ? 1_000 + post % 1_000 : post))
            }
            rowStart.append(targets.count)
        }
        return (rowStart, targets)
    }

    @Test func stagedDeliveryGivesTheSameBits() throws {
        let arena = Arena()
        let (rowStart, targets) = rows()
        let bounds = [0, 1_000, 2_000, 3_000]
        // 0.1 is not a float32 sum of its own copies, so a different order of additions would show.
        let c = CanonicalConnectivity(rowStart: rowStart, targets: targets, weights: nil, weight: 0.1)
        let conn = try Connectivity<Float>.sparse(c, preCount: 300, postCount: 3_000, postBounds: bounds, arena: arena,
                                                  what: "test") { nil }
        guard case .sparse(let table) = conn.layout else { Issue.record("not a sparse layout"); return }
        #expect(table.segmentsDiffer)
        let staging = try DeliveryStaging(arena: arena)
        let spiking: [Int32] = Array(0..<300) + [5, 299, 7, 5]
        func deliver(_ walks: [Range<Int>], staged: Bool) throws -> [Float] {
            let pending = try arena.allocate(Float.self, count: 3_000, what: "test")
            spiking.withUnsafeBufferPointer { rows in
                for tiles in walks {
                    conn.deliver(rows: rows.baseAddress!, count: rows.count, rowOffset: 0, tiles: tiles, into: pending,
                                 staging: staged ? staging : nil)
                }
            }
            return Array(UnsafeBufferPointer(start: pending, count: 3_000))
        }
        let direct = try deliver([0..<3], staged: false)
        #expect(direct.filter { $0 != 0 }.count > 2_500)
        for walks in [[0..<3], [0..<1, 1..<3], [0..<2, 2..<3], [0..<1, 1..<2, 2..<3]] {
            let staged = try deliver(walks, staged: true)
            #expect(staged.elementsEqual(direct) { $0.bitPattern == $1.bitPattern }, "\(walks)")
        }
    }

    /// Rows of one length into one tile have segments of one length: the direct walk's loop is
    /// predictable there and the table does not stage.
    @Test func segmentsOfOneLengthAreNoted() throws {
        let arena = Arena()
        let (rowStart, targets, _) = randomRows(pre: 40, post: 500, perRow: 12, seed: 3)
        let c = CanonicalConnectivity(rowStart: rowStart, targets: targets, weights: nil, weight: 1)
        for (bounds, differ) in [([0, 500], false), ([0, 256, 500], true)] {
            let conn = try Connectivity<Float>.sparse(c, preCount: 40, postCount: 500, postBounds: bounds, arena: arena,
                                                      what: "test") { nil }
            guard case .sparse(let table) = conn.layout else { Issue.record("not a sparse layout"); return }
            #expect(table.segmentsDiffer == differ, "\(bounds)")
        }
    }
}

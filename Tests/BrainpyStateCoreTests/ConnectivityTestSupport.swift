@testable import BrainpyStateCore

/// `pre` rows of `perRow` targets below `post` and weights in {0, 0.25, ..., 1.5}, drawn with a linear
/// congruential generator from `seed`: connectivity for tests of the tables and their walks.
func randomRows(pre: Int, post: Int, perRow: Int, seed: UInt64) -> (rowStart: [Int], targets: [UInt32], weights: [Double]) {
    var rowStart = [0], targets: [UInt32] = [], weights: [Double] = []
    var x = seed
    for _ in 0..<pre {
        for _ in 0..<perRow {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            targets.append(UInt32((x >> 33) % UInt64(post)))
            weights.append(Double((x >> 40) % 7) * 0.25)
        }
        rowStart.append(targets.count)
    }
    return (rowStart, targets, weights)
}

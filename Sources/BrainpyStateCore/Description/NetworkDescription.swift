/// Everything a user described, before and after compile (compile reads it; parameter writes after
/// compile update it and re-derive the constants).
final class NetworkDescription {
    /// Step size in ms (internal time unit).
    let dt: Double
    let seed: UInt64
    let precision: Int
    /// Worker threads of the step (resolved: >= 1).
    let threads: Int
    /// Rows of the batch axis (0: none, states are [N]; B >= 1: states are [B, N]).
    var batchSize = 0
    /// Compiled replicas: one per batch row, or one without a batch axis.
    var rows: Int { max(batchSize, 1) }
    var populations: [PopulationDescription] = []
    var projections: [ProjectionDescription] = []
    var monitors: [(target: MonitorTarget, indices: [Int]?)] = []
    /// Whether sibling projections share one table (Siblings). Off only to compare the results with
    /// those of the layout without sharing (SiblingTests).
    var shareTables = true

    init(dt: Double, seed: UInt64, precision: Int, threads: Int) {
        self.dt = dt
        self.threads = threads
        self.seed = seed
        self.precision = precision
    }
}

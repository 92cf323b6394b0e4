/// Everything a user described, before and after compile (compile reads it; parameter writes after
/// compile update it and re-derive the constants).
final class NetworkDescription {
    /// Step size in ms (internal time unit).
    let dt: Double
    let seed: UInt64
    let precision: Int
    var populations: [PopulationDescription] = []
    var projections: [ProjectionDescription] = []
    var monitors: [(target: MonitorTarget, indices: [Int]?)] = []

    init(dt: Double, seed: UInt64, precision: Int) {
        self.dt = dt
        self.seed = seed
        self.precision = precision
    }
}

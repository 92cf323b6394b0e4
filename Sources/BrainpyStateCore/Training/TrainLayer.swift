/// A scalar setting of a training layer (tau, V_th, ...): its brainpy.state keyword, default and unit.
/// Values are kept in the unit brainpy.state's training examples use (ms, mV, mA, ohm, so R·I is in mV).
public struct LayerSetting: Sendable {
    public let name: String
    public let defaultValue: Double
    /// "" for dimensionless.
    public let unit: String
    /// Accepted range: time constants and thresholds' scale must be positive.
    let positive: Bool

    init(_ name: String, _ value: Double, _ unit: String = "", positive: Bool = false) {
        self.name = name
        self.defaultValue = value
        self.unit = unit
        self.positive = positive
    }
}

/// One layer of a trainable `Sequential`. A network runs layer by layer over the whole sequence
/// (a feed-forward chain has no dependence of layer k on layer k+1), so a Linear layer is one matrix
/// product over all T·B rows and each stateful layer loops over time on its own.
class TrainLayer<F: SimFloat> {
    /// The brainpy.state class name ("Linear", "LIF", ...).
    let kind: String
    let inSize: Int
    let outSize: Int
    /// Arrays that training may change, in a fixed order (weight before bias).
    var params: [TrainParam<F>] = []
    /// Scalar settings in the layer's units.
    var settings: [String: Double] = [:]
    let settingSpecs: [LayerSetting]
    /// The forward pass's spike function (neuron layers).
    var surrogate = Surrogate(.reluGrad)
    var hardReset = false
    /// Test mode: spikes are the surrogate's smooth primitive instead of the Heaviside step, which makes
    /// the surrogate gradient the true gradient, so finite differences of the loss can check it.
    var smoothSpikes = false
    /// The network's worker threads (nil: the caller's thread only).
    var pool: WorkerPool?

    init(kind: String, inSize: Int, outSize: Int, settings: [LayerSetting]) {
        self.kind = kind
        self.inSize = inSize
        self.outSize = outSize
        self.settingSpecs = settings
        for s in settings { self.settings[s.name] = s.defaultValue }
    }

    var isNeuron: Bool { false }

    func setting(_ name: String) -> Double { settings[name] ?? .nan }

    func param(_ name: String) -> TrainParam<F>? { params.first { $0.name == name } }

    /// Set a scalar setting already converted to the layer's unit. Time constants that are also
    /// trainable arrays (tau) are filled with the value.
    func set(_ name: String, _ value: Double) throws(EngineError) {
        guard let spec = settingSpecs.first(where: { $0.name == name }) else {
            let known = settingSpecs.map(\.name) + params.map(\.name)
            throw EngineError.unknown("\(kind) has no parameter '\(name)' (it has: \(known.joined(separator: ", ")))")
        }
        guard value.isFinite, !spec.positive || value > 0 else {
            throw EngineError.invalid("\(kind).\(name) must be \(spec.positive ? "positive and finite" : "finite"), got \(value)")
        }
        if let p = param(name) {
            try p.assign([Double](repeating: value, count: p.count), owner: kind)
        }
        settings[name] = value
    }

    /// Check the settings together and precompute per-run constants.
    func prepare(dt: Double) throws(EngineError) {}

    /// y[T·B·out] from x[T·B·in], starting from the initial state; keeps what backward needs.
    func forward(_ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>, steps: Int, batch: Int, checkpointEvery: Int) {}

    /// Given dL/dy for the whole sequence, accumulate parameter gradients and, when gx is given,
    /// write dL/dx. Called after `forward` on the same x.
    func backward(_ x: UnsafePointer<F>, _ gy: UnsafePointer<F>, _ gx: UnsafeMutablePointer<F>?,
                  steps: Int, batch: Int) {}

    /// Memory this layer keeps between forward and backward, in elements.
    var tapeElements: Int { 0 }

    /// body(range, part) for contiguous ranges covering 0..<count, one per worker thread (part), in
    /// parallel (ranges start at multiples of `align`; 16 elements keep threads off each other's cache
    /// lines).
    func inParallel(_ count: Int, align: Int = 16, _ body: @escaping (Range<Int>, Int) -> Void) {
        guard let pool, count >= 2 * align * pool.count else { body(0..<count, 0); return }
        let parts = pool.count
        func bound(_ p: Int) -> Int { p == parts ? count : (count * p / parts) / align * align }
        pool.run(ParallelSection { p in body(bound(p)..<bound(p + 1), p) })
    }
}

/// A closure as the work of one pool section.
final class ParallelSection: ParallelWork {
    let body: (Int) -> Void
    init(_ body: @escaping (Int) -> Void) { self.body = body }
    func work(part: Int) { body(part) }
}

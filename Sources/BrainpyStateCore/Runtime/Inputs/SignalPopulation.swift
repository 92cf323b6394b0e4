/// The deterministic time functions of brainpy.state (SectionInput, ConstantInput, StepInput,
/// RampInput, SinusoidalInput; spec neurons §9.5–§9.9): output_j = amplitude_j·f(t) + offset_j
/// inside the window, 0 outside. f(t) and the window are evaluated once per step, in the network's
/// precision, with t = F(i)·F(dt) and times in ms, the way the reference forms them.
final class SignalPopulation<F: SimFloat>: InputPopulation<F> {
    private enum Kind: String { case section = "SectionInput", constant = "ConstantInput", step = "StepInput",
                                     ramp = "RampInput", sinusoid = "SinusoidalInput" }
    private let kind: Kind
    private let out: UnsafeMutablePointer<F>
    private let amplitude: UnsafeMutablePointer<F>
    private let offset: UnsafeMutablePointer<F>
    /// Set when amplitude and offset are the same for every element (the output is one value).
    private var uniform: (amplitude: F, offset: F)?
    /// SectionInput: cumulative ends; StepInput: sorted start times (F, ms).
    private var times: [F] = []
    /// SectionInput / StepInput: the value of each section or step.
    private var levels: [F] = []
    /// Window [start, end) (Ramp; Constant: [−inf, end)) and 1/length of the ramp, in ms (the
    /// reference's `/ duration` compiles to a product with the reciprocal, see SpikeTimePopulation).
    private var start: F = 0, end: F = 0, perLength: F = 1
    /// Sinusoid: 2π·f in 1/s, window end in s (the reference evaluates the sinusoid in seconds).
    private var omega: F = 0, endSeconds: F = 0
    /// This step's window and factor.
    private var active = false
    private var factor: F = 0

    override init(_ desc: PopulationDescription, dt: Double, threads: Int, arena: Arena, rng: Philox) throws(EngineError) {
        guard let kind = Kind(rawValue: desc.spec.name) else { throw EngineError(.internal, "no signal for \(desc.spec.name)") }
        self.kind = kind
        out = try arena.allocate(F.self, count: desc.size, what: "output of population \(desc.id)")
        amplitude = try arena.allocate(F.self, count: desc.size, what: "amplitudes of population \(desc.id)")
        offset = try arena.allocate(F.self, count: desc.size, what: "offsets of population \(desc.id)")
        try super.init(desc, dt: dt, threads: threads, arena: arena, rng: rng)
        try bind(desc, rng: rng)
    }

    override var output: UnsafeMutablePointer<F>? { out }

    override func bind(_ desc: PopulationDescription, rng: Philox) throws(EngineError) {
        var a = Realized.uniform(1), b = Realized.uniform(0)
        switch kind {
        case .section:
            let values = try list(desc, "values"), durations = try list(desc, "durations")
            guard values.count == durations.count else {
                throw .invalid("SectionInput: \"values\" and \"durations\" must be the same length, got \(values.count) != \(durations.count)")
            }
            // cumsum in the network precision, one rounding per addition (numpy's cumsum).
            var sum: F = 0
            times = durations.map { d in sum += F(d); return sum }
            levels = values.map { F($0) }
        case .step:
            let values = try list(desc, "amplitudes"), starts = try list(desc, "step_times")
            guard values.count == starts.count else {
                throw .invalid("StepInput: \"amplitudes\" and \"step_times\" must be the same length, got \(values.count) != \(starts.count)")
            }
            let order = starts.indices.sorted { starts[$0] < starts[$1] || (starts[$0] == starts[$1] && $0 < $1) }
            times = order.map { F(starts[$0]) }
            levels = order.map { F(values[$0]) }
        case .constant:
            a = try perElement(desc, "value")
            start = -F.infinity
            end = F(try scalar(desc, "duration"))
        case .ramp:
            let cStart = try perElement(desc, "c_start"), cEnd = try perElement(desc, "c_end")
            let duration = try scalar(desc, "duration"), tStart = try scalar(desc, "t_start")
            // c_end − c_start in double, as the reference subtracts the two magnitudes before the product.
            a = cStart.isUniform && cEnd.isUniform ? .uniform(cEnd.value(at: 0) - cStart.value(at: 0))
                : .perNeuron((0..<size).map { cEnd.value(at: $0) - cStart.value(at: $0) })
            b = cStart
            start = F(tStart)
            end = F(tStart + duration)
            perLength = 1 / F(duration)
        case .sinusoid:
            a = try perElement(desc, "amplitude")
            b = try perElement(desc, "bias")
            omega = F(2 * Double.pi * (try scalar(desc, "frequency") * 1000))
            endSeconds = F(try scalar(desc, "duration") * 1e-3)
        }
        fill(amplitude, a)
        fill(offset, b)
        uniform = a.isUniform && b.isUniform ? (F(a.value(at: 0)), F(b.value(at: 0))) : nil
    }

    /// The window and factor of step i at time t.
    override func prepare(step: Int, t: F) {
        switch kind {
        case .section:
            // searchsorted(cum, t, side='right'): a boundary instant belongs to the next section.
            let k = times.count(where: { $0 <= t })
            active = k < levels.count
            factor = active ? levels[k] : 0
        case .step:
            let k = times.count(where: { $0 <= t }) - 1
            active = k >= 0
            factor = active ? levels[k] : 0
        case .constant:
            active = t < end
            factor = 1
        case .ramp:
            active = t >= start && t < end
            factor = (t - start) * perLength
        case .sinusoid:
            let seconds = t * F(1e-3)
            active = seconds >= 0 && seconds < endSeconds
            factor = F(MathC.sin(Double(omega * seconds)))
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func generate(tile: Int, step: Int, t: F) {
        let (lo, hi) = (core.bounds[tile], core.bounds[tile + 1])
        guard lo < hi else { return }
        guard active else {
            (out + lo).update(repeating: 0, count: hi - lo)
            return
        }
        let f = factor
        if let u = uniform {
            (out + lo).update(repeating: u.offset + u.amplitude * f, count: hi - lo)
            return
        }
        let (a, b, o) = (amplitude, offset, out)
        for j in lo..<hi { o[j] = b[j] + a[j] * f }
    }
}

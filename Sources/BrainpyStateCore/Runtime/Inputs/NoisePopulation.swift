/// WienerProcessInput and OUProcessInput (spec neurons §9.10–§9.11). One standard normal ξ per element
/// and step, from Philox keyed by (seed, stream, step, element): the pair of block ⌊j/2⌋.
///   Wiener: output = σ·√dt·ξ while t < duration, else 0.
///   OU:     x ← x + (mean − x)·dt/τ + σ·√dt·ξ and output = x while t < duration; afterwards x is
///           frozen and the output is 0. x starts at mean (init_all_states).
/// √dt is the square root of dt's number in ms: brainpy takes the number of dt in whatever unit dt
/// was given, so the two agree when brainpy's dt is given in ms.
final class NoisePopulation<F: SimFloat>: InputPopulation<F> {
    private let ou: Bool
    private let out: UnsafeMutablePointer<F>
    /// OU's state (unused by Wiener).
    private let x: UnsafeMutablePointer<F>
    /// σ·√dt, OU's mean and dt/τ per element.
    private let scale: UnsafeMutablePointer<F>
    private let mean: UnsafeMutablePointer<F>
    private let rate: UnsafeMutablePointer<F>
    private var end: F = 0
    private var active = false

    override init(_ desc: PopulationDescription, dt: Double, threads: Int, arena: Arena, rng: Philox) throws(EngineError) {
        ou = desc.spec.name == "OUProcessInput"
        out = try arena.allocate(F.self, count: desc.size, what: "output of population \(desc.id)")
        x = try arena.allocate(F.self, count: desc.size, what: "x of population \(desc.id)")
        scale = try arena.allocate(F.self, count: desc.size, what: "sigma of population \(desc.id)")
        mean = try arena.allocate(F.self, count: desc.size, what: "mean of population \(desc.id)")
        rate = try arena.allocate(F.self, count: desc.size, what: "tau of population \(desc.id)")
        try super.init(desc, dt: dt, threads: threads, arena: arena, rng: rng)
        try bind(desc, rng: rng)
    }

    override var output: UnsafeMutablePointer<F>? { out }

    override func stateColumn(_ name: String) -> UnsafeMutablePointer<F>? {
        name == "x" && ou ? x : super.stateColumn(name)
    }

    override func bind(_ desc: PopulationDescription, rng: Philox) throws(EngineError) {
        let root = dt.squareRoot()
        fill(scale, try perElement(desc, "sigma")) { $0 * root }
        end = F(try scalar(desc, "duration"))
        if ou {
            fill(mean, try perElement(desc, "mean"))
            fill(rate, try perElement(desc, "tau")) { self.dt / $0 }
        }
    }

    /// brainstate's init_all_states: x = mean. (brainpy's reset_all_states would keep x: the class has
    /// no reset_state; the engine has one re-initialisation, which sets x to mean.)
    override func initStates(rng: Philox) throws(EngineError) {
        try super.initStates(rng: rng)
        if ou { x.update(from: mean, count: size) }
    }

    override func prepare(step: Int, t: F) { active = t < end }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func generate(tile: Int, step: Int, t: F) {
        let (lo, hi) = (core.bounds[tile], core.bounds[tile + 1])
        guard lo < hi else { return }
        guard active else {
            (out + lo).update(repeating: 0, count: hi - lo)
            return
        }
        let (o, s, m, k, state) = (out, scale, mean, rate, x)
        let (rng, stream) = (self.draws, self.stream)
        // lo is a multiple of 16, so pairs never straddle tiles; an odd size writes one padding element.
        var j = lo
        if ou {
            while j < hi {
                let (z0, z1) = rng.normalPair(j >> 1, step: step, stream: stream)
                let v0 = state[j], v1 = state[j + 1]
                let n0 = v0 + (m[j] - v0) * k[j] + s[j] * F(z0)
                let n1 = v1 + (m[j + 1] - v1) * k[j + 1] + s[j + 1] * F(z1)
                state[j] = n0
                state[j + 1] = n1
                o[j] = n0
                o[j + 1] = n1
                j += 2
            }
        } else {
            while j < hi {
                let (z0, z1) = rng.normalPair(j >> 1, step: step, stream: stream)
                o[j] = s[j] * F(z0)
                o[j + 1] = s[j + 1] * F(z1)
                j += 2
            }
        }
    }
}

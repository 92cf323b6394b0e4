/// PoissonInput (spec neurons §9.4): the summed effect of num_input Poisson sources of rate freq, each
/// spike adding weight, drawn per element and step and added to the bound population's state just
/// before that population updates (the pull runs in the owner's tile, see InputPulls). With
/// p = 1 − exp(−freq·dt), a = N·p, b = N·(1 − p):
///   a > 5 and b > 5:  K = max(round_half_even(ξ·√(b·p) + a), 0) in the network precision, ξ ~ N(0, 1);
///   otherwise:        K ~ Binomial(N, p), drawn exactly by inversion of the minority count (mean ≤ 5).
/// The draws are Philox's (statistically equal to the reference's, not its JAX stream). `output` is
/// K·weight, the value added this step.
final class PoissonInputPopulation<F: SimFloat>: InputPopulation<F> {
    private let out: UnsafeMutablePointer<F>
    private let weight: UnsafeMutablePointer<F>
    private var normal = false
    private var mean: F = 0, std: F = 0
    /// Binomial inversion: n sources, minority probability q = min(p, 1 − p), (1 − q)^n, q/(1 − q),
    /// and whether the count drawn is of failures (p > 1/2).
    private var n = 0
    private var pmf0 = 1.0, ratio = 0.0
    private var failures = false

    override init(_ desc: PopulationDescription, dt: Double, threads: Int, arena: Arena, rng: Philox) throws(EngineError) {
        out = try arena.allocate(F.self, count: desc.size, what: "output of population \(desc.id)")
        weight = try arena.allocate(F.self, count: desc.size, what: "weights of population \(desc.id)")
        try super.init(desc, dt: dt, threads: threads, arena: arena, rng: rng)
        try bind(desc, rng: rng)
    }

    override var output: UnsafeMutablePointer<F>? { out }

    override func bind(_ desc: PopulationDescription, rng: Philox) throws(EngineError) {
        n = Int(try scalar(desc, "num_input"))
        let freq = try scalar(desc, "freq")
        fill(weight, try perElement(desc, "weight"))
        // The reference forms p, a and b in its float precision.
        let p = F(-MathC.expm1(-freq * dt))
        let a = F(n) * p, b = F(n) * (1 - p)
        normal = a > 5 && b > 5
        mean = a
        std = (b * p).squareRoot()
        let pd = Double(p)
        failures = pd > 0.5
        let q = failures ? 1 - pd : pd
        pmf0 = q > 0 ? MathC.exp(Double(n) * MathC.log1p(-q)) : 1
        ratio = q < 1 ? q / (1 - q) : 0
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func generate(tile: Int, step: Int, t: F) {
        let (lo, hi) = (core.bounds[tile], core.bounds[tile + 1])
        guard lo < hi else { return }
        let (o, w, rng, stream) = (out, weight, self.draws, self.stream)
        if normal {
            let (a, s) = (mean, std)
            var j = lo
            while j < hi {
                let (z0, z1) = rng.normalPair(j >> 1, step: step, stream: stream)
                o[j] = max((F(z0) * s + a).rounded(.toNearestOrEven), 0) * w[j]
                o[j + 1] = max((F(z1) * s + a).rounded(.toNearestOrEven), 0) * w[j + 1]
                j += 2
            }
            return
        }
        let (count, p0, r, flip) = (n, pmf0, ratio, failures)
        for j in lo..<hi {
            let (a, b, _, _) = rng.words(j, step: step, stream: stream)
            let u = Philox.unit53(a, b)
            // Smallest k with u < P(K <= k); also stops where the pmf underflows.
            var k = 0
            var pmf = p0
            var cdf = p0
            while u >= cdf, k < count, pmf > 0 {
                pmf *= r * Double(count - k) / Double(k + 1)
                k += 1
                cdf += pmf
            }
            o[j] = F(flip ? count - k : k) * w[j]
        }
    }
}

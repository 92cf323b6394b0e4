/// PoissonSpike and PoissonEncoder (spec neurons §9.2–§9.3): element j spikes at step i when the 32-bit
/// word j mod 4 of Philox block (seed, stream, i, ⌊j/4⌋) is below p_j·2^32, with the exact probability
/// p = 1 − exp(−rate·dt) of the reference. PoissonSpike's rates are its `freqs`; PoissonEncoder's
/// are its input x of the step (persistent plus one-shot inputs, or the closed-loop step's input).
/// A rate of 0 never spikes (the reference's U <= p fires with probability 2^-23 there).
final class PoissonPopulation<F: SimFloat>: InputPopulation<F> {
    private let encoder: Bool
    /// PoissonSpike: P(spike)·2^32 per element.
    private let thresholds: UnsafeMutablePointer<UInt32>

    override init(_ desc: PopulationDescription, dt: Double, threads: Int, arena: Arena, rng: Philox) throws(EngineError) {
        encoder = desc.spec.name == "PoissonEncoder"
        thresholds = try arena.allocate(UInt32.self, count: desc.size, what: "rates of population \(desc.id)")
        try super.init(desc, dt: dt, threads: threads, arena: arena, rng: rng)
        try bind(desc, rng: rng)
    }

    override func bind(_ desc: PopulationDescription, rng: Philox) throws(EngineError) {
        guard !encoder else { return }
        let freqs = try perElement(desc, "freqs")
        for j in 0..<size { thresholds[j] = Philox.threshold(-MathC.expm1(-freqs.value(at: j) * dt)) }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func generate(tile: Int, step: Int, t: F) {
        let c = core
        let (lo, hi) = (c.bounds[tile], c.bounds[tile + 1])
        guard lo < hi else {
            c.setNextSpikeCount(tile: tile, 0)
            return
        }
        if encoder {
            // This step's rates into the threshold column (the encoder's only use of it).
            let (ext, once, useOnce, step) = (c.iExternal, c.iOnce, c.hasOnce, F(dt))
            for j in lo..<hi {
                let rate = useOnce ? ext[j] + once[j] : ext[j]
                thresholds[j] = Philox.threshold(Double(-F.expm1Fast(-rate * step)))
            }
            c.clearOneShots(tile: tile)
        }
        let list = c.nextSpikeList(tile: tile)
        let (spike, limit, rng, stream) = (c.spike, thresholds, self.draws, self.stream)
        var count = 0
        var j = lo
        while j < hi {
            let (w0, w1, w2, w3) = rng.words(j >> 2, step: step, stream: stream)
            // Blocks start at multiples of 4 (tiles start at multiples of 16): padding lanes are skipped.
            let n = min(4, hi - j)
            let words = (w0, w1, w2, w3)
            for lane in 0..<n {
                let w: UInt32
                switch lane {
                case 0: w = words.0
                case 1: w = words.1
                case 2: w = words.2
                default: w = words.3
                }
                let fired = w < limit[j + lane]
                spike[j + lane] = fired ? 1 : 0
                if fired {
                    list[count] = Int32(truncatingIfNeeded: j + lane)
                    count += 1
                }
            }
            j += 4
        }
        c.setNextSpikeCount(tile: tile, count)
    }

    override func finish() { core.flip() }
}

/// How a population's synapse channels drive its neuron kernel in one step, chosen once per tile for
/// every neuron model (PopulationCore.prepareDrive). Each case holds a drive type (SynapticDrive),
/// which the portable kernels are specialised for; the AVX-512 build of the LIF kernel takes the
/// same description as arguments (LIFPopulation.stepAVX512). Its payloads are small and hold no class
/// references, so choosing costs neither copies of lanes nor reference counting.
enum DriveChoice<F: SimFloat> {
    /// No synapse targets the population.
    case none
    /// One or two homogeneous Expon COBA channels, advanced inside the neuron loop (FusedCOBA).
    case fused(FusedChannel<F>, FusedChannel<F>?)
    /// The channels summed beforehand into the population's G/GE/iSyn.
    case summed(AccumulatedDrive<F>)
    /// Summed, plus MgBlock outputs evaluated at V (no AVX-512 build).
    case blocked(BlockedDrive<F>)

    var isBlocked: Bool {
        if case .blocked = self { return true }
        return false
    }
}

/// A homogeneous COBA Expon channel for one tile: its g, the tile's increments and its constants
/// (SynapseChannel.uniformConstants), from which FusedCOBA makes its lanes.
typealias FusedChannel<F> = (g: UnsafeMutablePointer<F>, pending: UnsafeMutablePointer<F>,
                             constants: (step: F, invTau: F, factor: F))

extension FusedCOBA {
    init(_ c: FusedChannel<F>) { self.init(g: c.g, pending: c.pending, c.constants) }
}

extension PopulationCore {
    /// Prepares the drive of neurons [lo, hi) (tile `tile`) for this step's kernel. The common cases
    /// are left to it (their synapses advance inside the neuron loop); anything else is advanced and
    /// summed into G/GE/iSyn here, before the kernel (and MgBlock outputs into their own columns,
    /// read at V).
    @inline(__always)
    func prepareDrive(tile: Int, _ lo: Int, _ hi: Int) -> DriveChoice<F> {
        let channels = self.channels
        if channels.isEmpty { return .none }
        @inline(__always) func fused(_ c: SynapseChannel<F>) -> FusedChannel<F>? {
            guard c.output == .coba, let k = c.uniformConstants else { return nil }
            return (c.g, c.pending(tile: tile), k)
        }
        if channels.count == 1, let a = fused(channels[0]) { return .fused(a, nil) }
        if channels.count == 2, let a = fused(channels[0]), let b = fused(channels[1]) { return .fused(a, b) }
        for channel in channels { channel.update(lo, hi, tile: tile, G: G, GE: GE, iSyn: iSyn) }
        let linear = AccumulatedDrive(G: G, GE: GE, iSyn: iSyn)
        guard let terms = blockTerms else { return .summed(linear) }
        return .blocked(BlockedDrive(linear: linear, terms: terms, count: blockCount))
    }
}

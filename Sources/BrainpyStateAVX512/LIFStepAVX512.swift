/// The integrate-and-fire step (IF, LIF, LIFRef) compiled for AVX-512. The kernel's source files in
/// this directory are links to BrainpyStateCore's: the same code, built a second time with
/// `-target-cpu skylake-avx512` (Package.swift), so each 16-lane vector is one register instead of
/// two. BrainpyStateCore calls it when the CPU has AVX-512 (bpsshim_cpu_has_avx512) and otherwise
/// runs its own, portable build of the same function; both give the same bits (IEEE operations and
/// fused multiply-adds only). This module's copies of the kernel types are types distinct from the
/// engine's, so the entry point takes standard-library types: one labeled tuple.
public typealias LIFStepArguments<F> = (
    lo: Int, hi: Int,
    /// Homogeneous constants (R, 1/τ, V_th, V_reset, V_rest, τ_ref, 1/(V_th − V_reset)), or nil
    /// when the per-neuron columns below hold them.
    uniform: (R: F, invTau: F, vTh: F, vReset: F, vRest: F, tauRef: F, invDen: F)?,
    perNeuron: (R: UnsafePointer<F>, invTau: UnsafePointer<F>, vTh: UnsafePointer<F>, vReset: UnsafePointer<F>,
                vRest: UnsafePointer<F>, tauRef: UnsafePointer<F>, invDen: UnsafePointer<F>),
    columns: (V: UnsafeMutablePointer<F>, lastSpikeTime: UnsafeMutablePointer<F>, iExternal: UnsafePointer<F>,
              iOnce: UnsafePointer<F>, deltaOnce: UnsafePointer<F>),
    /// The persistent current when it is one value for every neuron (else read from iExternal).
    uniformExternal: F?,
    /// The drive: one or two homogeneous Expon COBA channels advanced in the loop, or the drive
    /// summed beforehand, or none of these (no synapses).
    first: (g: UnsafeMutablePointer<F>, pending: UnsafeMutablePointer<F>, step: F, invTau: F, factor: F)?,
    second: (g: UnsafeMutablePointer<F>, pending: UnsafeMutablePointer<F>, step: F, invTau: F, factor: F)?,
    summed: (G: UnsafePointer<F>, GE: UnsafePointer<F>, iSyn: UnsafePointer<F>)?,
    t: F, dt: F,
    refractory: Bool, hardReset: Bool, useOnce: Bool, useDelta: Bool,
    /// The tile's block masks (PopulationCore.blockSpikes), from which the spike list is made.
    blocks: UnsafeMutablePointer<UInt16>
)

public enum LIFStepAVX512 {
    /// One step of neurons [lo, hi) (see lifStep).
    public static func step(_ a: LIFStepArguments<Float>) { run(a) }
    public static func step(_ a: LIFStepArguments<Double>) { run(a) }

    /// The drive's type is chosen here; each drive gets its own function (one kernel per parameter
    /// layout and model inside it), as in the engine's LIFPopulation.update: a single function
    /// holding every variant optimises worse.
    @inline(__always)
    static func run<F: SimFloat>(_ a: LIFStepArguments<F>) {
        @inline(__always) func fused(
            _ k: (g: UnsafeMutablePointer<F>, pending: UnsafeMutablePointer<F>, step: F, invTau: F, factor: F)
        ) -> FusedCOBA<F> {
            FusedCOBA(g: k.g, pending: k.pending, (k.step, k.invTau, k.factor))
        }
        if let first = a.first, let second = a.second {
            return step(a, FusedCOBAPair(first: fused(first), second: fused(second)))
        }
        if let first = a.first { return step(a, fused(first)) }
        if let s = a.summed { return step(a, AccumulatedDrive(G: s.G, GE: s.GE, iSyn: s.iSyn)) }
        return step(a, NoDrive<F>())
    }

    @inline(never)
    static func step<D: SynapticDrive>(_ a: LIFStepArguments<D.F>, _ drive: D) {
        let uniform = a.uniform.map {
            LIFConstants(R: $0.R, invTau: $0.invTau, vTh: $0.vTh, vReset: $0.vReset, vRest: $0.vRest,
                         tauRef: $0.tauRef, invDen: $0.invDen)
        }
        let p = a.perNeuron
        let perNeuron = PerNeuronLIF(R: p.R, invTau: p.invTau, vTh: p.vTh, vReset: p.vReset, vRest: p.vRest,
                                     tauRef: p.tauRef, invDen: p.invDen)
        let c = a.columns
        let columns = LIFColumns(V: c.V, lastSpikeTime: c.lastSpikeTime, iExternal: c.iExternal,
                                 uniformExternal: a.uniformExternal, iOnce: c.iOnce, deltaOnce: c.deltaOnce)
        lifStep(a.lo, a.hi, uniform: uniform, perNeuron: perNeuron, refractory: a.refractory, drive, columns,
                       t: a.t, dt: a.dt, hardReset: a.hardReset, useOnce: a.useOnce, useDelta: a.useDelta,
                       blocks: a.blocks)
    }
}

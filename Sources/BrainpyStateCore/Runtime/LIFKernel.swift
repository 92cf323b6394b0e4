/// The step of the integrate-and-fire family (IF, LIF, LIFRef; brainpy.state lif.py, spec neurons §4, §6):
///   s = H((V - V_th)/(V_th - V_reset))            the previous step's spike, recomputed from V
///   V_r = V - (θ - V_reset)·s                      θ = V_th (soft) or V (hard)
///   V' = V_r + dt·exprel(dt·J)·f(V_r) + Σdelta      exponential Euler, f = (-v + V_rest + R·I(v))/τ
///   LIFRef: V' = V_r while t - last_spike_time < τ_ref; last_spike_time = t where V' >= V_th
/// I(v) = external + one-shot + Σ CUBA + Σ g·(E - v) (+ Σ MgBlock), so J = (-1 - R·G)/τ with G = −∂I/∂v
/// (Σg for COBA): the conductance is part of the linearisation, as in the reference. IF is LIF with
/// V_rest = V_reset = 0 (bit-identical).
struct LIFConstants<F: SimFloat> {
    var R: F
    var invTau: F
    var vTh: F
    var vReset: F
    var vRest: F
    var tauRef: F
    /// 1/(V_th - V_reset): the sign of (V - V_th)·invDen is the sign of brainpy's scaled V,
    /// including ±inf and NaN when V_th == V_reset.
    var invDen: F

    /// Whether (V - V_th)·invDen ≥ 0 is V ≥ V_th for every V (then the kernel tests V alone). It is
    /// when invDen is positive and finite, unless the product of a negative difference could round
    /// to −0 (which passes ≥ 0): when |V_th| ≥ 2^-100 a nonzero V - V_th is at least 2^-124 in size
    /// (float32; more in float64), and times invDen ≥ 2^-20 it stays above the smallest subnormal.
    var spikesAtCrossing: Bool {
        invDen.isFinite && invDen >= 0x1p-20 && abs(vTh) >= 0x1p-100
    }
}

/// The same constants on 16 lanes, and V_reset - V_th (the soft reset's step, hoisted out of the
/// block loop when the constants are homogeneous).
struct LIFLanes<F: SimFloat> {
    var R, invTau, vTh, vReset, vRest, tauRef, invDen, resetDelta: Lanes<F>

    init(_ k: LIFConstants<F>) {
        self.init(R: Lanes(repeating: k.R), invTau: Lanes(repeating: k.invTau), vTh: Lanes(repeating: k.vTh),
                  vReset: Lanes(repeating: k.vReset), vRest: Lanes(repeating: k.vRest),
                  tauRef: Lanes(repeating: k.tauRef), invDen: Lanes(repeating: k.invDen))
    }

    init(R: Lanes<F>, invTau: Lanes<F>, vTh: Lanes<F>, vReset: Lanes<F>, vRest: Lanes<F>, tauRef: Lanes<F>,
         invDen: Lanes<F>) {
        (self.R, self.invTau, self.vTh, self.vReset, self.vRest, self.tauRef, self.invDen) =
            (R, invTau, vTh, vReset, vRest, tauRef, invDen)
        resetDelta = vReset - vTh
    }
}

protocol LIFParameters {
    associatedtype F: SimFloat
    /// Whether the spike test is V ≥ V_th (LIFConstants.spikesAtCrossing holds for every neuron).
    static var spikesAtCrossing: Bool { get }
    func at(_ j: Int) -> LIFConstants<F>
    func lanes(_ j: Int) -> LIFLanes<F>
}

/// Which spike test a kernel compiles (a type, so that the other test's operations disappear).
protocol SpikeTest { static var atCrossing: Bool { get } }
/// V ≥ V_th: the same result as the scaled test where LIFConstants.spikesAtCrossing holds, in one
/// comparison (which LIFRef's refractory update makes anyway) instead of a subtraction, a
/// multiplication and a comparison.
enum CrossingTest: SpikeTest { static var atCrossing: Bool { true } }
/// (V - V_th)·invDen ≥ 0, brainpy's own form.
enum ScaledTest: SpikeTest { static var atCrossing: Bool { false } }

struct UniformLIF<F: SimFloat, Test: SpikeTest>: LIFParameters {
    static var spikesAtCrossing: Bool { Test.atCrossing }
    let constants: LIFConstants<F>
    let broadcast: LIFLanes<F>
    init(constants: LIFConstants<F>) {
        self.constants = constants
        broadcast = LIFLanes(constants)
    }
    @inline(__always) func at(_ j: Int) -> LIFConstants<F> { constants }
    @inline(__always) func lanes(_ j: Int) -> LIFLanes<F> { broadcast }
}

struct PerNeuronLIF<F: SimFloat>: LIFParameters {
    static var spikesAtCrossing: Bool { false }
    let R, invTau, vTh, vReset, vRest, tauRef, invDen: UnsafePointer<F>
    @inline(__always) func at(_ j: Int) -> LIFConstants<F> {
        LIFConstants(R: R[j], invTau: invTau[j], vTh: vTh[j], vReset: vReset[j], vRest: vRest[j],
                     tauRef: tauRef[j], invDen: invDen[j])
    }
    @inline(__always) func lanes(_ j: Int) -> LIFLanes<F> {
        LIFLanes(R: R.lanes(j), invTau: invTau.lanes(j), vTh: vTh.lanes(j), vReset: vReset.lanes(j),
                 vRest: vRest.lanes(j), tauRef: tauRef.lanes(j), invDen: invDen.lanes(j))
    }
}

/// Whether the model has a refractory period (a type, so the branch disappears at compile).
protocol Refractoriness { static var enabled: Bool { get } }
enum WithRefractory: Refractoriness { static var enabled: Bool { true } }
enum WithoutRefractory: Refractoriness { static var enabled: Bool { false } }

/// The options a step reads besides the columns: hard reset (else soft), one-shot currents, one-shot
/// voltage jumps, and where the persistent current comes from (ModelPopulation's kernels take
/// ColumnStep and StepOptions too). A type, so that the common case
/// compiles without their per-block tests: with them as values the AVX2 block loop of the COBA
/// network had 172 instructions per 16 neurons, 141 with them constant (fewer spills as well as the
/// tests themselves; tools/bench/kernel_asm counts them), 130 without the spike flags' load and
/// store and with the current as a value.
protocol LIFStepOptions {
    associatedtype F: SimFloat
    var hardReset: Bool { get }
    var useOnce: Bool { get }
    var useDelta: Bool { get }
    /// The persistent current of the 16 neurons from j.
    func external(_ column: UnsafePointer<F>, _ j: Int) -> Lanes<F>
}
/// Soft reset, no one-shot input this step, and one persistent current for every neuron (no column
/// read: 4 fewer bytes per neuron and step, which count where the states outgrow the caches).
struct PlainStep<F: SimFloat>: LIFStepOptions {
    let current: Lanes<F>
    var hardReset: Bool { false }
    var useOnce: Bool { false }
    var useDelta: Bool { false }
    @inline(__always) func external(_ column: UnsafePointer<F>, _ j: Int) -> Lanes<F> { current }
}
/// Soft reset, no one-shot input this step, a persistent current per neuron.
struct ColumnStep<F: SimFloat>: LIFStepOptions {
    var hardReset: Bool { false }
    var useOnce: Bool { false }
    var useDelta: Bool { false }
    @inline(__always) func external(_ column: UnsafePointer<F>, _ j: Int) -> Lanes<F> { column.lanes(j) }
}
/// Any other combination, tested per block.
struct StepOptions<F: SimFloat>: LIFStepOptions {
    let hardReset: Bool, useOnce: Bool, useDelta: Bool
    @inline(__always) func external(_ column: UnsafePointer<F>, _ j: Int) -> Lanes<F> { column.lanes(j) }
}

/// The columns one LIF update reads and writes. Not the spike flags: the previous step's spike is
/// recomputed from V (the flags hold the same test of the same V) and the new one goes to the block
/// masks only; PopulationCore.spikeFlags() writes the flags when they are read. Reading and storing
/// them cost 8 bytes per neuron and step, a seventh of the kernel's memory traffic.
struct LIFColumns<F: SimFloat> {
    let V: UnsafeMutablePointer<F>
    let lastSpikeTime: UnsafeMutablePointer<F>
    let iExternal: UnsafePointer<F>
    /// The persistent current when it is one value for every neuron (PopulationCore.uniformExternal).
    let uniformExternal: F?
    let iOnce: UnsafePointer<F>
    let deltaOnce: UnsafePointer<F>
}

/// Which of the 16 neurons with voltage v spike (get_spike(): brainpy's scaled test, or V ≥ V_th
/// where that is the same).
@inline(__always)
func spiking<P: LIFParameters>(_ v: Lanes<P.F>, _ k: LIFLanes<P.F>, _: P) -> LaneMask<P.F> {
    P.spikesAtCrossing ? P.F.lanes(v, greaterOrEqual: k.vTh)
                       : P.F.lanes((v - k.vTh) * k.invDen, greaterOrEqual: Lanes(repeating: 0))
}

/// One step of neurons [lo, hi) in blocks of 16 lanes (lo is a multiple of 16; the last block may run
/// into the columns' padding). Explicit SIMD, so vectorisation does not depend on the optimiser
/// proving the columns distinct; fused multiply-adds where the reference's expression allows. Each
/// block's spiking lanes go to `blocks`, from which PopulationCore makes the spike list
/// (BlockSpikes.swift).
@inline(__always)
func lifUpdate<P: LIFParameters, Ref: Refractoriness, D: SynapticDrive, O: LIFStepOptions>(
    _ lo: Int, _ hi: Int, _ params: P, _: Ref.Type, _ drive: D, _ c: LIFColumns<P.F>, t: P.F, dt: P.F,
    _ options: O, blocks: UnsafeMutablePointer<UInt16>
) where D.F == P.F, O.F == P.F {
    typealias F = P.F
    let now = Lanes<F>(repeating: t)
    let step = Lanes<F>(repeating: dt)
    let zero = Lanes<F>(repeating: 0), one = Lanes<F>(repeating: 1), minusOne = Lanes<F>(repeating: -1)
    var j = lo
    while j < hi {
        let k = params.lanes(j)
        let v = c.V.lanes(j)
        // The previous step's spike, 1 or 0: the test this kernel and refreshSpikes store with V.
        let s = F.lanes(zero, replacedBy: one, where: spiking(v, k, params))
        let vr = F.fma(v, options.hardReset ? k.vReset - v : k.resetDelta, s)
        let external = options.external(c.iExternal, j)
        let x = options.useOnce ? external + c.iOnce.lanes(j) : external
        let (current, conductance) = drive.current(j, drive.advanceLanes(j), x: x, at: vr)
        let f = F.fma(k.vRest - vr, k.R, current) * k.invTau
        let jac = F.fnma(minusOne, k.R, conductance) * k.invTau
        let phi = F.exprelLanes(step * jac)
        var v1 = F.fma(vr, step * phi, f)
        if options.useDelta { v1 = v1 + c.deltaOnce.lanes(j) }
        var vNew = v1
        if Ref.enabled {
            let last = c.lastSpikeTime.lanes(j)
            vNew = F.lanes(v1, replacedBy: vr, where: F.lanes(now - last, less: k.tauRef))
            // Only where a neuron spiked: a block without one (92 % of blocks at 50 Hz) is not written.
            F.store(now, where: F.lanes(vNew, greaterOrEqual: k.vTh), at: c.lastSpikeTime + j)
        }
        c.V.setLanes(j, vNew)
        storeBlockSpikes(F.bits(spiking(vNew, k, params)), block: j, lo: lo, into: blocks)
        j &+= laneCount
    }
    trimBlockSpikes(lo: lo, upTo: hi, blocks)
}

/// One step of neurons [lo, hi) with the kernel specialised for the options (PlainStep, ColumnStep or
/// StepOptions), the parameter layout (homogeneous constants or per-neuron columns), the spike test
/// and the model (refractory or not). The portable build and the AVX-512 build (BrainpyStateAVX512)
/// both step through this function.
@inline(__always)
func lifStep<D: SynapticDrive>(
    _ lo: Int, _ hi: Int, uniform: LIFConstants<D.F>?, perNeuron: PerNeuronLIF<D.F>, refractory: Bool, _ drive: D,
    _ c: LIFColumns<D.F>, t: D.F, dt: D.F, hardReset: Bool, useOnce: Bool, useDelta: Bool,
    blocks: UnsafeMutablePointer<UInt16>
) {
    if !hardReset && !useOnce && !useDelta, let current = c.uniformExternal {
        lifStep(lo, hi, uniform: uniform, perNeuron: perNeuron, refractory: refractory, drive, c, t: t, dt: dt,
                PlainStep(current: Lanes(repeating: current)), blocks: blocks)
    } else if !hardReset && !useOnce && !useDelta {
        lifStep(lo, hi, uniform: uniform, perNeuron: perNeuron, refractory: refractory, drive, c, t: t, dt: dt,
                ColumnStep(), blocks: blocks)
    } else {
        lifStep(lo, hi, uniform: uniform, perNeuron: perNeuron, refractory: refractory, drive, c, t: t, dt: dt,
                StepOptions(hardReset: hardReset, useOnce: useOnce, useDelta: useDelta), blocks: blocks)
    }
}

/// lifStep for one kind of options. Top level: a generic function nested in lifStep was not inlined
/// whole (the lane loads became calls) and made the kernel 39 % slower.
@inline(__always)
func lifStep<D: SynapticDrive, O: LIFStepOptions>(
    _ lo: Int, _ hi: Int, uniform: LIFConstants<D.F>?, perNeuron: PerNeuronLIF<D.F>, refractory: Bool, _ drive: D,
    _ c: LIFColumns<D.F>, t: D.F, dt: D.F, _ options: O, blocks: UnsafeMutablePointer<UInt16>
) where O.F == D.F {
    typealias Crossing = UniformLIF<D.F, CrossingTest>
    typealias Scaled = UniformLIF<D.F, ScaledTest>
    switch (uniform, refractory) {
    case (let k?, true) where k.spikesAtCrossing:
        lifUpdate(lo, hi, Crossing(constants: k), WithRefractory.self, drive, c, t: t, dt: dt, options, blocks: blocks)
    case (let k?, false) where k.spikesAtCrossing:
        lifUpdate(lo, hi, Crossing(constants: k), WithoutRefractory.self, drive, c, t: t, dt: dt, options, blocks: blocks)
    case (let k?, true):
        lifUpdate(lo, hi, Scaled(constants: k), WithRefractory.self, drive, c, t: t, dt: dt, options, blocks: blocks)
    case (let k?, false):
        lifUpdate(lo, hi, Scaled(constants: k), WithoutRefractory.self, drive, c, t: t, dt: dt, options, blocks: blocks)
    case (nil, true):
        lifUpdate(lo, hi, perNeuron, WithRefractory.self, drive, c, t: t, dt: dt, options, blocks: blocks)
    case (nil, false):
        lifUpdate(lo, hi, perNeuron, WithoutRefractory.self, drive, c, t: t, dt: dt, options, blocks: blocks)
    }
}

/// Spike flags of the stored V without stepping (brainpy's get_spike()), after init or a V write.
@inline(__always)
func lifSpikes<P: LIFParameters>(_ n: Int, _ params: P, V: UnsafePointer<P.F>, spike: UnsafeMutablePointer<P.F>) {
    for j in 0..<n {
        let k = params.at(j)
        spike[j] = (V[j] - k.vTh) * k.invDen >= 0 ? 1 : 0
    }
}

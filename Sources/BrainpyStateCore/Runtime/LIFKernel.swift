/// The step of the integrate-and-fire family (IF, LIF, LIFRef; brainpy.state lif.py, spec neurons §4, §6):
///   s = H((V - V_th)/(V_th - V_reset))            the previous step's spike, recomputed from V
///   V_r = V - (θ - V_reset)·s                      θ = V_th (soft) or V (hard)
///   V' = V_r + dt·exprel(dt·J)·f(V_r) + Σdelta      exponential Euler, f = (-v + V_rest + R·I(v))/τ
///   LIFRef: V' = V_r while t - last_spike_time < τ_ref; last_spike_time = t where V' >= V_th
/// I(v) = external + one-shot + Σ CUBA + Σ g·(E - v), so J = (-1 - R·Σg)/τ: the COBA conductance is part
/// of the linearisation, as in the reference. IF is LIF with V_rest = V_reset = 0 (bit-identical).
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
}

protocol LIFParameters {
    associatedtype F: SimFloat
    func at(_ j: Int) -> LIFConstants<F>
}

struct UniformLIF<F: SimFloat>: LIFParameters {
    let constants: LIFConstants<F>
    @inline(__always) func at(_ j: Int) -> LIFConstants<F> { constants }
}

struct PerNeuronLIF<F: SimFloat>: LIFParameters {
    let R, invTau, vTh, vReset, vRest, tauRef, invDen: UnsafePointer<F>
    @inline(__always) func at(_ j: Int) -> LIFConstants<F> {
        LIFConstants(R: R[j], invTau: invTau[j], vTh: vTh[j], vReset: vReset[j], vRest: vRest[j],
                     tauRef: tauRef[j], invDen: invDen[j])
    }
}

/// Whether the model has a refractory period (a type, so the branch disappears at compile).
protocol Refractoriness { static var enabled: Bool { get } }
enum WithRefractory: Refractoriness { static var enabled: Bool { true } }
enum WithoutRefractory: Refractoriness { static var enabled: Bool { false } }

/// The columns one LIF update reads and writes.
struct LIFColumns<F: SimFloat> {
    let V: UnsafeMutablePointer<F>
    let lastSpikeTime: UnsafeMutablePointer<F>
    let spike: UnsafeMutablePointer<UInt8>
    let iExternal: UnsafePointer<F>
    let iOnce: UnsafePointer<F>
    let deltaOnce: UnsafePointer<F>
    let G: UnsafePointer<F>
    let GE: UnsafePointer<F>
    let iSyn: UnsafePointer<F>
}

/// One step of `n` neurons. Branch-free on the per-neuron path so that LLVM vectorises it;
/// the loop-invariant flags are unswitched.
@inline(__always)
func lifUpdate<P: LIFParameters, Ref: Refractoriness>(
    _ n: Int, _ params: P, _: Ref.Type, _ c: LIFColumns<P.F>, t: P.F, dt: P.F,
    hardReset: Bool, useOnce: Bool, useDelta: Bool
) {
    typealias F = P.F
    for j in 0..<n {
        let k = params.at(j)
        let v = c.V[j]
        let s: F = (v - k.vTh) * k.invDen >= 0 ? 1 : 0
        let theta = hardReset ? v : k.vTh
        let vr = v - (theta - k.vReset) * s
        let x = useOnce ? c.iExternal[j] + c.iOnce[j] : c.iExternal[j]
        let g = c.G[j]
        let current = (x + c.iSyn[j]) + (c.GE[j] - g * vr)
        let f = ((-vr + k.vRest) + k.R * current) * k.invTau
        let jac = (-1 - k.R * g) * k.invTau
        let phi = F.exprel(dt * jac)
        var v1 = vr + (dt * phi) * f
        if useDelta { v1 = v1 + c.deltaOnce[j] }
        if Ref.enabled {
            let last = c.lastSpikeTime[j]
            let held = (t - last) < k.tauRef
            let vNew = held ? vr : v1
            c.V[j] = vNew
            c.lastSpikeTime[j] = vNew >= k.vTh ? t : last
            c.spike[j] = (vNew - k.vTh) * k.invDen >= 0 ? 1 : 0
        } else {
            c.V[j] = v1
            c.spike[j] = (v1 - k.vTh) * k.invDen >= 0 ? 1 : 0
        }
    }
}

/// Spike flags of the stored V without stepping (brainpy's get_spike()), after init or a V write.
@inline(__always)
func lifSpikes<P: LIFParameters>(_ n: Int, _ params: P, V: UnsafePointer<P.F>, spike: UnsafeMutablePointer<UInt8>) {
    for j in 0..<n {
        let k = params.at(j)
        spike[j] = (V[j] - k.vTh) * k.invDen >= 0 ? 1 : 0
    }
}

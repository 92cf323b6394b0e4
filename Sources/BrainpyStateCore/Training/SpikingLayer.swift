/// The trainable integrate-and-fire neurons IF, LIF, LIFRef and ALIF (brainpy.state's lif.py), with
/// batch rows. One step, as brainpy.state runs it:
///   s = H(z(V, a)),  z = (V − V_th − β·a)/(V_th − V_reset)          (β·a only in ALIF)
///   V_r = V − (θ − V_reset)·s     θ = V_th (soft reset) or stop_gradient(V) (hard reset)
///   a_r = a + s;  V' = V_r + k·(−V_r + V_rest + R·x)/τ,  k = dt·exprel(−dt/τ);  a' = a_r·(1 − c_a)
///   LIFRef: while t − t_last < tau_ref the neuron holds V' = V_r; t_last = t when V' ≥ V_th
///   output H(z(V', a'))
/// Backward: H's derivative is the surrogate's, on both the output and the reset path (the reset is
/// differentiated, spec §7.5); the hard reset's θ carries no gradient. IF is LIF with V_reset =
/// V_rest = 0. The time constant tau (one per neuron) can be trained.
final class SpikingLayer<F: SimFloat>: ElementwiseLayer<F> {
    enum Variant { case integrateAndFire, leaky, refractory, adaptive }
    let variant: Variant
    /// Per element: τ, k = dt·exprel(−dt/τ), c = k/τ (= 1 − e^{−dt/τ}, the fraction V moves towards
    /// its target per step) and dc/dτ.
    private let membrane = SynapticDecay<F>()
    /// The settings of a run as scalars (read once per run, not per step: settings are a dictionary).
    private var k = Constants()
    /// The adjoint's per-element scratch: the reset's and the output's z, their surrogate slopes, the
    /// drive, whether the neuron was held (LIFRef).
    private let scratch = TrainBuffer<F>(count: 0)

    struct Constants {
        var r: F = 0, vth: F = 0, vreset: F = 0, vrest: F = 0, beta: F = 0, invD: F = 0
        var tauRef: F = 0, tauA: F = 0, kA: F = 0, cA: F = 0, dt: F = 0
    }

    init(kind: String, size: Int) throws(EngineError) {
        var specs = [LayerSetting("R", 1, "ohm"), LayerSetting("tau", 5, "ms", positive: true),
                     LayerSetting("V_th", 1, "mV")]
        switch kind {
        case "IF": variant = .integrateAndFire
        case "LIF": variant = .leaky
        case "LIFRef": variant = .refractory
        case "ALIF": variant = .adaptive
        default: throw EngineError.unknown("'\(kind)' is not a trainable neuron (IF, LIF, LIFRef, ALIF)")
        }
        if variant != .integrateAndFire { specs += [LayerSetting("V_reset", 0, "mV"), LayerSetting("V_rest", 0, "mV")] }
        if variant == .refractory { specs.append(LayerSetting("tau_ref", 5, "ms")) }
        if variant == .adaptive {
            specs += [LayerSetting("tau_a", 100, "ms", positive: true), LayerSetting("beta", 0.1, "mV"),
                      LayerSetting("a_initializer", 0)]
        }
        specs.append(LayerSetting("V_initializer", 0, "mV"))
        super.init(kind: kind, size: size, stateCount: variant == .leaky || variant == .integrateAndFire ? 1 : 2,
                   settings: specs)
        params = [TrainParam("tau", shape: [size], fill: 5, trainable: false, positive: true)]
    }

    override var isNeuron: Bool { true }

    override func prepare(dt: Double) throws(EngineError) {
        let integrate = variant == .integrateAndFire
        var c = Constants()
        c.dt = F(dt)
        c.r = F(setting("R"))
        c.vth = F(setting("V_th"))
        c.vreset = integrate ? 0 : F(setting("V_reset"))
        c.vrest = integrate ? 0 : F(setting("V_rest"))
        c.beta = variant == .adaptive ? F(setting("beta")) : 0
        if !(setting("V_th") - (integrate ? 0 : setting("V_reset")) > 0) {
            throw EngineError.invalid("\(kind): V_th must be above V_reset (the spike test divides by V_th − V_reset)")
        }
        c.invD = 1 / (c.vth - c.vreset)
        c.tauRef = F(setting("tau_ref"))
        c.tauA = F(setting("tau_a"))
        if variant == .adaptive {
            c.kA = c.dt * F.exprel(-c.dt / c.tauA)
            c.cA = c.kA / c.tauA
        }
        k = c
    }

    override func initialValue(_ s: Int) -> F {
        switch (variant, s) {
        case (_, 0): return F(setting("V_initializer"))
        case (.adaptive, _): return F(setting("a_initializer"))
        default: return -1e7   // LIFRef's last spike time
        }
    }

    override func refreshConstants(count: Int) {
        membrane.refresh(tau: params[0].value, dt: k.dt, count: count)
        scratch.resize(6 * count)
    }

    /// H(z), or the surrogate's primitive in the smooth test mode.
    @inline(__always)
    private static func spike(_ z: F, smooth: Bool, _ sur: Surrogate) -> F {
        smooth ? F(sur.primitive(Double(z))) : (z >= 0 ? 1 : 0)
    }

    /// Which loop body a run needs: the variant's extra state and the spike function, as constants of
    /// the loop (each combination is its own branch-free loop).
    private func dispatch(_ body: (_ adaptive: Bool, _ refractory: Bool, _ smooth: Bool) -> Void) {
        switch (variant, smoothSpikes) {
        case (.adaptive, false): body(true, false, false)
        case (.adaptive, true): body(true, false, true)
        case (.refractory, false): body(false, true, false)
        case (.refractory, true): body(false, true, true)
        case (_, false): body(false, false, false)
        case (_, true): body(false, false, true)
        }
    }

    /// One element's step from V (and a, or LIFRef's last spike time, in `second`): the reset's z, the
    /// drive, V' and a', whether LIFRef held V. Shared by the forward pass and the adjoint, which
    /// recomputes the step it differentiates.
    @inline(__always)
    private static func advance(_ v: F, _ second: F, x: F, k: F, tau: F, now: F, _ c: Constants, hard: Bool,
                                adaptive: Bool, refractory: Bool, smooth: Bool, _ sur: Surrogate)
        -> (z: F, drive: F, v: F, a: F, held: Bool) {
        let a: F = adaptive ? second : 0
        let z = (v - c.vth - c.beta * a) * c.invD
        let s = spike(z, smooth: smooth, sur)
        let vr = v - ((hard ? v : c.vth) - c.vreset) * s
        let drive = -vr + c.vrest + c.r * x
        let held = refractory && now - second < c.tauRef
        let vNew = held ? vr : vr + k * (drive / tau)
        let aNew: F = adaptive ? (a + s) + c.kA * (-(a + s) / c.tauA) : 0
        return (z, drive, vNew, aNew, held)
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func step(_ from: UnsafePointer<F>, _ to: UnsafeMutablePointer<F>, _ x: UnsafePointer<F>,
                       _ y: UnsafeMutablePointer<F>, t: Int, count: Int, range: Range<Int>) {
        let c = k, now = F(t) * c.dt   // step t's time as brainpy.state's loops form it
        let hard = hardReset, sur = surrogate
        let tau = membrane.tau.pointer, kv = membrane.k.pointer
        dispatch { adaptive, refractory, smooth in
            for i in range {
                let second: F = adaptive || refractory ? from[count + i] : 0
                let n = Self.advance(from[i], second, x: x[i], k: kv[i], tau: tau[i], now: now, c, hard: hard,
                                     adaptive: adaptive, refractory: refractory, smooth: smooth, sur)
                if adaptive { to[count + i] = n.a }
                if refractory { to[count + i] = n.v >= c.vth ? now : second }
                to[i] = n.v
                y[i] = Self.spike((n.v - c.vth - c.beta * n.a) * c.invD, smooth: smooth, sur)
            }
        }
    }

    /// Three passes over the elements: the step recomputed (z before and after, the drive when τ is
    /// trained, whether LIFRef held V), the surrogate slopes of both z in one loop per surrogate kind,
    /// then the adjoint.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func adjoint(_ before: UnsafePointer<F>, _ x: UnsafePointer<F>, _ gy: UnsafePointer<F>,
                          _ lambda: UnsafeMutablePointer<F>, _ gx: UnsafeMutablePointer<F>, t: Int, count: Int, range: Range<Int>) {
        let c = k, now = F(t) * c.dt
        let hard = hardReset, sur = surrogate
        let tau = membrane.tau.pointer, kv = membrane.k.pointer, cv = membrane.c.pointer, dcdtau = membrane.dcdtau.pointer
        let zIn = scratch.pointer, zOut = zIn + count, dIn = zOut + count, dOut = dIn + count
        let drives = dOut + count, held = drives + count
        let tg = tauGradient.pointer
        // each pass as a loop per combination of constants (`trained` too: no dL/dτ work when τ is fixed)
        @inline(__always) func recompute(adaptive: Bool, refractory: Bool, smooth: Bool, trained: Bool) {
            for i in range {
                let second: F = adaptive || refractory ? before[count + i] : 0
                let n = Self.advance(before[i], second, x: x[i], k: kv[i], tau: tau[i], now: now, c, hard: hard,
                                     adaptive: adaptive, refractory: refractory, smooth: smooth, sur)
                zIn[i] = n.z
                zOut[i] = (n.v - c.vth - c.beta * n.a) * c.invD
                if trained { drives[i] = n.drive }
                if refractory { held[i] = n.held ? 1 : 0 }
            }
        }
        @inline(__always) func backpropagate(adaptive: Bool, refractory: Bool, trained: Bool) {
            for i in range {
                let v = before[i]
                let sgOut = dOut[i]
                let lV = lambda[i] + gy[i] * sgOut
                let lA: F = adaptive ? lambda[count + i] - gy[i] * c.beta * sgOut : 0
                // V' from V_r and x (a held neuron passes V_r on unchanged)
                let hold = refractory && held[i] != 0
                let lVr = hold ? lV : lV * (1 - cv[i])
                gx[i] = hold ? 0 : lV * cv[i] * c.r
                if trained { tg[i] += hold ? 0 : lV * drives[i] * dcdtau[i] }
                let lAr = lA * (1 - c.cA)
                // the reset: s = H(z(V, a)) enters V_r and a_r
                let dsdV = dIn[i], dsda = -c.beta * dIn[i]
                let amount = hard ? v - c.vreset : c.vth - c.vreset
                lambda[i] = lVr * (1 - amount * dsdV) + lAr * dsdV
                if adaptive { lambda[count + i] = lVr * (-amount * dsda) + lAr * (1 + dsda) }
                if refractory { lambda[count + i] = 0 }
            }
        }
        let trained = tauTrained
        dispatch { adaptive, refractory, smooth in
            if trained {
                recompute(adaptive: adaptive, refractory: refractory, smooth: smooth, trained: true)
            } else {
                recompute(adaptive: adaptive, refractory: refractory, smooth: smooth, trained: false)
            }
        }
        let (lo, n) = (range.lowerBound, range.count)
        sur.derivatives(zIn + lo, dIn + lo, n, scale: c.invD)
        sur.derivatives(zOut + lo, dOut + lo, n, scale: c.invD)
        dispatch { adaptive, refractory, _ in
            if trained {
                backpropagate(adaptive: adaptive, refractory: refractory, trained: true)
            } else {
                backpropagate(adaptive: adaptive, refractory: refractory, trained: false)
            }
        }
    }
}

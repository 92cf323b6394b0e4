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
    /// Per neuron: k = dt·exprel(−dt/τ), c = k/τ (= 1 − e^{−dt/τ}, the fraction V moves towards its
    /// target per step) and dc/dτ.
    private var membrane = SynapticDecay<F>()
    private var kA: F = 0
    private var cA: F = 0
    private var dtF: F = 0

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

    private var vth: F { F(setting("V_th")) }
    private var vreset: F { variant == .integrateAndFire ? 0 : F(setting("V_reset")) }
    private var vrest: F { variant == .integrateAndFire ? 0 : F(setting("V_rest")) }
    private var beta: F { variant == .adaptive ? F(setting("beta")) : 0 }

    override func prepare(dt: Double) throws(EngineError) {
        dtF = F(dt)
        if !(setting("V_th") - (variant == .integrateAndFire ? 0 : setting("V_reset")) > 0) {
            throw EngineError.invalid("\(kind): V_th must be above V_reset (the spike test divides by V_th − V_reset)")
        }
        if variant == .adaptive {
            let tauA = F(setting("tau_a"))
            kA = dtF * F.exprel(-dtF / tauA)
            cA = kA / tauA
        }
    }

    override func initialValue(_ s: Int) -> F {
        switch (variant, s) {
        case (_, 0): return F(setting("V_initializer"))
        case (.adaptive, _): return F(setting("a_initializer"))
        default: return -1e7   // LIFRef's last spike time
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func refreshConstants() { membrane.refresh(tau: params[0].value, dt: dtF) }

    /// H(z), or the surrogate's primitive in the smooth test mode (arguments read once per step, not
    /// per neuron: class properties cost an access check each time).
    @inline(__always)
    private static func spike(_ z: F, smooth: Bool, _ sur: Surrogate) -> F {
        smooth ? F(sur.primitive(Double(z))) : (z >= 0 ? 1 : 0)
    }

    /// Step t's time, formed as brainpy.state's loops form it (float(n)·float(dt)).
    private func time(_ t: Int) -> F { F(t) * dtF }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func step(_ state: UnsafeMutablePointer<F>, _ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>, t: Int, count: Int) {
        let n = outSize, vth = vth, vreset = vreset, vrest = vrest, beta = beta
        let r = F(setting("R")), d = vth - vreset, invD = 1 / d, tauRef = F(setting("tau_ref")), now = time(t)
        let hard = hardReset, tauA = F(setting("tau_a"))
        let tau = params[0].value, k = membrane.k, kA = self.kA, variant = self.variant
        let smooth = smoothSpikes, sur = surrogate
        func spike(_ z: F) -> F { Self.spike(z, smooth: smooth, sur) }
        for row in 0..<(count / n) {
            for j in 0..<n {
                let i = row * n + j
                let v = state[i]
                let a: F = variant == .adaptive ? state[count + i] : 0
                let s = spike((v - vth - beta * a) * invD)
                let theta = hard ? v : vth
                let vr = v - (theta - vreset) * s
                var vNew = vr + k[j] * ((-vr + vrest + r * x[i]) / tau[j])
                var aNew: F = 0
                switch variant {
                case .adaptive:
                    let ar = a + s
                    aNew = ar + kA * (-ar / tauA)
                    state[count + i] = aNew
                case .refractory:
                    let last = state[count + i]
                    if now - last < tauRef { vNew = vr }
                    if vNew >= vth { state[count + i] = now }
                default: break
                }
                state[i] = vNew
                y[i] = spike((vNew - vth - beta * aNew) * invD)
            }
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func adjoint(_ before: UnsafePointer<F>, _ x: UnsafePointer<F>, _ gy: UnsafePointer<F>,
                          _ lambda: UnsafeMutablePointer<F>, _ gx: UnsafeMutablePointer<F>, t: Int, count: Int) {
        let n = outSize, vth = vth, vreset = vreset, vrest = vrest, beta = beta
        let r = F(setting("R")), d = vth - vreset, invD = 1 / d, tauRef = F(setting("tau_ref")), now = time(t)
        let hard = hardReset, sur = surrogate
        let tauA = F(setting("tau_a"))
        let tauParam = params[0]
        let train = tauParam.trainable
        let tau = tauParam.value, k = membrane.k, c = membrane.c, dcdtau = membrane.dcdtau, kA = self.kA, cA = self.cA
        let variant = self.variant, smooth = smoothSpikes
        func spike(_ z: F) -> F { Self.spike(z, smooth: smooth, sur) }
        var tauGrad = [F](repeating: 0, count: train ? n : 0)
        for row in 0..<(count / n) {
            for j in 0..<n {
                let i = row * n + j
                let v = before[i]
                let a: F = variant == .adaptive ? before[count + i] : 0
                let z = (v - vth - beta * a) * invD
                let s = spike(z)
                let vr = v - ((hard ? v : vth) - vreset) * s
                let drive = -vr + vrest + r * x[i]
                var vNew = vr + k[j] * (drive / tau[j])
                let ar = a + s
                var aNew: F = 0
                var held = false
                if variant == .adaptive { aNew = ar + kA * (-ar / tauA) }
                if variant == .refractory && now - before[count + i] < tauRef { vNew = vr; held = true }
                // the output spike H(z(V', a'))
                let sgOut = F(sur.derivative(Double((vNew - vth - beta * aNew) * invD))) * invD
                let lV = lambda[i] + gy[i] * sgOut
                let lA: F = variant == .adaptive ? lambda[count + i] - gy[i] * beta * sgOut : 0
                // V' from V_r and x
                let lVr: F
                if held {
                    lVr = lV
                    gx[i] = 0
                } else {
                    lVr = lV * (1 - c[j])
                    gx[i] = lV * c[j] * r
                    if train { tauGrad[j] += lV * drive * dcdtau[j] }
                }
                let lAr = lA * (1 - cA)
                // the reset: s = H(z(V, a)) enters V_r and a_r
                let sg = F(sur.derivative(Double(z))) * invD
                let dsdV = sg, dsda = -beta * sg
                let amount = hard ? v - vreset : vth - vreset
                lambda[i] = lVr * (1 - amount * dsdV) + lAr * dsdV
                if variant == .adaptive { lambda[count + i] = lVr * (-amount * dsda) + lAr * (1 + dsda) }
                else if variant == .refractory { lambda[count + i] = 0 }
            }
        }
        if train { for j in 0..<n { tauParam.grad[j] += tauGrad[j] } }
    }
}

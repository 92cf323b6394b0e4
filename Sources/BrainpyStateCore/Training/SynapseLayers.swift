// Trainable synapse layers (brainpy.state's Expon, DualExpon, Alpha) with batch rows: the layer's
// input is added as brainpy's `syn(x)` adds it.

/// The constants of an exponential-Euler decay x + k·(−x/τ), k = dt·exprel(−dt/τ), as brainstate
/// integrates it, per element of τ: k, c = k/τ (the fraction that decays per step) and dc/dτ for
/// trainable time constants. The synapse layers use it for g, the neurons for their membrane.
struct SynapticDecay<F: SimFloat> {
    var k: [F] = []
    var c: [F] = []
    var dcdtau: [F] = []

    /// Per element of `tau`, for step dt.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    mutating func refresh(tau: [F], dt: F) {
        k = tau.map { dt * F.exprel(-dt / $0) }
        c = (0..<tau.count).map { k[$0] / tau[$0] }
        dcdtau = tau.map { t in
            let d = Double(dt), td = Double(t)
            return F(-d / (td * td) * MathC.exp(-d / td))
        }
    }
}

/// A synapse layer with one time constant per neuron (Expon, Alpha): tau (8 ms by default, trainable
/// on request), the states starting from g_initializer, the decay constants refreshed every run.
class TimeConstantSynapse<F: SimFloat>: ElementwiseLayer<F> {
    var decay = SynapticDecay<F>()
    private var dt: F = 0

    init(kind: String, size: Int, stateCount: Int) {
        super.init(kind: kind, size: size, stateCount: stateCount,
                   settings: [LayerSetting("tau", 8, "ms", positive: true), LayerSetting("g_initializer", 0)])
        params = [TrainParam("tau", shape: [size], fill: 8, trainable: false, positive: true)]
    }

    override func prepare(dt: Double) throws(EngineError) { self.dt = F(dt) }
    override func initialValue(_ s: Int) -> F { F(setting("g_initializer")) }
    override func refreshConstants() { decay.refresh(tau: params[0].value, dt: dt) }
}

/// Expon: g ← g + k·(−g/τ) + x; returns g (the input shows in the same step). τ per neuron, trainable.
final class ExponLayer<F: SimFloat>: TimeConstantSynapse<F> {
    init(size: Int) { super.init(kind: "Expon", size: size, stateCount: 1) }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func step(_ state: UnsafeMutablePointer<F>, _ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>, t: Int, count: Int) {
        let n = outSize, tau = params[0].value, k = decay.k
        for i in 0..<count {
            let j = i % n
            let g = state[i] + k[j] * (-state[i] / tau[j]) + x[i]
            state[i] = g
            y[i] = g
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func adjoint(_ before: UnsafePointer<F>, _ x: UnsafePointer<F>, _ gy: UnsafePointer<F>,
                          _ lambda: UnsafeMutablePointer<F>, _ gx: UnsafeMutablePointer<F>, t: Int, count: Int) {
        let n = outSize, tauParam = params[0], train = tauParam.trainable, c = decay.c, dc = decay.dcdtau
        var tauGrad = [F](repeating: 0, count: train ? n : 0)
        for i in 0..<count {
            let j = i % n
            let l = lambda[i] + gy[i]
            gx[i] = l
            if train { tauGrad[j] += l * (-before[i]) * dc[j] }
            lambda[i] = l * (1 - c[j])
        }
        if train { for j in 0..<n { tauParam.grad[j] += tauGrad[j] } }
    }
}

/// DualExpon: g_rise and g_decay decay, both receive x; returns A·N·(g_decay − g_rise), N the
/// peak normalisation (spec §3.2; 1 when normalize is 0). Its time constants are settings only.
final class DualExponLayer<F: SimFloat>: ElementwiseLayer<F> {
    private var rise = SynapticDecay<F>()
    private var fall = SynapticDecay<F>()
    private var scale: F = 1
    private var dt: F = 0

    init(size: Int) {
        super.init(kind: "DualExpon", size: size, stateCount: 2,
                   settings: [LayerSetting("tau_decay", 10, "ms", positive: true),
                              LayerSetting("tau_rise", 1, "ms", positive: true), LayerSetting("amplitude", 1),
                              LayerSetting("normalize", 1), LayerSetting("g_initializer", 0)])
    }

    override func prepare(dt: Double) throws(EngineError) {
        self.dt = F(dt)
        let td = setting("tau_decay"), tr = setting("tau_rise")
        var norm = 1.0
        if setting("normalize") != 0 {
            guard td != tr else { throw EngineError.invalid("DualExpon: tau_decay == tau_rise with normalize (use Alpha)") }
            norm = td / (td - tr) * MathC.pow(tr / td, tr / (tr - td))
        }
        scale = F(setting("amplitude") * norm)
        rise.refresh(tau: [F(tr)], dt: self.dt)
        fall.refresh(tau: [F(td)], dt: self.dt)
    }

    override func initialValue(_ s: Int) -> F { F(setting("g_initializer")) }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func step(_ state: UnsafeMutablePointer<F>, _ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>, t: Int, count: Int) {
        let tr = F(setting("tau_rise")), td = F(setting("tau_decay")), kr = rise.k[0], kd = fall.k[0], scale = self.scale
        for i in 0..<count {
            let gr = state[i] + kr * (-state[i] / tr) + x[i]
            let gd = state[count + i] + kd * (-state[count + i] / td) + x[i]
            state[i] = gr
            state[count + i] = gd
            y[i] = scale * (gd - gr)
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func adjoint(_ before: UnsafePointer<F>, _ x: UnsafePointer<F>, _ gy: UnsafePointer<F>,
                          _ lambda: UnsafeMutablePointer<F>, _ gx: UnsafeMutablePointer<F>, t: Int, count: Int) {
        let cr = rise.c[0], cd = fall.c[0], scale = self.scale
        for i in 0..<count {
            let lr = lambda[i] - scale * gy[i]
            let ld = lambda[count + i] + scale * gy[i]
            gx[i] = lr + ld
            lambda[i] = lr * (1 - cr)
            lambda[count + i] = ld * (1 - cd)
        }
    }
}

/// Alpha: g ← g + k·(h_old − g)/τ, h ← h + k·(−h/τ) + x; returns g (one step behind the input, peak
/// ≈ x/e). τ per neuron, trainable.
final class AlphaLayer<F: SimFloat>: TimeConstantSynapse<F> {
    init(size: Int) { super.init(kind: "Alpha", size: size, stateCount: 2) }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func step(_ state: UnsafeMutablePointer<F>, _ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>, t: Int, count: Int) {
        let n = outSize, tau = params[0].value, k = decay.k
        for i in 0..<count {
            let j = i % n
            let g = state[i], h = state[count + i]
            let gNew = g + k[j] * ((-g + h) / tau[j])
            state[i] = gNew
            state[count + i] = h + k[j] * (-h / tau[j]) + x[i]
            y[i] = gNew
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func adjoint(_ before: UnsafePointer<F>, _ x: UnsafePointer<F>, _ gy: UnsafePointer<F>,
                          _ lambda: UnsafeMutablePointer<F>, _ gx: UnsafeMutablePointer<F>, t: Int, count: Int) {
        let n = outSize, tauParam = params[0], train = tauParam.trainable, c = decay.c, dc = decay.dcdtau
        var tauGrad = [F](repeating: 0, count: train ? n : 0)
        for i in 0..<count {
            let j = i % n
            let g = before[i], h = before[count + i]
            let lg = lambda[i] + gy[i]
            let lh = lambda[count + i]
            gx[i] = lh
            if train { tauGrad[j] += (lg * (h - g) - lh * h) * dc[j] }
            lambda[i] = lg * (1 - c[j])
            lambda[count + i] = lg * c[j] + lh * (1 - c[j])
        }
        if train { for j in 0..<n { tauParam.grad[j] += tauGrad[j] } }
    }
}

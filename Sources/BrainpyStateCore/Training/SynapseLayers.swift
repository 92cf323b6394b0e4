// Trainable synapse layers (brainpy.state's Expon, DualExpon, Alpha) with batch rows: the layer's
// input is added as brainpy's `syn(x)` adds it.

/// The constants of an exponential-Euler decay x + k·(−x/τ), k = dt·exprel(−dt/τ), as brainstate
/// integrates it: τ, k, c = k/τ (the fraction that decays per step) and dc/dτ for trainable time
/// constants. They are stored per element of a run (the per-neuron values repeated for every batch
/// row), so the element loops of the layers run flat over batch × neurons and vectorise; the buffers
/// keep their addresses, so a loop reads them through plain pointers. The synapse layers use it for
/// g, the neurons for their membrane.
final class SynapticDecay<F: SimFloat> {
    let tau = TrainBuffer<F>(count: 0)
    let k = TrainBuffer<F>(count: 0)
    let c = TrainBuffer<F>(count: 0)
    let dcdtau = TrainBuffer<F>(count: 0)

    /// From the per-neuron time constants, for `count` elements (a multiple of tau.count).
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func refresh(tau perNeuron: [F], dt: F, count: Int) {
        for b in [tau, k, c, dcdtau] { b.resize(count) }
        let n = perNeuron.count
        for j in 0..<n {
            let t = perNeuron[j], kj = dt * F.exprel(-dt / t)
            let d = Double(dt), td = Double(t)
            let dc = F(-d / (td * td) * MathC.exp(-d / td))
            for i in stride(from: j, to: count, by: n) {
                (tau.pointer[i], k.pointer[i], c.pointer[i], dcdtau.pointer[i]) = (t, kj, kj / t, dc)
            }
        }
    }
}

/// A synapse layer with one time constant per neuron (Expon, Alpha): tau (8 ms by default, trainable
/// on request), the states starting from g_initializer, the decay constants refreshed every run.
class TimeConstantSynapse<F: SimFloat>: ElementwiseLayer<F> {
    let decay = SynapticDecay<F>()
    private var dt: F = 0

    init(kind: String, size: Int, stateCount: Int) {
        super.init(kind: kind, size: size, stateCount: stateCount,
                   settings: [LayerSetting("tau", 8, "ms", positive: true), LayerSetting("g_initializer", 0)])
        params = [TrainParam("tau", shape: [size], fill: 8, trainable: false, positive: true)]
    }

    override func prepare(dt: Double) throws(EngineError) { self.dt = F(dt) }
    override func initialValue(_ s: Int) -> F { F(setting("g_initializer")) }
    override func refreshConstants(count: Int) { decay.refresh(tau: params[0].value, dt: dt, count: count) }
}

/// Expon: g ← g + k·(−g/τ) + x; returns g (the input shows in the same step). τ per neuron, trainable.
final class ExponLayer<F: SimFloat>: TimeConstantSynapse<F> {
    init(size: Int) { super.init(kind: "Expon", size: size, stateCount: 1) }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func step(_ from: UnsafePointer<F>, _ to: UnsafeMutablePointer<F>, _ x: UnsafePointer<F>,
                       _ y: UnsafeMutablePointer<F>, t: Int, count: Int, range: Range<Int>) {
        let tau = decay.tau.pointer, k = decay.k.pointer
        for i in range {
            let g = from[i] + k[i] * (-from[i] / tau[i]) + x[i]
            to[i] = g
            y[i] = g
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func adjoint(_ before: UnsafePointer<F>, _ x: UnsafePointer<F>, _ gy: UnsafePointer<F>,
                          _ lambda: UnsafeMutablePointer<F>, _ gx: UnsafeMutablePointer<F>, t: Int, count: Int, range: Range<Int>) {
        let c = decay.c.pointer, dc = decay.dcdtau.pointer, tg = tauGradient.pointer
        @inline(__always) func run(trained: Bool) {
            for i in range {
                let l = lambda[i] + gy[i]
                gx[i] = l
                if trained { tg[i] += l * (-before[i]) * dc[i] }
                lambda[i] = l * (1 - c[i])
            }
        }
        if tauTrained { run(trained: true) } else { run(trained: false) }
    }
}

/// DualExpon: g_rise and g_decay decay, both receive x; returns A·N·(g_decay − g_rise), N the
/// peak normalisation (spec §3.2; 1 when normalize is 0). Its time constants are settings only.
final class DualExponLayer<F: SimFloat>: ElementwiseLayer<F> {
    private let rise = SynapticDecay<F>()
    private let fall = SynapticDecay<F>()
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
        rise.refresh(tau: [F(tr)], dt: self.dt, count: 1)
        fall.refresh(tau: [F(td)], dt: self.dt, count: 1)
    }

    override func initialValue(_ s: Int) -> F { F(setting("g_initializer")) }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func step(_ from: UnsafePointer<F>, _ to: UnsafeMutablePointer<F>, _ x: UnsafePointer<F>,
                       _ y: UnsafeMutablePointer<F>, t: Int, count: Int, range: Range<Int>) {
        let tr = rise.tau.pointer[0], td = fall.tau.pointer[0], kr = rise.k.pointer[0], kd = fall.k.pointer[0]
        let scale = self.scale
        for i in range {
            let gr = from[i] + kr * (-from[i] / tr) + x[i]
            let gd = from[count + i] + kd * (-from[count + i] / td) + x[i]
            to[i] = gr
            to[count + i] = gd
            y[i] = scale * (gd - gr)
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func adjoint(_ before: UnsafePointer<F>, _ x: UnsafePointer<F>, _ gy: UnsafePointer<F>,
                          _ lambda: UnsafeMutablePointer<F>, _ gx: UnsafeMutablePointer<F>, t: Int, count: Int, range: Range<Int>) {
        let cr = rise.c.pointer[0], cd = fall.c.pointer[0], scale = self.scale
        for i in range {
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
    override func step(_ from: UnsafePointer<F>, _ to: UnsafeMutablePointer<F>, _ x: UnsafePointer<F>,
                       _ y: UnsafeMutablePointer<F>, t: Int, count: Int, range: Range<Int>) {
        let tau = decay.tau.pointer, k = decay.k.pointer
        for i in range {
            let g = from[i], h = from[count + i]
            let gNew = g + k[i] * ((-g + h) / tau[i])
            to[i] = gNew
            to[count + i] = h + k[i] * (-h / tau[i]) + x[i]
            y[i] = gNew
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func adjoint(_ before: UnsafePointer<F>, _ x: UnsafePointer<F>, _ gy: UnsafePointer<F>,
                          _ lambda: UnsafeMutablePointer<F>, _ gx: UnsafeMutablePointer<F>, t: Int, count: Int, range: Range<Int>) {
        let c = decay.c.pointer, dc = decay.dcdtau.pointer, tg = tauGradient.pointer
        @inline(__always) func run(trained: Bool) {
            for i in range {
                let g = before[i], h = before[count + i]
                let lg = lambda[i] + gy[i]
                let lh = lambda[count + i]
                gx[i] = lh
                if trained { tg[i] += (lg * (h - g) - lh * h) * dc[i] }
                lambda[i] = lg * (1 - c[i])
                lambda[count + i] = lg * c[i] + lh * (1 - c[i])
            }
        }
        if tauTrained { run(trained: true) } else { run(trained: false) }
    }
}

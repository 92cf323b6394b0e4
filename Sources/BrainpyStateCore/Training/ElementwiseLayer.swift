/// A layer whose state is per element (one value per batch row and neuron for each state variable):
/// synapses, neurons. It owns the time loop: forward steps the state through the sequence and keeps
/// the state before every K-th step (the checkpoints); backward walks the checkpoints in reverse,
/// recomputes the states of one segment from its checkpoint, then runs the per-step adjoint back
/// through the segment. K = 1 stores every state and recomputes nothing.
class ElementwiseLayer<F: SimFloat>: TrainLayer<F> {
    /// State variables per element (V; V and a; g_rise and g_decay; ...).
    let stateCount: Int
    private var tape: [F] = []
    private var checkpointEvery = 1
    private var elements = 0

    init(kind: String, size: Int, stateCount: Int, settings: [LayerSetting]) {
        self.stateCount = stateCount
        super.init(kind: kind, inSize: size, outSize: size, settings: settings)
    }

    /// The value state `s` starts from (brainpy's *_initializer, a constant).
    func initialValue(_ s: Int) -> F { 0 }

    /// Advance `state` (stateCount arrays of `count` elements) by step `t` with input x, writing y.
    /// Element i belongs to neuron i % outSize.
    func step(_ state: UnsafeMutablePointer<F>, _ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>, t: Int, count: Int) {}

    /// The adjoint of `step`: `before` is the state step t started from; `lambda` holds dL/d(state
    /// after t) on entry and dL/d(state before t) on return; writes dL/dx_t and adds the parameter
    /// gradients of this step.
    func adjoint(_ before: UnsafePointer<F>, _ x: UnsafePointer<F>, _ gy: UnsafePointer<F>,
                 _ lambda: UnsafeMutablePointer<F>, _ gx: UnsafeMutablePointer<F>, t: Int, count: Int) {}

    /// Per-run constants from the current parameter values (time constants may have been trained).
    func refreshConstants() {}

    override var tapeElements: Int { tape.count }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func forward(_ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>, steps: Int, batch: Int, checkpointEvery: Int) {
        refreshConstants()
        let count = batch * outSize
        let width = stateCount * count
        let every = max(1, checkpointEvery)
        self.checkpointEvery = every
        self.elements = count
        let slots = (steps + every - 1) / every
        if tape.count != slots * width { tape = [F](repeating: 0, count: slots * width) }
        var state = [F](repeating: 0, count: width)
        for s in 0..<stateCount {
            let v = initialValue(s)
            for i in 0..<count { state[s * count + i] = v }
        }
        tape.withUnsafeMutableBufferPointer { tp in
            state.withUnsafeMutableBufferPointer { sp in
                let st = sp.baseAddress!
                for t in 0..<steps {
                    if t % every == 0 { (tp.baseAddress! + (t / every) * width).update(from: st, count: width) }
                    step(st, x + t * count, y + t * count, t: t, count: count)
                }
            }
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func backward(_ x: UnsafePointer<F>, _ gy: UnsafePointer<F>, _ gx: UnsafeMutablePointer<F>?,
                           steps: Int, batch: Int) {
        let count = elements
        let width = stateCount * count
        let every = checkpointEvery
        var lambda = [F](repeating: 0, count: width)
        var segment = [F](repeating: 0, count: every * width)
        var scratchY = [F](repeating: 0, count: count)
        var scratchGx = [F](repeating: 0, count: gx == nil ? count : 0)
        let slots = (steps + every - 1) / every
        tape.withUnsafeBufferPointer { tp in
            segment.withUnsafeMutableBufferPointer { segp in
                lambda.withUnsafeMutableBufferPointer { lp in
                    scratchY.withUnsafeMutableBufferPointer { yp in
                        scratchGx.withUnsafeMutableBufferPointer { sgx in
                            let seg = segp.baseAddress!
                            for slot in stride(from: slots - 1, through: 0, by: -1) {
                                let start = slot * every
                                let end = min(start + every, steps)
                                seg.update(from: tp.baseAddress! + slot * width, count: width)
                                for t in start..<(end - 1) {
                                    let next = seg + (t - start + 1) * width
                                    next.update(from: seg + (t - start) * width, count: width)
                                    step(next, x + t * count, yp.baseAddress!, t: t, count: count)
                                }
                                for t in stride(from: end - 1, through: start, by: -1) {
                                    let g = gx.map { $0 + t * count } ?? sgx.baseAddress!
                                    adjoint(seg + (t - start) * width, x + t * count, gy + t * count,
                                            lp.baseAddress!, g, t: t, count: count)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

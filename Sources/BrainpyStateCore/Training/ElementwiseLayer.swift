/// A layer whose state is per element (one value per batch row and neuron for each state variable):
/// synapses, neurons. It owns the time loop: forward steps the state through the sequence and keeps
/// the state before every K-th step (the checkpoints); backward walks the checkpoints in reverse,
/// recomputes the states of one segment from its checkpoint, then runs the per-step adjoint back
/// through the segment. K = 1 stores every state and recomputes nothing.
///
/// Elements never interact, so with worker threads each thread runs the whole time loop over its own
/// range of elements; a trainable τ's gradient is summed per element over the steps and only then
/// over the batch rows, in the same order for any number of threads.
class ElementwiseLayer<F: SimFloat>: TrainLayer<F> {
    /// State variables per element (V; V and a; g_rise and g_decay; ...).
    let stateCount: Int
    private let tape = TrainBuffer<F>(count: 0)
    private var checkpointEvery = 1
    private var elements = 0
    /// dL/dτ per element, summed over the steps of the last backward pass (layers with a tau array).
    let tauGradient = TrainBuffer<F>(count: 0)
    /// Whether the current backward pass sums dL/dτ (tau is trainable); the adjoints skip that work,
    /// a third of an exponential synapse's, otherwise.
    private(set) var tauTrained = false

    init(kind: String, size: Int, stateCount: Int, settings: [LayerSetting]) {
        self.stateCount = stateCount
        super.init(kind: kind, inSize: size, outSize: size, settings: settings)
    }

    /// The value state `s` starts from (brainpy's *_initializer, a constant).
    func initialValue(_ s: Int) -> F { 0 }

    /// Advance elements `range` of the state `from` (stateCount arrays of `count` elements) by step
    /// `t` with input x into `to`, writing y. `to` is `from` (in place) or another state: the forward
    /// pass writes each step's state straight into the next slot of the tape. Element i belongs to
    /// neuron i % outSize.
    func step(_ from: UnsafePointer<F>, _ to: UnsafeMutablePointer<F>, _ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>,
              t: Int, count: Int, range: Range<Int>) {}

    /// The adjoint of `step` over elements `range`: `before` is the state step t started from;
    /// `lambda` holds dL/d(state after t) on entry and dL/d(state before t) on return; writes dL/dx_t
    /// and adds this step's dL/dτ to `tauGradient`.
    func adjoint(_ before: UnsafePointer<F>, _ x: UnsafePointer<F>, _ gy: UnsafePointer<F>,
                 _ lambda: UnsafeMutablePointer<F>, _ gx: UnsafeMutablePointer<F>, t: Int, count: Int, range: Range<Int>) {}

    /// Per-run constants from the current parameter values (time constants may have been trained),
    /// for runs of `count` elements (batch rows × neurons).
    func refreshConstants(count: Int) {}

    override var tapeElements: Int { tape.count }

    /// Copy elements `range` of each state variable (arrays of `count`) from `source` to `dest`.
    @inline(__always)
    private func copyStates(_ dest: UnsafeMutablePointer<F>, _ source: UnsafePointer<F>, count: Int, _ range: Range<Int>) {
        for s in 0..<stateCount {
            (dest + s * count + range.lowerBound).update(from: source + s * count + range.lowerBound, count: range.count)
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func forward(_ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>, steps: Int, batch: Int, checkpointEvery: Int) {
        let count = batch * outSize
        refreshConstants(count: count)
        let width = stateCount * count
        let every = max(1, checkpointEvery)
        self.checkpointEvery = every
        self.elements = count
        tape.resize(((steps + every - 1) / every) * width)
        // with every state kept, step t reads tape slot t and writes slot t + 1 (the last step, a
        // state no one reads); otherwise the steps run in place and the checkpoints are copies
        let state = TrainBuffer<F>(count: width)
        let tp = tape.pointer, st = state.pointer
        let first = every == 1 ? tp : st
        for s in 0..<stateCount { (first + s * count).update(repeating: initialValue(s), count: count) }
        inParallel(count) { range, _ in
            for t in 0..<steps {
                var from = st, to = st
                if every == 1 {
                    from = tp + t * width
                    to = t + 1 < steps ? from + width : st
                } else if t % every == 0 {
                    self.copyStates(tp + (t / every) * width, st, count: count, range)
                }
                self.step(from, to, x + t * count, y + t * count, t: t, count: count, range: range)
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
        let lambda = TrainBuffer<F>(count: width)
        let segment = TrainBuffer<F>(count: every > 1 ? every * width : 0)
        let scratchY = TrainBuffer<F>(count: every > 1 ? count : 0)
        let scratchGx = TrainBuffer<F>(count: gx == nil ? count : 0)
        tauTrained = param("tau")?.trainable ?? false
        tauGradient.resize(tauTrained ? count : 0)
        tauGradient.pointer.update(repeating: 0, count: tauGradient.count)
        let slots = (steps + every - 1) / every
        let tp = UnsafePointer(tape.pointer), lp = lambda.pointer
        inParallel(count) { range, _ in
            for slot in stride(from: slots - 1, through: 0, by: -1) {
                let start = slot * every
                let end = min(start + every, steps)
                // every state is on the tape when every == 1: read it there
                var seg = tp + slot * width
                if every > 1 {
                    let s = segment.pointer
                    self.copyStates(s, seg, count: count, range)
                    for t in start..<(end - 1) {
                        let this = s + (t - start) * width
                        self.step(this, this + width, x + t * count, scratchY.pointer, t: t, count: count, range: range)
                    }
                    seg = UnsafePointer(s)
                }
                for t in stride(from: end - 1, through: start, by: -1) {
                    let g = gx.map { $0 + t * count } ?? scratchGx.pointer
                    self.adjoint(seg + (t - start) * width, x + t * count, gy + t * count, lp, g, t: t, count: count,
                                 range: range)
                }
            }
        }
        if tauTrained, let tau = param("tau") {
            // per neuron: the sum over the batch rows, in row order
            let g = tauGradient.pointer, n = tau.count
            tau.grad.withUnsafeMutableBufferPointer { out in
                for j in 0..<n {
                    var sum: F = 0
                    for i in stride(from: j, to: count, by: n) { sum += g[i] }
                    out[j] += sum
                }
            }
        }
    }
}

/// brainpy.state's InputDelay on the input of a projection's comm (spec synapses §5.9): the input
/// of presynaptic neuron i at step n reaches comm at step n + d_i, where d_i = delay_i/dt may be
/// fractional; then (1 − frac)·x reaches it at step n + floor(d_i) and frac·x at n + ceil(d_i).
///
/// Inputs are events (index, value): instead of a ring of whole frames we keep a wheel of
/// future steps, each holding the events that arrive then, so a step costs what its events cost.
/// Binary inputs with whole-step delays arrive at most once per neuron and step, and their slots
/// hold indices only. Valued inputs (after a plasticity module) or fractional delays keep one
/// value per neuron and slot, so two contributions for the same neuron and step add up into one
/// event, as the interpolated frame would hold them.
final class DelayLine<F: SimFloat> {
    let size: Int
    let slots: Int
    /// Whether slots carry values (else every event has value 1).
    let valued: Bool
    private let lo: UnsafeMutablePointer<Int32>
    private let frac: UnsafeMutablePointer<F>
    private let index: UnsafeMutablePointer<Int32>
    private let count: UnsafeMutablePointer<Int>
    private let value: UnsafeMutablePointer<F>
    private let touched: UnsafeMutablePointer<UInt8>
    private var head = 0

    /// `steps[i]` is delay_i/dt formed in the network precision, as the reference forms it.
    init(steps: [F], valuedInput: Bool, arena: Arena, what: String) throws(EngineError) {
        size = steps.count
        var maxHi = 0
        var fractional = false
        for s in steps {
            maxHi = max(maxHi, Int(s.rounded(.up)))
            if s != s.rounded(.down) { fractional = true }
        }
        slots = maxHi + 1
        valued = valuedInput || fractional
        let (cells, overflow) = slots.multipliedReportingOverflow(by: size)
        guard !overflow else { throw EngineError(.outOfMemory, "\(what): delay buffer too large") }
        lo = try arena.allocate(Int32.self, count: size, what: what)
        frac = try arena.allocate(F.self, count: size, what: what)
        index = try arena.allocate(Int32.self, count: cells, what: what)
        count = try arena.allocate(Int.self, count: slots, what: what)
        value = try arena.allocate(F.self, count: valued ? cells : 1, what: what)
        touched = try arena.allocate(UInt8.self, count: valued ? cells : 1, what: what)
        for i in 0..<size {
            let floor = steps[i].rounded(.down)
            lo[i] = Int32(floor)
            frac[i] = steps[i] - floor
        }
    }

    /// Empty every slot (init_all_states).
    func reset() {
        count.update(repeating: 0, count: slots)
        if valued {
            value.update(repeating: 0, count: slots * size)
            touched.update(repeating: 0, count: slots * size)
        }
        head = 0
    }

    /// Schedule the input x of presynaptic neuron i entering at this step.
    @inline(__always)
    func schedule(_ i: Int32, _ x: F) {
        let k = Int(i)
        let f = frac[k]
        let first = (head + Int(lo[k])) % slots
        if !valued {
            index[first * size + count[first]] = i
            count[first] += 1
            return
        }
        add(i, x * (1 - f), slot: first)
        if f != 0 { add(i, x * f, slot: (first + 1) % slots) }
    }

    @inline(__always)
    private func add(_ i: Int32, _ x: F, slot: Int) {
        let cell = slot * size + Int(i)
        if touched[cell] == 0 {
            touched[cell] = 1
            index[slot * size + count[slot]] = i
            count[slot] += 1
        }
        value[cell] += x
    }

    /// The events arriving at this step: indices, their number, and values by neuron index (nil: all 1).
    var arriving: (index: UnsafeMutablePointer<Int32>, count: Int, values: UnsafeMutablePointer<F>?) {
        (index + head * size, count[head], valued ? value + head * size : nil)
    }

    /// After the step: the arrived slot is emptied and becomes the farthest future step.
    func advance() {
        if valued {
            let base = head * size
            for k in 0..<count[head] {
                let cell = base + Int(index[base + k])
                value[cell] = 0
                touched[cell] = 0
            }
        }
        count[head] = 0
        head = (head + 1) % slots
    }
}

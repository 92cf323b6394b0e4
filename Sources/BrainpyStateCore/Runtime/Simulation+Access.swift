/// The operations a host performs on a compiled network outside the step loop, independent of the
/// precision (the facade holds an `any AnySimulation`).
protocol AnySimulation: AnyObject {
    var stepIndex: Int { get }
    func timeOfStep(_ i: Int) -> Double
    func prepare(steps: Int) throws(EngineError)
    func advance(steps: Int)
    func initStates() throws(EngineError)
    func rebind(population: PopulationDescription) throws(EngineError)
    func rebind(projection: ProjectionDescription) throws(EngineError)
    func setExternalCurrent(population: Int, _ inputs: [ParamValue])
    func addOneShot(population: Int, delta: Bool, values: HostArray, scale: Double)
    /// addOneShot of a current with the finiteness check in the same pass, where it applies (see the
    /// implementation); false, with nothing changed, where it does not or a value is not finite.
    func addFirstOneShot(population: Int, values: HostArray, scale: Double) -> Bool
    /// Undo an addFirstOneShot that succeeded (its column was zero): for a batch whose later row
    /// could not take that path.
    func undoFirstOneShot(population: Int)
    func populationState(_ pop: Int, _ name: String) -> [Double]?
    func setPopulationState(_ pop: Int, _ name: String, _ values: HostArray, scale: Double) -> Bool
    func populationSpikes(_ pop: Int) -> [UInt8]
    /// Spike flags as bytes into `out` (if given); returns the number of spikes.
    func copySpikes(_ pop: Int, into out: UnsafeMutableBufferPointer<UInt8>?) -> Int
    func populationParameter(_ pop: Int, _ name: String) -> [Double]?
    func connectionCount(_ proj: Int) -> Int
    func connections(_ proj: Int) throws(EngineError) -> (pre: [Int], post: [Int], weight: [Double])
    func synapseState(_ proj: Int, part: String, _ name: String) -> [Double]?
    func setSynapseState(_ proj: Int, part: String, _ name: String, _ values: HostArray, scale: Double) -> Bool
    func addMonitor(_ target: MonitorTarget, _ indices: [Int]?) throws(EngineError)
    /// Drop the monitors after the first `count` (undoes an addMonitor that failed in another row).
    func keepMonitors(_ count: Int)
    func monitorShape(_ m: Int) -> (steps: Int, width: Int, spikes: Bool)
    func monitorEvents(_ m: Int) -> (steps: [Int64], neurons: [Int32])
    func monitorValues(_ m: Int) -> [Double]
    func monitorSteps(_ m: Int) -> [Int64]
    func monitorColumns(_ m: Int) -> [Int]?
    func clearMonitor(_ m: Int)
    /// Step the LIF-family populations with the AVX-512 build of their kernel (if the CPU has it) or
    /// the portable one; returns how many populations switched.
    func useAVX512Kernels(_ on: Bool) -> Int
}

extension Simulation: AnySimulation {
    func useAVX512Kernels(_ on: Bool) -> Int {
        var count = 0
        for case let group as LIFPopulation<F> in populations {
            group.usesAVX512 = on && SystemInfo.cpuHasAVX512
            count += 1
        }
        return count
    }

    func timeOfStep(_ i: Int) -> Double { Double(time(ofStep: i)) }

    func rebind(population desc: PopulationDescription) throws(EngineError) {
        let group = populations[desc.id]
        try group.bind(desc, rng: rng)
        group.refreshSpikes()
    }

    func rebind(projection desc: ProjectionDescription) throws(EngineError) {
        switch byID[desc.id] {
        case .chemical(let p): try p.rebind(desc, dt: dtInternal, rng: rng)
        case .junction(let j): try j.bind(desc, rng: rng)
        }
    }

    /// The persistent inputs summed in registration order into the population's external column.
    func setExternalCurrent(population pop: Int, _ inputs: [ParamValue]) {
        populations[pop].core.setExternal { j in
            var sum = 0.0
            for input in inputs {
                switch input {
                case .scalar(let v): sum += v
                case .array(let a): sum += a.count == 1 ? a[0] : a[j]
                case .initializer(let i): sum += i.args[0]
                }
            }
            return F(sum)
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func addOneShot(population pop: Int, delta: Bool, values: HostArray, scale: Double) {
        let core = populations[pop].core
        let target = delta ? core.deltaOnce : core.iOnce
        if values.count == 1 {
            let v = F(values.doubles(scale: scale)[0])
            for j in 0..<core.size { target[j] += v }
        } else {
            switch values {
            case .float32(let b): for j in 0..<core.size { target[j] += F(Double(b[j]) * scale) }
            case .float64(let b): for j in 0..<core.size { target[j] += F(b[j] * scale) }
            default:
                let d = values.doubles(scale: scale)
                for j in 0..<core.size { target[j] += F(d[j]) }
            }
        }
        if delta { core.hasDelta = true } else { core.hasOnce = true }
    }

    /// The closed loop's common case in one pass over the input instead of two (a check, then the
    /// addition): the population has no one-shot current yet this step, so its column is zero and
    /// each x is written as 0 + F(x·scale), the same bits as adding it to the zero, while the same
    /// pass takes the largest exponent field of the inputs (HostArray.firstNonFinite's test). If one
    /// is all ones (inf or NaN) the column is cleared again and the caller's check reports it. Float
    /// inputs of one value per neuron only.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func addFirstOneShot(population pop: Int, values: HostArray, scale: Double) -> Bool {
        let core = populations[pop].core
        guard !core.hasOnce, values.count == core.size else { return false }
        let target = core.iOnce
        let finite: Bool
        switch values {
        case .float32(let b):
            var top: UInt32 = 0
            for j in 0..<core.size {
                top = max(top, b[j].bitPattern & 0x7F80_0000)
                target[j] = 0 + F(Double(b[j]) * scale)
            }
            finite = top != 0x7F80_0000
        case .float64(let b):
            var top: UInt64 = 0
            for j in 0..<core.size {
                top = max(top, b[j].bitPattern & 0x7FF0_0000_0000_0000)
                target[j] = 0 + F(b[j] * scale)
            }
            finite = top != 0x7FF0_0000_0000_0000
        default:
            return false
        }
        guard finite else {
            undoFirstOneShot(population: pop)
            return false
        }
        core.hasOnce = true
        return true
    }

    func undoFirstOneShot(population pop: Int) {
        let core = populations[pop].core
        core.iOnce.update(repeating: 0, count: core.size)
        core.hasOnce = false
    }

    func populationState(_ pop: Int, _ name: String) -> [Double]? {
        let group = populations[pop]
        if name == "spike" {
            let flags = group.core.spikeFlags()
            return (0..<group.core.size).map { Double(flags[$0]) }
        }
        guard let column = group.stateColumn(name) else { return nil }
        return (0..<group.core.size).map { Double(column[$0]) }
    }

    func setPopulationState(_ pop: Int, _ name: String, _ values: HostArray, scale: Double) -> Bool {
        let group = populations[pop]
        guard let column = group.stateColumn(name) else { return false }
        write(values, scale: scale, into: column, count: group.core.size)
        group.refreshSpikes()
        return true
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func populationSpikes(_ pop: Int) -> [UInt8] {
        let core = populations[pop].core
        return [UInt8](unsafeUninitializedCapacity: core.size) { buffer, initialized in
            _ = core.spikeBytes(into: buffer.baseAddress)
            initialized = core.size
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func copySpikes(_ pop: Int, into out: UnsafeMutableBufferPointer<UInt8>?) -> Int {
        let core = populations[pop].core
        return core.spikeBytes(into: out?.baseAddress)
    }

    func populationParameter(_ pop: Int, _ name: String) -> [Double]? { populations[pop].parameter(name) }

    func connectionCount(_ proj: Int) -> Int {
        switch byID[proj] {
        case .chemical(let p): return p.connectivity.synapseCount
        case .junction(let j): return j.count
        }
    }

    func connections(_ proj: Int) throws(EngineError) -> (pre: [Int], post: [Int], weight: [Double]) {
        switch byID[proj] {
        case .chemical(let p): return try p.connectivity.triplets()
        case .junction(let j): return j.triplets()
        }
    }

    /// A state column of a projection's parts (gap junctions have none).
    func projectionColumn(_ proj: Int, part: String, _ name: String) -> (UnsafeMutablePointer<F>, Int)? {
        guard case .chemical(let p) = byID[proj] else { return nil }
        return p.stateColumn(part: part, name)
    }

    func synapseState(_ proj: Int, part: String, _ name: String) -> [Double]? {
        guard let (column, size) = projectionColumn(proj, part: part, name) else { return nil }
        return (0..<size).map { Double(column[$0]) }
    }

    func setSynapseState(_ proj: Int, part: String, _ name: String, _ values: HostArray, scale: Double) -> Bool {
        guard let (column, size) = projectionColumn(proj, part: part, name) else { return false }
        write(values, scale: scale, into: column, count: size)
        return true
    }

    func addMonitor(_ target: MonitorTarget, _ indices: [Int]?) throws(EngineError) {
        monitors.append(try Compiler.makeMonitor(self, target, indices))
    }

    func keepMonitors(_ count: Int) {
        if monitors.count > count { monitors.removeLast(monitors.count - count) }
    }

    func monitorShape(_ m: Int) -> (steps: Int, width: Int, spikes: Bool) {
        (monitors[m].recordedSteps, monitors[m].width, monitors[m].isSpikes)
    }

    func monitorEvents(_ m: Int) -> (steps: [Int64], neurons: [Int32]) { monitors[m].eventList() }

    func monitorValues(_ m: Int) -> [Double] {
        let monitor = monitors[m]
        return (0..<(monitor.recordedSteps * monitor.width)).map { Double(monitor.value($0)) }
    }

    func monitorSteps(_ m: Int) -> [Int64] { (0..<monitors[m].recordedSteps).map { monitors[m].step($0) } }

    func monitorColumns(_ m: Int) -> [Int]? { monitors[m].indices }

    func clearMonitor(_ m: Int) { monitors[m].clear() }

    /// Host values (one, or one per element) times scale into a column.
    private func write(_ values: HostArray, scale: Double, into column: UnsafeMutablePointer<F>, count: Int) {
        if values.count == 1 {
            column.update(repeating: F(values.doubles(scale: scale)[0]), count: count)
        } else {
            values.copy(into: column, scale: scale)
        }
    }
}

/// A population as described before compile: model, size, parameter values (internal units),
/// options and persistent inputs.
final class PopulationDescription {
    let id: Int
    let spec: ModelSpec
    let size: Int
    var values: [String: ParamValue] = [:]
    var options: [String: String] = [:]
    /// Persistent current inputs in registration order (internal current units).
    var currentInputs: [(key: String, value: ParamValue)] = []

    init(id: Int, spec: ModelSpec, size: Int) {
        self.id = id
        self.spec = spec
        self.size = size
    }

    /// The value of a parameter, or its default; throws if a required one is missing.
    func value(_ name: String) throws(EngineError) -> ParamValue {
        if let v = values[name] { return v }
        let p = try spec.param(name)
        guard let d = p.defaultParamValue else {
            throw .invalid("\(spec.name) population \(id): parameter \(name) is required")
        }
        return d
    }

    func option(_ name: String) throws(EngineError) -> String {
        if let v = options[name] { return v }
        return try spec.option(name).defaultValue
    }

    /// Stream name of the generator for this population's parameter or state initializer.
    func stream(_ name: String) -> UInt32 { Philox.stream("population/\(id)/\(name)") }
}

/// A projection as described: AlignPostProj(pre[start:stop], comm, syn, out, post).
final class ProjectionDescription {
    let id: Int
    let pre: Int
    let preStart: Int
    let preStop: Int
    let post: Int
    let comm: ModelSpec
    let syn: ModelSpec
    let out: ModelSpec
    let label: String
    let delaySteps: Int
    var commValues: [String: ParamValue] = [:]
    var synValues: [String: ParamValue] = [:]
    var outValues: [String: ParamValue] = [:]
    /// Explicit connections (SparseLinear): pre index within the slice, post index, weight (internal) or nil.
    var connections: (pre: [Int32], post: [Int32], weight: [Double]?)?

    var preCount: Int { preStop - preStart }

    init(id: Int, pre: Int, preStart: Int, preStop: Int, post: Int, comm: ModelSpec, syn: ModelSpec,
         out: ModelSpec, label: String, delaySteps: Int) {
        self.id = id
        self.pre = pre
        self.preStart = preStart
        self.preStop = preStop
        self.post = post
        self.comm = comm
        self.syn = syn
        self.out = out
        self.label = label
        self.delaySteps = delaySteps
    }

    func spec(_ part: String) throws(EngineError) -> ModelSpec {
        switch part {
        case "comm": return comm
        case "syn": return syn
        case "out": return out
        default: throw .unknown("projection part must be \"comm\", \"syn\" or \"out\", got \"\(part)\"")
        }
    }

    func set(_ part: String, _ name: String, _ value: ParamValue) throws(EngineError) {
        switch part {
        case "comm": commValues[name] = value
        case "syn": synValues[name] = value
        case "out": outValues[name] = value
        default: throw .unknown("projection part must be \"comm\", \"syn\" or \"out\", got \"\(part)\"")
        }
    }

    func value(_ part: String, _ name: String) throws(EngineError) -> ParamValue {
        let spec = try self.spec(part)
        let stored: ParamValue?
        switch part {
        case "comm": stored = commValues[name]
        case "syn": stored = synValues[name]
        default: stored = outValues[name]
        }
        if let v = stored { return v }
        guard let d = try spec.param(name).defaultInternal else {
            throw .invalid("projection \(id): \(spec.name) parameter \(name) is required")
        }
        return .scalar(d)
    }

    func stream(_ part: String, _ name: String) -> UInt32 { Philox.stream("projection/\(id)/\(part)/\(name)") }

    /// Post-aligned synapses with the same key share one state, as brainpy.state's AlignPostProj merges
    /// describers with equal identifiers. We compare values, not their printed form.
    var mergeKey: String {
        func render(_ values: [String: ParamValue]) -> String {
            values.keys.sorted().map { key -> String in
                switch values[key]! {
                case .scalar(let v): return "\(key)=\(v)"
                case .array(let a): return "\(key)=\(a)"
                case .initializer(let i):
                    // Random draws are per projection (brainpy compares initializer objects by identity).
                    return i.kind == .constant ? "\(key)=\(i.args[0])" : "\(key)=\(i.kind.rawValue)\(i.args)@\(id)"
                }
            }.joined(separator: ",")
        }
        return "\(post)|\(label)|\(syn.name)(\(render(synValues)))|\(out.name)(\(render(outValues)))"
    }
}

/// What a monitor records.
enum MonitorTarget {
    case spikes(population: Int)
    case populationState(population: Int, state: String)
    case projectionState(projection: Int, state: String)
}

/// A population as described before compile: model, size, parameter values (internal units),
/// options and persistent inputs.
final class PopulationDescription {
    let id: Int
    let spec: ModelSpec
    let size: Int
    var values: [String: ParamValue] = [:]
    var options: [String: String] = [:]
    /// Persistent current inputs in registration order (internal current units): one value, one per
    /// element, or in a batched network one per element of every row ([B, N] row-major).
    var currentInputs: [(key: String, value: ParamValue)] = []
    /// Generators whose output is added to this population's input x every step (by key).
    var currentSources: [(key: String, source: Int)] = []
    /// PoissonInput generators adding to one of this population's states (elements, or all).
    var stateSources: [(state: String, source: Int, indices: [Int]?)] = []
    /// A readout's input: the spikes of source[start..<stop] of the same step.
    var spikeSource: (source: Int, start: Int, stop: Int)?
    /// A generator's output dimension, fixed by the unit of its first amplitude parameter.
    var outputDimension: Dimension?

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

    /// The persistent inputs that batch row `row` receives (a [B, N] input gives the row its own N).
    func currentInputValues(row: Int) -> [ParamValue] {
        currentInputs.map { input in
            guard case .array(let a) = input.value, a.count > size else { return input.value }
            return .array(Array(a[row * size..<(row + 1) * size]))
        }
    }

    func option(_ name: String) throws(EngineError) -> String {
        if let v = options[name] { return v }
        return try spec.option(name).defaultValue
    }

    /// Stream name of the generator for this population's parameter or state initializer.
    func stream(_ name: String) -> UInt32 { Philox.stream("population/\(id)/\(name)") }
}

/// A projection as described (spec synapses §5): the presynaptic slice pre[start:stop], an optional
/// short-term plasticity module (stp), the axonal delay, the comm layer, and per kind
///   AlignPostProj          syn (post-aligned: Expon, DualExpon, Alpha) and out;
///   CurrentProj            out (the comm output is the conductance, no synapse dynamics);
///   DeltaProj              nothing (the comm output is added to the post neurons' V after integration);
///   align_pre_projection   syn per presynaptic neuron (any synapse), then a comm weighted by its
///                          values, then out, as brainpy.state intends its functional wrapper;
///   Symmetry/AsymmetryGapJunction   no parts: explicit (pre, post) index pairs between two whole
///                          populations and the "proj" weight (spec synapses §5.8).
final class ProjectionDescription {
    enum Kind: String { case alignPost = "AlignPostProj", current = "CurrentProj", delta = "DeltaProj",
                        alignPre = "align_pre_projection", symmetricJunction = "SymmetryGapJunction",
                        asymmetricJunction = "AsymmetryGapJunction" }

    let id: Int
    let kind: Kind
    /// The kind's catalogue entry: the parameters of part "proj" (the delay).
    let kindSpec: ModelSpec
    let pre: Int
    let preStart: Int
    let preStop: Int
    let post: Int
    /// nil for the gap junctions.
    let comm: ModelSpec?
    let syn: ModelSpec?
    let out: ModelSpec?
    let stp: ModelSpec?
    let label: String
    /// The dimension of the comm weights: a conductance into a synapse or output, the post model's
    /// delta dimension (mV for V) for DeltaProj.
    let weightDimension: Dimension
    /// Parameter values and string options by part ("proj", "stp", "comm", "syn", "out").
    var values: [String: [String: ParamValue]] = [:]
    var options: [String: [String: String]] = [:]
    /// Explicit connections (SparseLinear, gap junctions): pre index within the slice, post index,
    /// weight (internal) or nil.
    var connections: (pre: [Int32], post: [Int32], weight: [Double]?)?

    var preCount: Int { preStop - preStart }
    var commValues: [String: ParamValue] { values["comm"] ?? [:] }
    var synValues: [String: ParamValue] { values["syn"] ?? [:] }
    var outValues: [String: ParamValue] { values["out"] ?? [:] }
    var synOptions: [String: String] { options["syn"] ?? [:] }
    /// Whether the synapse lives in presynaptic space (one state per presynaptic neuron).
    var synIsPresynaptic: Bool { kind == .alignPre }
    /// Whether comm treats its input as binary events.
    var commIsEvent: Bool { comm.map { CommModels.isEvent($0.name, options: options["comm"] ?? [:]) } ?? false }
    /// Whether this is an electrical synapse (no comm, no synapse, no output).
    var isGapJunction: Bool { kind == .symmetricJunction || kind == .asymmetricJunction }

    init(id: Int, kind: Kind, kindSpec: ModelSpec, pre: Int, preStart: Int, preStop: Int, post: Int, comm: ModelSpec?,
         syn: ModelSpec?, out: ModelSpec?, stp: ModelSpec?, label: String, weightDimension: Dimension) {
        self.id = id
        self.kind = kind
        self.kindSpec = kindSpec
        self.pre = pre
        self.preStart = preStart
        self.preStop = preStop
        self.post = post
        self.comm = comm
        self.syn = syn
        self.out = out
        self.stp = stp
        self.label = label
        self.weightDimension = weightDimension
    }

    func spec(_ part: String) throws(EngineError) -> ModelSpec {
        let found: ModelSpec?
        switch part {
        case "proj": found = kindSpec
        case "comm": found = comm
        case "syn": found = syn
        case "out": found = out
        case "stp": found = stp
        default: throw .unknown("projection part must be \"proj\", \"stp\", \"comm\", \"syn\" or \"out\", got \"\(part)\"")
        }
        guard let spec = found else { throw .unknown("this \(kind.rawValue) has no \(part) part") }
        return spec
    }

    /// A parameter spec of a part, with the comm weights' dimension set by the projection kind.
    func param(_ part: String, _ name: String) throws(EngineError) -> ParamSpec {
        let p = try spec(part).param(name)
        guard part == "comm", name == "conn_weight" || name == "weight" else { return p }
        return ParamSpec(p.name, weightDimension, default: p.defaultValue, unit: p.unit, p.constraint,
                         initializer: p.isInitializer, array: p.allowsArray, doc: p.doc)
    }

    func set(_ part: String, _ name: String, _ value: ParamValue) throws(EngineError) {
        _ = try spec(part)
        values[part, default: [:]][name] = value
    }

    func value(_ part: String, _ name: String) throws(EngineError) -> ParamValue {
        if let v = values[part]?[name] { return v }
        let spec = try self.spec(part)
        guard let d = try spec.param(name).defaultInternal else {
            throw .invalid("projection \(id): \(spec.name) parameter \(name) is required")
        }
        return .scalar(d)
    }

    func option(_ part: String, _ name: String) throws(EngineError) -> String {
        if let v = options[part]?[name] { return v }
        return try spec(part).option(name).defaultValue
    }

    func stream(_ part: String, _ name: String) -> UInt32 { Philox.stream("projection/\(id)/\(part)/\(name)") }

    /// Post-aligned synapses with the same key share one state, as brainpy.state's AlignPostProj merges
    /// describers with equal identifiers (AlignPost classes only: Expon, DualExpon). We compare values,
    /// not their printed form. Every other projection has a synapse of its own.
    var mergeKey: String {
        guard kind == .alignPost, let syn, let out, syn.name == "Expon" || syn.name == "DualExpon" else {
            return "unique/\(id)"
        }
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
        let options = synOptions.keys.sorted().map { "\($0)=\(synOptions[$0]!)" }.joined(separator: ",")
        return "\(post)|\(label)|\(syn.name)(\(render(synValues));\(options))|\(out.name)(\(render(outValues)))"
    }
}

/// What a monitor records.
enum MonitorTarget {
    case spikes(population: Int)
    case populationState(population: Int, state: String)
    /// part: "syn", "stp" or "out" (a CurrentProj's bound conductance).
    case projectionState(projection: Int, part: String, state: String)
}

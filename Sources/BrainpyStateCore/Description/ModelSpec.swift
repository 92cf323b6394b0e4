/// What a model (neuron, synapse, synaptic output, communication layer, input generator or readout)
/// accepts: brainpy.state's parameter names, defaults and units, and its state variables. The
/// catalogue is data, so hosts can list every model with its parameters and new models never change
/// the C ABI.
public struct ModelSpec: Sendable {
    public enum Role: String, Sendable { case neuron, synapse, plasticity, output, comm, projection, input, readout }

    /// What a population of the model offers to the rest of the network: spikes (neurons, Poisson
    /// and SpikeTime generators: a projection's `pre`, a readout's source), a value added to another
    /// population's input x (time and noise generators), a kick added to another population's state
    /// (PoissonInput), or nothing (readouts).
    public enum Offer: String, Sendable { case spikes, current, stateKick, nothing }

    public let name: String
    public let role: Role
    public let params: [ParamSpec]
    public let states: [StateSpec]
    public let options: [OptionSpec]
    public let doc: String
    /// Neurons: the dimension of their input `x` (current inputs, one-shot currents, synaptic outputs):
    /// a current for the integrate-and-fire and conductance models, mV/ms for Izhikevich, none for the
    /// reduced FitzHugh-Nagumo and Hindmarsh-Rose models.
    public let inputDimension: Dimension
    /// Neurons: the dimension of a delta input (added after integration): V's, or g's for CubaLIF/CobaLIF.
    public let deltaDimension: Dimension
    /// False for models without an input x (every generator but PoissonEncoder, whose x is its rate).
    public let takesInput: Bool
    public let offers: Offer

    public init(name: String, role: Role, params: [ParamSpec], states: [StateSpec], options: [OptionSpec],
                doc: String, inputDimension: Dimension = .current, deltaDimension: Dimension = .voltage,
                takesInput: Bool = true, offers: Offer = .spikes) {
        self.name = name
        self.role = role
        self.params = params
        self.states = states
        self.options = options
        self.doc = doc
        self.inputDimension = inputDimension
        self.deltaDimension = deltaDimension
        self.takesInput = takesInput
        self.offers = offers
    }

    /// Neurons, generators and readouts are populations (`bps_population_new`).
    public var isPopulation: Bool { role == .neuron || role == .input || role == .readout }

    public func param(_ name: String) throws(EngineError) -> ParamSpec {
        if let p = params.first(where: { $0.name == name }) { return p }
        let known = params.map(\.name).joined(separator: ", ")
        throw .unknown("\(self.name) has no parameter \"\(name)\" (parameters: \(known))")
    }

    public func state(_ name: String) throws(EngineError) -> StateSpec {
        if let s = states.first(where: { $0.name == name }) { return s }
        let known = states.map(\.name).joined(separator: ", ")
        throw .unknown("\(self.name) has no state \"\(name)\" (states: \(known))")
    }

    public func option(_ name: String) throws(EngineError) -> OptionSpec {
        if let o = options.first(where: { $0.name == name }) { return o }
        let known = options.isEmpty ? "none" : options.map(\.name).joined(separator: ", ")
        throw .unknown("\(self.name) has no option \"\(name)\" (options: \(known))")
    }
}

public struct ParamSpec: Sendable {
    /// How a value is checked beyond its unit.
    public enum Constraint: Sendable {
        case any             // any finite value
        case positive        // > 0 (time constants)
        case nonNegative     // ≥ 0
        case probability     // in [0, 1]
        case count           // a whole number ≥ 0
        case seed            // a whole number in [0, 2^32)
    }

    /// How many values a parameter holds: one per element of its population (or one for all), a
    /// list of any length (SectionInput's sections, SpikeTime's events), or a matrix of in_size ×
    /// size values (LeakyRateReadout's weights, row-major).
    public enum Shape: Sendable { case perElement, list, matrix }

    public let name: String
    public let dimension: Dimension
    /// brainpy.state's default in `unit`; nil for a required parameter.
    public let defaultValue: Double?
    /// The unit brainpy.state uses for this parameter (for defaults and documentation).
    public let unit: String
    public let constraint: Constraint
    /// True for state initializers (`V_initializer`): they fill a state at init rather than a constant.
    public let isInitializer: Bool
    /// False for parameters that must be one value (counts, seeds, probabilities).
    public let allowsArray: Bool
    public let shape: Shape
    /// True for a generator's amplitudes: any dimension, the same for every such parameter of one
    /// population, and the dimension of its output (`unit` is only brainpy's usual one).
    public let inOutputUnit: Bool
    public let doc: String
    /// A random default (HH's and MorrisLecar's V_initializer = Uniform(−70, −60) mV), in `unit`; it
    /// replaces `defaultValue` (then NaN, which the catalogue reports with the doc naming the draw).
    public let defaultDraw: (kind: Initializer.Kind, args: [Double])?

    public init(_ name: String, _ dimension: Dimension, default defaultValue: Double?, unit: String,
                _ constraint: Constraint = .any, initializer: Bool = false, array: Bool = true,
                shape: Shape = .perElement, outputUnit: Bool = false,
                defaultDraw: (kind: Initializer.Kind, args: [Double])? = nil, doc: String) {
        self.name = name
        self.dimension = dimension
        self.defaultValue = defaultDraw == nil ? defaultValue : .nan
        self.unit = unit
        self.constraint = constraint
        self.isInitializer = initializer
        self.allowsArray = array
        self.shape = shape
        self.inOutputUnit = outputUnit
        self.defaultDraw = defaultDraw
        self.doc = doc
    }

    /// The same parameter with its dimension fixed (a generator amplitude once its unit is known).
    func withDimension(_ d: Dimension) -> ParamSpec {
        ParamSpec(name, d, default: defaultValue, unit: unit, constraint, initializer: isInitializer, array: allowsArray,
                  shape: shape, outputUnit: inOutputUnit, defaultDraw: defaultDraw, doc: doc)
    }

    /// The default as a described value in internal units (nil for a required parameter).
    var defaultParamValue: ParamValue? {
        guard let u = try? UnitParser.parse(unit) else { return nil }
        if let draw = defaultDraw {
            return .initializer(Initializer(kind: draw.kind, args: draw.args.map { $0 * u.scale }))
        }
        return defaultValue.map { .scalar($0 * u.scale) }
    }

    /// The default in internal units.
    var defaultInternal: Double? {
        guard let v = defaultValue, let u = try? UnitParser.parse(unit) else { return nil }
        return v * u.scale
    }

    /// Check one value (internal units) against the constraint; `what` names it in the message.
    func check(_ v: Double, _ what: String) throws(EngineError) {
        guard v.isFinite else { throw .invalid("\(what) must be finite, got \(v)") }
        switch constraint {
        case .any: break
        case .positive: if !(v > 0) { throw .invalid("\(what) must be > 0, got \(v) (internal units)") }
        case .nonNegative: if !(v >= 0) { throw .invalid("\(what) must be >= 0, got \(v)") }
        case .probability: if !(v >= 0 && v <= 1) { throw .invalid("\(what) must lie in [0, 1], got \(v)") }
        case .count:
            if !(v >= 0 && v == v.rounded() && v < 2_147_483_648) { throw .invalid("\(what) must be a whole number >= 0, got \(v)") }
        case .seed:
            if !(v >= 0 && v == v.rounded() && v < 4_294_967_296) { throw .invalid("\(what) must be a whole number in [0, 2^32), got \(v)") }
        }
    }
}

public struct StateSpec: Sendable {
    public let name: String
    public let dimension: Dimension
    /// The unit brainpy.state reports this state in.
    public let unit: String
    /// The parameter holding this state's initializer, if the user can set one.
    public let initializer: String?
    /// False for derived states such as `spike`.
    public let writable: Bool
    /// True for a generator state in its output unit (OU's x, every generator's `output`).
    public let inOutputUnit: Bool
    public let doc: String

    public init(_ name: String, _ dimension: Dimension, unit: String? = nil, initializer: String? = nil,
                writable: Bool = true, outputUnit: Bool = false, doc: String) {
        self.name = name
        self.dimension = dimension
        self.unit = unit ?? dimension.brainpyUnit
        self.initializer = initializer
        self.writable = writable
        self.inOutputUnit = outputUnit
        self.doc = doc
    }
}

public struct OptionSpec: Sendable {
    public let name: String
    public let allowed: [String]
    public let defaultValue: String
    public let doc: String
}

/// A model described in brainpy.state's vocabulary: the class name the engine's catalogue knows and
/// the settings to apply. Descriptions are plain values; `Network.add` turns them into C calls.
public protocol ModelDescription: Sendable {
    /// brainpy.state's class name ("LIFRef", "EventFixedProb", "Expon", "COBA", ...).
    var modelName: String { get }
    /// The parameters and options that differ from brainpy.state's defaults.
    var settings: [ModelSetting] { get }
}

/// A population of neurons (`bps_population_new`).
public protocol NeuronModel: ModelDescription {
    /// Number of neurons (brainpy's `in_size`).
    var size: Int { get }
}

/// The communication part of a projection ("comm"): how presynaptic spikes become increments.
public protocol CommModel: ModelDescription {}
/// The post-aligned synapse of a projection ("syn").
public protocol SynapseModel: ModelDescription {}
/// The synaptic output of a projection ("out"): how a conductance becomes a current.
public protocol OutputModel: ModelDescription {}

/// A neuron model of the engine's catalogue by name, for models this layer has no struct for.
public struct NamedNeurons: NeuronModel {
    public var modelName: String
    public var size: Int
    public var settings: [ModelSetting]

    public init(_ modelName: String, _ size: Int, _ settings: [ModelSetting] = []) {
        self.modelName = modelName
        self.size = size
        self.settings = settings
    }
}

/// A projection part (comm, syn or out) of the engine's catalogue by name.
public struct NamedPart: CommModel, SynapseModel, OutputModel {
    public var modelName: String
    public var settings: [ModelSetting]

    public init(_ modelName: String, _ settings: [ModelSetting] = []) {
        self.modelName = modelName
        self.settings = settings
    }
}

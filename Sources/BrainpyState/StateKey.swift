/// The name of a state variable together with its dimension, so reads and writes are checked at
/// compile time (`N.state(.V, in: .mV)`; `.V` with `.ms` does not compile). A string literal is a key
/// whose dimension comes from the unit it is used with (`N.state("V", in: .mV)`).
public struct StateKey<D: PhysicalDimension>: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The state's name in brainpy.state.
    public let name: String

    public init(_ name: String) { self.name = name }
    public init(stringLiteral name: String) { self.name = name }

    public var description: String { name }
}

extension StateKey where D == VoltageDimension {
    /// Membrane potential of IF / LIF / LIFRef.
    public static var V: Self { Self("V") }
}

extension StateKey where D == TimeDimension {
    /// Time of the last spike of LIFRef (starts at -1e7 ms).
    public static var last_spike_time: Self { Self("last_spike_time") }
}

extension StateKey where D == Dimensionless {
    /// brainpy.state's get_spike() of the stored V (0/1).
    public static var spike: Self { Self("spike") }
}

extension StateKey where D == ConductanceDimension {
    /// Conductance of an Expon synapse (one value per post neuron).
    public static var g: Self { Self("g") }
}

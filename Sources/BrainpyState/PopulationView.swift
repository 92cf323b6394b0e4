/// Neurons a projection can read spikes from: a whole population or a contiguous slice of one.
public protocol PopulationView {
    var population: Population { get }
    /// Neuron indices within `population`.
    var range: Range<Int> { get }
}

/// brainpy's `N[a:b]`: neurons `range` of `population`. The engine checks the bounds when the slice
/// is used (`BrainpyStateError.outOfRange`).
public struct PopulationSlice: PopulationView {
    public let population: Population
    public let range: Range<Int>

    public var count: Int { range.count }
}

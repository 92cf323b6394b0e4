/// Every model the engine knows, looked up by brainpy.state's class name.
public enum ModelCatalog {
    public static let all: [ModelSpec] = NeuronModels.all + SynapseModels.all + PlasticityModels.all + OutputModels.all
        + CommModels.all + ProjectionModels.all + InputModels.all + ReadoutModels.all

    public static func model(_ name: String, role: ModelSpec.Role) throws(EngineError) -> ModelSpec {
        if let spec = all.first(where: { $0.name == name && $0.role == role }) { return spec }
        let known = all.filter { $0.role == role }.map(\.name).joined(separator: ", ")
        throw .unknown("unknown \(role.rawValue) model \"\(name)\" (known: \(known))")
    }

    /// A model that makes a population: a neuron, an input generator or a readout.
    public static func population(_ name: String) throws(EngineError) -> ModelSpec {
        if let spec = all.first(where: { $0.name == name && $0.isPopulation }) { return spec }
        let known = all.filter(\.isPopulation).map(\.name).joined(separator: ", ")
        throw .unknown("unknown neuron, input or readout model \"\(name)\" (known: \(known))")
    }
}

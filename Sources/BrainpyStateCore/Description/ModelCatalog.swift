/// Every model the engine knows, looked up by brainpy.state's class name.
public enum ModelCatalog {
    public static let all: [ModelSpec] = NeuronModels.all + SynapseModels.all + PlasticityModels.all + OutputModels.all
        + CommModels.all + ProjectionModels.all

    public static func model(_ name: String, role: ModelSpec.Role) throws(EngineError) -> ModelSpec {
        if let spec = all.first(where: { $0.name == name && $0.role == role }) { return spec }
        let known = all.filter { $0.role == role }.map(\.name).joined(separator: ", ")
        throw .unknown("unknown \(role.rawValue) model \"\(name)\" (known: \(known))")
    }
}

/// The projection kinds of brainpy.state (spec synapses §5), with the parameters of the projection
/// itself (part "proj"): its axonal delay. Their parts (comm, syn, out, stp) are models of their own.
enum ProjectionModels {
    static let delay = ParamSpec(
        "delay", .time, default: 0, unit: "ms", .nonNegative,
        doc: "axonal delay of the input of comm: one value, or one per presynaptic neuron; a fraction of dt interpolates linearly between two steps (brainpy's InputDelay)")

    static func kind(_ name: String, doc: String, delay hasDelay: Bool = true) -> ModelSpec {
        ModelSpec(name: name, role: .projection, params: hasDelay ? [delay] : [], states: [], options: [], doc: doc)
    }

    static let AlignPostProj = kind(
        "AlignPostProj", doc: "pre → [stp] → delay → comm → post-aligned syn (Expon, DualExpon merged; Alpha) → out → post")
    static let CurrentProj = kind(
        "CurrentProj", doc: "pre → [stp] → delay → comm → out → post: the comm output is this step's conductance")
    static let DeltaProj = kind(
        "DeltaProj", doc: "pre → [stp] → delay → comm → post: the comm output is added to V after integration")
    static let alignPre = kind(
        "align_pre_projection",
        doc: "pre → [stp] → delay → syn per presynaptic neuron (any synapse, AMPA/GABAa/BioNMDA included) → value-weighted comm → out → post")
    static let alignPost = kind(
        "align_post_projection", doc: "AlignPostProj with an optional stp module (brainpy.state's functional wrapper)")

    static let all: [ModelSpec] = [AlignPostProj, CurrentProj, DeltaProj, alignPre, alignPost]
}

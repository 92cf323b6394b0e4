/// A compiled projection as the host addresses it by id: a chemical one (comm, synapse, output) or
/// an electrical one (a gap junction). The step loop keeps each kind in its own list.
enum CompiledProjection<F: SimFloat> {
    case chemical(ProjectionRuntime<F>)
    case junction(GapJunction<F>)
}

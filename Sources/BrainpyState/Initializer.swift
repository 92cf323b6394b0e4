/// A state or parameter initializer of braintools.init (`Constant`, `Normal`, `Uniform`), drawn by the
/// engine at compile (and again by `initAllStates()`) with its counter-based generator keyed by the
/// network seed, so a draw does not depend on the order in which things were described.
///
/// Written `.constant(v)`, `.normal(mean:std:)`, `.uniform(low:high:)` wherever a parameter is expected.
public struct Initializer<D: PhysicalDimension>: Sendable, CustomStringConvertible {
    /// braintools' class name, as the engine knows it ("Constant", "Normal", "Uniform").
    public let name: String
    /// The arguments in braintools' order.
    public let arguments: [Quantity<D>]

    /// Any initializer of the engine by name (for initializers this layer has no factory for).
    public init(name: String, arguments: [Quantity<D>]) {
        self.name = name
        self.arguments = arguments
    }

    public var description: String { "\(name)(\(arguments.map(\.description).joined(separator: ", ")))" }

    /// The arguments in one unit (the first argument's), as `bps_*_set_param_init` takes them.
    func cArguments() throws -> (name: String, args: [Double], unit: String) {
        guard let first = arguments.first else { return (name, [], "") }
        let args = try arguments.map { try $0.value(in: first.unit) }
        return (name, args, first.unit.symbol)
    }
}

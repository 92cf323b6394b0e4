/// A model parameter as brainpy.state accepts it: one value for every neuron, one value per neuron,
/// or an initializer drawn at compile.
public enum Parameter<D: PhysicalDimension>: Sendable {
    case value(Quantity<D>)
    case perNeuron(QuantityArray<D>)
    case initializer(Initializer<D>)
}

/// Anything that can stand for a parameter of dimension `Dim`: a `Quantity` (`20.ms`), a
/// `QuantityArray` (`[-55, -56].mV`), an `Initializer` (`.normal(mean:std:)`) or a `Parameter`.
/// Model initializers take `(any ParameterSource<Dim>)?`, so all of these are accepted where a
/// parameter is expected while the dimension is still checked by the compiler.
public protocol ParameterSource<Dim>: Sendable {
    associatedtype Dim: PhysicalDimension
    var parameter: Parameter<Dim> { get }
}

extension Quantity: ParameterSource {
    public var parameter: Parameter<D> { .value(self) }
}

extension QuantityArray: ParameterSource {
    public var parameter: Parameter<D> { .perNeuron(self) }
}

extension Initializer: ParameterSource {
    public var parameter: Parameter<D> { .initializer(self) }
}

extension Parameter: ParameterSource {
    public var parameter: Parameter<D> { self }
}

// `.constant(...)`, `.normal(...)`, `.uniform(...)` where a parameter source is expected.
extension ParameterSource {
    /// braintools.init.Constant(value).
    public static func constant<E>(_ value: Quantity<E>) -> Self where Self == Initializer<E> {
        Initializer<E>(name: "Constant", arguments: [value])
    }
    /// braintools.init.Normal(mean, std).
    public static func normal<E>(mean: Quantity<E>, std: Quantity<E>) -> Self where Self == Initializer<E> {
        Initializer<E>(name: "Normal", arguments: [mean, std])
    }
    /// braintools.init.Uniform(low, high).
    public static func uniform<E>(low: Quantity<E>, high: Quantity<E>) -> Self where Self == Initializer<E> {
        Initializer<E>(name: "Uniform", arguments: [low, high])
    }
}

/// A parameter with its dimension erased, ready for the C call that takes it.
enum CParameter {
    case scalar(Double, unit: String)
    case array([Double], unit: String)
    case initializer(String, args: [Double], unit: String)
}

extension Parameter {
    func cParameter() throws -> CParameter {
        switch self {
        case .value(let q): return .scalar(q.value, unit: q.unit.symbol)
        case .perNeuron(let a): return .array(a.values, unit: a.unit.symbol)
        case .initializer(let i):
            let (name, args, unit) = try i.cArguments()
            return .initializer(name, args: args, unit: unit)
        }
    }
}

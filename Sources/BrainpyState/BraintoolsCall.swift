/// A braintools constructor call as the training ABI takes it: the class name and its keyword
/// arguments, in order (`Sigmoid(alpha: 4)`, `Adam(lr: 3e-3, ...)`, `KaimingNormal(scale: 2)`).
/// Surrogates, weight initializers, optimizers and schedulers are values of this shape; the engine
/// checks the name and every keyword when the value is used, so a misspelt keyword surfaces as
/// `BrainpyStateError.unknownName` with the engine's message listing the valid ones.
public protocol BraintoolsCall: Sendable, CustomStringConvertible {
    /// braintools' class name ("ReluGrad", "KaimingNormal", "Adam", "StepLR", ...).
    var name: String { get }
    /// Keyword arguments as the engine takes them (booleans as 0/1; a keyword may repeat, as
    /// MultiStepLR's milestones do).
    var arguments: [(name: String, value: Double)] { get }

    /// Any object of this kind by the engine's name, with its argument list.
    init(_ name: String, _ arguments: [(name: String, value: Double)])
}

extension BraintoolsCall {
    /// Any object of this kind by the engine's name, with keyword arguments (the literal
    /// `["alpha": 2]` keeps its order); keywords left out keep braintools' defaults.
    public init(name: String, arguments: KeyValuePairs<String, Double> = [:]) {
        self.init(name, arguments.map { (name: $0.key, value: $0.value) })
    }

    public var description: String {
        "\(name)(\(arguments.map { "\($0.name): \($0.value)" }.joined(separator: ", ")))"
    }

    /// The arguments as the C ABI's parallel arrays (n, keys, values), valid during `body`.
    func withKeywords<R>(_ body: (Int64, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Double>?) throws -> R)
        throws -> R {
        let values = arguments.map(\.value)
        return try withCStrings(arguments.map(\.name)) { keys in
            try keys.withUnsafeBufferPointer { k in
                try values.withUnsafeBufferPointer { v in try body(Int64(values.count), k.baseAddress, v.baseAddress) }
            }
        }
    }

    /// Same name and the same arguments in the same order.
    func sameCall(as other: some BraintoolsCall) -> Bool {
        name == other.name && arguments.map(\.name) == other.arguments.map(\.name)
            && arguments.map(\.value) == other.arguments.map(\.value)
    }
}

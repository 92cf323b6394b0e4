/// Pure numbers where a quantity is expected: the reduced models (FitzHughNagumo, HindmarshRose) and
/// the dimensionless parameters and states of the conductance models (phi, gate variables) take plain
/// numbers, so `phi: 5.0`, `a: [0.7, 0.8]` and `addCurrentInput("x", 0.5)` are written as in brainpy.
extension Quantity: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral where D == Dimensionless {
    public init(floatLiteral value: Double) { self.init(value, .one) }
    public init(integerLiteral value: Int) { self.init(Double(value), .one) }
}

extension Double: ParameterSource {
    public var parameter: Parameter<Dimensionless> { .value(Quantity(self, .one)) }
}

extension Int: ParameterSource {
    public var parameter: Parameter<Dimensionless> { .value(Quantity(Double(self), .one)) }
}

extension Array: ParameterSource where Element == Double {
    public var parameter: Parameter<Dimensionless> { .perNeuron(QuantityArray(self, .one)) }
}

extension StateKey where D == Dimensionless {
    /// HH's sodium activation.
    public static var m: Self { Self("m") }
    /// HH's and WangBuzsakiHH's sodium inactivation.
    public static var h: Self { Self("h") }
    /// HH's and WangBuzsakiHH's potassium activation.
    public static var n: Self { Self("n") }
    /// MorrisLecar's recovery variable.
    public static var W: Self { Self("W") }
    /// FitzHughNagumo's recovery variable.
    public static var w: Self { Self("w") }
    /// HindmarshRose's fast recovery variable.
    public static var y: Self { Self("y") }
    /// HindmarshRose's slow adaptation variable.
    public static var z: Self { Self("z") }
}

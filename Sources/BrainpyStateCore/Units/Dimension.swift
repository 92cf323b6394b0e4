/// A physical dimension as integer exponents of time, voltage, current and concentration.
/// Voltage (not mass and length) is a base here because every unit of the grammar (s V A S ohm F Hz M)
/// is a product of these four, which keeps the dimension check exact and small.
public struct Dimension: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var time: Int8
    public var voltage: Int8
    public var current: Int8
    public var concentration: Int8

    public init(time: Int8 = 0, voltage: Int8 = 0, current: Int8 = 0, concentration: Int8 = 0) {
        self.time = time
        self.voltage = voltage
        self.current = current
        self.concentration = concentration
    }

    public static let one = Dimension()
    public static let time = Dimension(time: 1)
    public static let voltage = Dimension(voltage: 1)
    public static let current = Dimension(current: 1)
    public static let conductance = Dimension(voltage: -1, current: 1)
    public static let resistance = Dimension(voltage: 1, current: -1)
    public static let capacitance = Dimension(time: 1, voltage: -1, current: 1)
    public static let frequency = Dimension(time: -1)
    public static let concentration = Dimension(concentration: 1)

    static func * (a: Dimension, b: Dimension) -> Dimension {
        Dimension(time: a.time &+ b.time, voltage: a.voltage &+ b.voltage,
                  current: a.current &+ b.current, concentration: a.concentration &+ b.concentration)
    }

    func power(_ n: Int) -> Dimension {
        let k = Int8(truncatingIfNeeded: n)
        return Dimension(time: time &* k, voltage: voltage &* k, current: current &* k,
                         concentration: concentration &* k)
    }

    /// The unit brainpy.state usually states values of this dimension in (IF-family currents are mA).
    public var brainpyUnit: String {
        switch self {
        case .one: return ""
        case .time: return "ms"
        case .voltage: return "mV"
        case .current: return "mA"
        case .conductance: return "mS"
        case .resistance: return "ohm"
        case .capacitance: return "uF"
        case .frequency: return "Hz"
        case .concentration: return "mM"
        default: return description
        }
    }

    /// The dimension written in the engine's internal units, e.g. "mV", "mS", "ms^-1".
    public var description: String {
        if self == .one { return "dimensionless" }
        switch self {
        case .time: return "time (ms)"
        case .voltage: return "voltage (mV)"
        case .current: return "current (uA)"
        case .conductance: return "conductance (mS)"
        case .resistance: return "resistance (kohm)"
        case .capacitance: return "capacitance (uF)"
        case .frequency: return "frequency (Hz)"
        case .concentration: return "concentration (mM)"
        default: break
        }
        var parts: [String] = []
        for (name, e) in [("ms", time), ("mV", voltage), ("uA", current), ("mM", concentration)] where e != 0 {
            parts.append(e == 1 ? name : "\(name)^\(e)")
        }
        return parts.joined(separator: "*")
    }
}

/// A parsed unit: a dimension and the power of ten that converts a value in this unit into the
/// engine's coherent internal system (ms, mV, uA, mM and their products: mS, kohm, uF, 1/ms). Every
/// unit of the grammar is a power of ten away from the internal one, and keeping the exponent as an
/// integer makes the factor exact (1e3 * 1e-9 would not be 1e-6 in floating point).
public struct ParsedUnit: Equatable, Sendable {
    public var dimension: Dimension
    public var exponent: Int

    public static let dimensionless = ParsedUnit(dimension: .one, exponent: 0)

    /// value_internal = value * scale: the double nearest to 10^exponent.
    public var scale: Double {
        exponent >= -ParsedUnit.maxExponent && exponent <= ParsedUnit.maxExponent
            ? ParsedUnit.powers[exponent + ParsedUnit.maxExponent] : (Double("1e\(exponent)") ?? .nan)
    }

    private static let maxExponent = 48
    /// 10^k for |k| <= 48, each the correctly rounded double (parsed, not multiplied).
    private static let powers: [Double] = (-maxExponent...maxExponent).map { Double("1e\($0)")! }
}

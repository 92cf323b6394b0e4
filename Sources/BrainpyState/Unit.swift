/// A unit of dimension `D`, carrying the unit string that crosses the C ABI ("mV", "ms", "mS", ...).
///
/// Units are strings on the C side so that the engine, not this layer, owns every conversion factor;
/// here they only gain a dimension so the compiler rejects a unit of the wrong kind. A custom string
/// (`Unit<VoltageDimension>("uV")`) is checked by the engine when it is used (`BrainpyStateError.unit`).
public struct Unit<D: PhysicalDimension>: Hashable, Sendable, CustomStringConvertible {
    /// The unit string in the grammar of brainpystate.h.
    public let symbol: String

    public init(_ symbol: String) { self.symbol = symbol }

    /// brainpy.state's unit for this dimension (ms, mV, mA, mS, ohm, Hz, uF, "").
    public static var natural: Unit<D> { Unit(D.naturalUnit) }

    public var description: String { symbol }
}

extension Unit where D == TimeDimension {
    public static var s: Self { Self("s") }
    public static var ms: Self { Self("ms") }
    public static var us: Self { Self("us") }
}

extension Unit where D == VoltageDimension {
    public static var V: Self { Self("V") }
    public static var mV: Self { Self("mV") }
    public static var uV: Self { Self("uV") }
}

extension Unit where D == CurrentDimension {
    public static var A: Self { Self("A") }
    public static var mA: Self { Self("mA") }
    public static var uA: Self { Self("uA") }
    public static var nA: Self { Self("nA") }
    public static var pA: Self { Self("pA") }
}

extension Unit where D == ConductanceDimension {
    public static var S: Self { Self("S") }
    public static var mS: Self { Self("mS") }
    public static var uS: Self { Self("uS") }
    public static var nS: Self { Self("nS") }
}

extension Unit where D == ResistanceDimension {
    public static var ohm: Self { Self("ohm") }
    public static var kohm: Self { Self("kohm") }
}

extension Unit where D == FrequencyDimension {
    public static var Hz: Self { Self("Hz") }
    public static var kHz: Self { Self("kHz") }
}

extension Unit where D == CapacitanceDimension {
    public static var F: Self { Self("F") }
    public static var uF: Self { Self("uF") }
    public static var nF: Self { Self("nF") }
    public static var pF: Self { Self("pF") }
}

extension Unit where D == Dimensionless {
    /// The empty unit string of the ABI.
    public static var one: Self { Self("") }
}

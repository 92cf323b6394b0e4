import CBrainpyState

/// A physical quantity: a value with the unit it was written in, e.g. `20.ms` or `-60.mV`.
///
/// The value is not converted on the Swift side: the (value, unit string) pair crosses the C ABI as
/// is and the engine converts it, so Swift and C hosts share one set of conversion factors.
/// Two quantities written in different units are therefore not compared with `==`; convert first
/// (`value(in:)`), which asks the engine (`bps_unit_convert`).
public struct Quantity<D: PhysicalDimension>: Sendable, CustomStringConvertible {
    public var value: Double
    public var unit: Unit<D>

    public init(_ value: Double, _ unit: Unit<D>) {
        self.value = value
        self.unit = unit
    }

    /// The value expressed in `target` (converted by the engine).
    public func value(in target: Unit<D>) throws -> Double {
        if target == unit { return value }
        return try convertUnit(value, from: unit.symbol, to: target.symbol)
    }

    /// The same quantity written in `target`.
    public func converted(to target: Unit<D>) throws -> Quantity<D> {
        Quantity(try value(in: target), target)
    }

    public var description: String { unit.symbol.isEmpty ? "\(value)" : "\(value) \(unit.symbol)" }

    public static prefix func - (q: Quantity<D>) -> Quantity<D> { Quantity(-q.value, q.unit) }
    public static func * (q: Quantity<D>, k: Double) -> Quantity<D> { Quantity(q.value * k, q.unit) }
    public static func * (k: Double, q: Quantity<D>) -> Quantity<D> { Quantity(k * q.value, q.unit) }
    public static func / (q: Quantity<D>, k: Double) -> Quantity<D> { Quantity(q.value / k, q.unit) }
}

public typealias Time = Quantity<TimeDimension>
public typealias Voltage = Quantity<VoltageDimension>
public typealias Current = Quantity<CurrentDimension>
public typealias Conductance = Quantity<ConductanceDimension>
public typealias Resistance = Quantity<ResistanceDimension>
public typealias Frequency = Quantity<FrequencyDimension>
public typealias Capacitance = Quantity<CapacitanceDimension>

/// `bps_unit_convert`: `value` from one unit string to another of the same dimension.
func convertUnit(_ value: Double, from: String, to: String) throws -> Double {
    var out = 0.0
    try check(bps_unit_convert(value, from, to, &out))
    return out
}

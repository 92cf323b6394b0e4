/// One quantity per element (per neuron, per synapse, per matrix entry), all in one unit: the shape
/// in which arrays cross the C ABI (pointer, length, float64, unit string).
public struct QuantityArray<D: PhysicalDimension>: Sendable, CustomStringConvertible {
    public var values: [Double]
    public var unit: Unit<D>

    public init(_ values: [Double], _ unit: Unit<D>) {
        self.values = values
        self.unit = unit
    }

    /// Gather quantities written in possibly different units into `unit` (default: brainpy.state's
    /// unit of the dimension). Conversion factors come from the engine.
    public init(_ quantities: [Quantity<D>], in unit: Unit<D> = .natural) throws {
        var factors: [Unit<D>: Double] = [:]
        var values: [Double] = []
        values.reserveCapacity(quantities.count)
        for q in quantities {
            let factor: Double
            if let f = factors[q.unit] {
                factor = f
            } else {
                factor = try q.unit == unit ? 1 : convertUnit(1, from: q.unit.symbol, to: unit.symbol)
                factors[q.unit] = factor
            }
            values.append(q.value * factor)
        }
        self.init(values, unit)
    }

    public var count: Int { values.count }

    public subscript(i: Int) -> Quantity<D> { Quantity(values[i], unit) }

    public var description: String { "\(values) \(unit.symbol)" }

    public static prefix func - (a: QuantityArray<D>) -> QuantityArray<D> { QuantityArray(a.values.map { -$0 }, a.unit) }
    public static func * (a: QuantityArray<D>, k: Double) -> QuantityArray<D> { QuantityArray(a.values.map { $0 * k }, a.unit) }
    public static func * (k: Double, a: QuantityArray<D>) -> QuantityArray<D> { a * k }
}

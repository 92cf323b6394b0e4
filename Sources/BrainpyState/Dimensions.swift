/// A physical dimension, used only as a type tag. Quantities, units and state names are generic over
/// it, so a time cannot be passed where a voltage is expected: `tau: 10.mV` does not compile.
///
/// `naturalUnit` is the unit brainpy.state writes this dimension in (ms, mV, mA, mS, ohm); reads that
/// name no unit return values in it.
public protocol PhysicalDimension: Sendable {
    /// The unit string of brainpy.state's convention for this dimension (grammar of the C ABI).
    static var naturalUnit: String { get }
}

/// Time (brainpy.state writes times in ms).
public enum TimeDimension: PhysicalDimension { public static let naturalUnit = "ms" }
/// Electric potential (mV).
public enum VoltageDimension: PhysicalDimension { public static let naturalUnit = "mV" }
/// Electric current (mA: brainpy.state's inputs are currents in mA with R in ohm).
public enum CurrentDimension: PhysicalDimension { public static let naturalUnit = "mA" }
/// Conductance (mS: synaptic weights and conductances).
public enum ConductanceDimension: PhysicalDimension { public static let naturalUnit = "mS" }
/// Resistance (ohm: the membrane resistance R).
public enum ResistanceDimension: PhysicalDimension { public static let naturalUnit = "ohm" }
/// Frequency (Hz).
public enum FrequencyDimension: PhysicalDimension { public static let naturalUnit = "Hz" }
/// Capacitance (uF).
public enum CapacitanceDimension: PhysicalDimension { public static let naturalUnit = "uF" }
/// Pure numbers (probabilities, counts, the 0/1 `spike` state).
public enum Dimensionless: PhysicalDimension { public static let naturalUnit = "" }

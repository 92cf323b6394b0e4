/// Concentration (mM: MgBlock's cc_Mg and beta, the transmitter concentrations of the kinetic synapses).
public enum ConcentrationDimension: PhysicalDimension { public static let naturalUnit = "mM" }

public typealias Concentration = Quantity<ConcentrationDimension>

extension Unit where D == ConcentrationDimension {
    public static var M: Self { Self("M") }
    public static var mM: Self { Self("mM") }
    public static var uM: Self { Self("uM") }
}

extension Double {
    /// `1.2.mM`: millimolar.
    public var mM: Concentration { Concentration(self, .mM) }
}

extension Int {
    public var mM: Concentration { Concentration(Double(self), .mM) }
}

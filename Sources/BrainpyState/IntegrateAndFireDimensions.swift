import CBrainpyState

// The dimensions, units, state keys and inputs the integrate-and-fire family and Izhikevich need
// beyond Dimensions.swift: QuaIF's c (1/mV), Gif's and Izhikevich's rates (1/ms), Izhikevich's input,
// u and d (mV/ms), and the delta inputs of CubaLIF (a current) and CobaLIF (a conductance).

/// Inverse voltage (1/mV: QuaIF's and AdQuaIF's c).
public enum InverseVoltageDimension: PhysicalDimension { public static let naturalUnit = "1/mV" }
/// Voltage per time (mV/ms: Izhikevich's input, u and d).
public enum VoltageRateDimension: PhysicalDimension { public static let naturalUnit = "mV/ms" }

public typealias VoltageRate = Quantity<VoltageRateDimension>

extension Unit where D == FrequencyDimension {
    /// 1/ms, brainpy.state's unit of Gif's a, b, k1, k2 and Izhikevich's a, b.
    public static var perMs: Self { Self("1/ms") }
}

extension Unit where D == InverseVoltageDimension {
    public static var perMV: Self { Self("1/mV") }
}

extension Unit where D == VoltageRateDimension {
    public static var mVPerMs: Self { Self("mV/ms") }
}

extension Double {
    /// `0.2.perMs`: a rate in 1/ms.
    public var perMs: Frequency { Frequency(self, .perMs) }
    /// `0.07.perMV`: 1/mV.
    public var perMV: Quantity<InverseVoltageDimension> { Quantity(self, .perMV) }
    /// `10.mVPerMs`: mV/ms.
    public var mVPerMs: VoltageRate { VoltageRate(self, .mVPerMs) }
}

extension Int {
    public var perMs: Frequency { Frequency(Double(self), .perMs) }
    public var perMV: Quantity<InverseVoltageDimension> { Quantity(Double(self), .perMV) }
    public var mVPerMs: VoltageRate { VoltageRate(Double(self), .mVPerMs) }
}

extension StateKey where D == CurrentDimension {
    /// Adaptation current of AdExIF / AdQuaIF.
    public static var w: Self { Self("w") }
    /// Gif's spike-triggered currents.
    public static var I1: Self { Self("I1") }
    public static var I2: Self { Self("I2") }
}

extension StateKey where D == VoltageDimension {
    /// Gif's dynamic threshold.
    public static var V_th: Self { Self("V_th") }
}

extension StateKey where D == VoltageRateDimension {
    /// Izhikevich's recovery variable.
    public static var u: Self { Self("u") }
}

extension StateKey where D == Dimensionless {
    /// 1 while refractory or at a spike (the refractory variants' ref_var state).
    public static var refractory: Self { Self("refractory") }
}

/// Izhikevich's input is in mV/ms; CubaLIF's and CobaLIF's delta inputs go to g. The engine checks each
/// unit against the population's model.
extension Population {
    /// A persistent input in mV/ms (Izhikevich's add_current_input).
    public func addCurrentInput(_ key: String, _ value: VoltageRate) throws {
        try check(bps_population_add_current_input(handle, id, key, [value.value], 1, BPS_DTYPE_FLOAT64, value.unit.symbol))
    }

    public func addCurrentInput(_ key: String, _ values: QuantityArray<VoltageRateDimension>) throws {
        try check(bps_population_add_current_input(handle, id, key, values.values, Int64(values.count),
                                                   BPS_DTYPE_FLOAT64, values.unit.symbol))
    }

    public func setCurrentInput(_ key: String, _ value: VoltageRate) throws {
        try check(bps_population_set_current_input(handle, id, key, [value.value], 1, BPS_DTYPE_FLOAT64, value.unit.symbol))
    }

    /// A one-shot input in mV/ms for the next step (Izhikevich).
    public func addOneShotCurrent(_ value: VoltageRate) throws {
        try oneShotInput("current", [value.value], value.unit.symbol)
    }

    /// A one-shot current added to CubaLIF's synaptic current g after its decay in the next step.
    public func addOneShotDelta(_ value: Current) throws {
        try oneShotInput("delta", [value.value], value.unit.symbol)
    }

    /// A one-shot conductance added to CobaLIF's g after its decay in the next step.
    public func addOneShotDelta(_ value: Conductance) throws {
        try oneShotInput("delta", [value.value], value.unit.symbol)
    }

    private func oneShotInput(_ kind: String, _ values: [Double], _ unit: String) throws {
        try check(bps_population_add_one_shot_input(handle, id, kind, values, Int64(values.count), BPS_DTYPE_FLOAT64, unit))
    }
}

extension Network {
    /// Step once with `input` in mV/ms into an Izhikevich population (see `step(input:into:unit:spikesOf:)`).
    public func step<T: HostFloat>(input: [T], into target: Population, unit: Unit<VoltageRateDimension>,
                                   spikesOf source: Population) throws -> [UInt8] {
        // The C call takes the unit string and checks it against the target's model.
        try step(input: input, into: target, unit: Unit<CurrentDimension>(unit.symbol), spikesOf: source)
    }
}

// A plain number where brainpy.state takes a dimensionless parameter (Gif's R1, R2: `Gif(10, R1: 0.5)`)
// is DimensionlessQuantities.swift's Double conformance.

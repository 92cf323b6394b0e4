/// Per-neuron quantity literals: `[-55, -56, -57].mV`, `weights.mS`. The values keep the unit they
/// were written in and cross the C ABI as one array with one unit string.

extension Array where Element == Double {
    public var s: QuantityArray<TimeDimension> { QuantityArray(self, .s) }
    public var ms: QuantityArray<TimeDimension> { QuantityArray(self, .ms) }
    public var us: QuantityArray<TimeDimension> { QuantityArray(self, .us) }
    public var V: QuantityArray<VoltageDimension> { QuantityArray(self, .V) }
    public var mV: QuantityArray<VoltageDimension> { QuantityArray(self, .mV) }
    public var uV: QuantityArray<VoltageDimension> { QuantityArray(self, .uV) }
    public var A: QuantityArray<CurrentDimension> { QuantityArray(self, .A) }
    public var mA: QuantityArray<CurrentDimension> { QuantityArray(self, .mA) }
    public var uA: QuantityArray<CurrentDimension> { QuantityArray(self, .uA) }
    public var nA: QuantityArray<CurrentDimension> { QuantityArray(self, .nA) }
    public var pA: QuantityArray<CurrentDimension> { QuantityArray(self, .pA) }
    public var S: QuantityArray<ConductanceDimension> { QuantityArray(self, .S) }
    public var mS: QuantityArray<ConductanceDimension> { QuantityArray(self, .mS) }
    public var uS: QuantityArray<ConductanceDimension> { QuantityArray(self, .uS) }
    public var nS: QuantityArray<ConductanceDimension> { QuantityArray(self, .nS) }
    public var ohm: QuantityArray<ResistanceDimension> { QuantityArray(self, .ohm) }
    public var kohm: QuantityArray<ResistanceDimension> { QuantityArray(self, .kohm) }
    public var Hz: QuantityArray<FrequencyDimension> { QuantityArray(self, .Hz) }
    public var kHz: QuantityArray<FrequencyDimension> { QuantityArray(self, .kHz) }
    public var F: QuantityArray<CapacitanceDimension> { QuantityArray(self, .F) }
    public var uF: QuantityArray<CapacitanceDimension> { QuantityArray(self, .uF) }
    public var nF: QuantityArray<CapacitanceDimension> { QuantityArray(self, .nF) }
    public var pF: QuantityArray<CapacitanceDimension> { QuantityArray(self, .pF) }
}

extension Array where Element == Float {
    public var s: QuantityArray<TimeDimension> { QuantityArray(map(Double.init), .s) }
    public var ms: QuantityArray<TimeDimension> { QuantityArray(map(Double.init), .ms) }
    public var us: QuantityArray<TimeDimension> { QuantityArray(map(Double.init), .us) }
    public var V: QuantityArray<VoltageDimension> { QuantityArray(map(Double.init), .V) }
    public var mV: QuantityArray<VoltageDimension> { QuantityArray(map(Double.init), .mV) }
    public var uV: QuantityArray<VoltageDimension> { QuantityArray(map(Double.init), .uV) }
    public var A: QuantityArray<CurrentDimension> { QuantityArray(map(Double.init), .A) }
    public var mA: QuantityArray<CurrentDimension> { QuantityArray(map(Double.init), .mA) }
    public var uA: QuantityArray<CurrentDimension> { QuantityArray(map(Double.init), .uA) }
    public var nA: QuantityArray<CurrentDimension> { QuantityArray(map(Double.init), .nA) }
    public var pA: QuantityArray<CurrentDimension> { QuantityArray(map(Double.init), .pA) }
    public var S: QuantityArray<ConductanceDimension> { QuantityArray(map(Double.init), .S) }
    public var mS: QuantityArray<ConductanceDimension> { QuantityArray(map(Double.init), .mS) }
    public var uS: QuantityArray<ConductanceDimension> { QuantityArray(map(Double.init), .uS) }
    public var nS: QuantityArray<ConductanceDimension> { QuantityArray(map(Double.init), .nS) }
    public var ohm: QuantityArray<ResistanceDimension> { QuantityArray(map(Double.init), .ohm) }
    public var kohm: QuantityArray<ResistanceDimension> { QuantityArray(map(Double.init), .kohm) }
    public var Hz: QuantityArray<FrequencyDimension> { QuantityArray(map(Double.init), .Hz) }
    public var kHz: QuantityArray<FrequencyDimension> { QuantityArray(map(Double.init), .kHz) }
    public var F: QuantityArray<CapacitanceDimension> { QuantityArray(map(Double.init), .F) }
    public var uF: QuantityArray<CapacitanceDimension> { QuantityArray(map(Double.init), .uF) }
    public var nF: QuantityArray<CapacitanceDimension> { QuantityArray(map(Double.init), .nF) }
    public var pF: QuantityArray<CapacitanceDimension> { QuantityArray(map(Double.init), .pF) }
}

extension Array where Element == Int {
    public var s: QuantityArray<TimeDimension> { QuantityArray(map(Double.init), .s) }
    public var ms: QuantityArray<TimeDimension> { QuantityArray(map(Double.init), .ms) }
    public var us: QuantityArray<TimeDimension> { QuantityArray(map(Double.init), .us) }
    public var V: QuantityArray<VoltageDimension> { QuantityArray(map(Double.init), .V) }
    public var mV: QuantityArray<VoltageDimension> { QuantityArray(map(Double.init), .mV) }
    public var uV: QuantityArray<VoltageDimension> { QuantityArray(map(Double.init), .uV) }
    public var A: QuantityArray<CurrentDimension> { QuantityArray(map(Double.init), .A) }
    public var mA: QuantityArray<CurrentDimension> { QuantityArray(map(Double.init), .mA) }
    public var uA: QuantityArray<CurrentDimension> { QuantityArray(map(Double.init), .uA) }
    public var nA: QuantityArray<CurrentDimension> { QuantityArray(map(Double.init), .nA) }
    public var pA: QuantityArray<CurrentDimension> { QuantityArray(map(Double.init), .pA) }
    public var S: QuantityArray<ConductanceDimension> { QuantityArray(map(Double.init), .S) }
    public var mS: QuantityArray<ConductanceDimension> { QuantityArray(map(Double.init), .mS) }
    public var uS: QuantityArray<ConductanceDimension> { QuantityArray(map(Double.init), .uS) }
    public var nS: QuantityArray<ConductanceDimension> { QuantityArray(map(Double.init), .nS) }
    public var ohm: QuantityArray<ResistanceDimension> { QuantityArray(map(Double.init), .ohm) }
    public var kohm: QuantityArray<ResistanceDimension> { QuantityArray(map(Double.init), .kohm) }
    public var Hz: QuantityArray<FrequencyDimension> { QuantityArray(map(Double.init), .Hz) }
    public var kHz: QuantityArray<FrequencyDimension> { QuantityArray(map(Double.init), .kHz) }
    public var F: QuantityArray<CapacitanceDimension> { QuantityArray(map(Double.init), .F) }
    public var uF: QuantityArray<CapacitanceDimension> { QuantityArray(map(Double.init), .uF) }
    public var nF: QuantityArray<CapacitanceDimension> { QuantityArray(map(Double.init), .nF) }
    public var pF: QuantityArray<CapacitanceDimension> { QuantityArray(map(Double.init), .pF) }
}

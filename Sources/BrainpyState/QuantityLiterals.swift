/// Quantity literals: `20.ms`, `-60.mV`, `0.6.mS`, `20.mA`, `1.ohm`. Each returns the quantity type of
/// its dimension, so passing one where another dimension is expected is a compile error.

extension Double {
    // Time
    public var s: Time { Time(self, .s) }
    public var ms: Time { Time(self, .ms) }
    public var us: Time { Time(self, .us) }
    // Voltage
    public var V: Voltage { Voltage(self, .V) }
    public var mV: Voltage { Voltage(self, .mV) }
    public var uV: Voltage { Voltage(self, .uV) }
    // Current
    public var A: Current { Current(self, .A) }
    public var mA: Current { Current(self, .mA) }
    public var uA: Current { Current(self, .uA) }
    public var nA: Current { Current(self, .nA) }
    public var pA: Current { Current(self, .pA) }
    // Conductance
    public var S: Conductance { Conductance(self, .S) }
    public var mS: Conductance { Conductance(self, .mS) }
    public var uS: Conductance { Conductance(self, .uS) }
    public var nS: Conductance { Conductance(self, .nS) }
    // Resistance
    public var ohm: Resistance { Resistance(self, .ohm) }
    public var kohm: Resistance { Resistance(self, .kohm) }
    // Frequency
    public var Hz: Frequency { Frequency(self, .Hz) }
    public var kHz: Frequency { Frequency(self, .kHz) }
    // Capacitance
    public var F: Capacitance { Capacitance(self, .F) }
    public var uF: Capacitance { Capacitance(self, .uF) }
    public var nF: Capacitance { Capacitance(self, .nF) }
    public var pF: Capacitance { Capacitance(self, .pF) }
}

extension Int {
    // Time
    public var s: Time { Time(Double(self), .s) }
    public var ms: Time { Time(Double(self), .ms) }
    public var us: Time { Time(Double(self), .us) }
    // Voltage
    public var V: Voltage { Voltage(Double(self), .V) }
    public var mV: Voltage { Voltage(Double(self), .mV) }
    public var uV: Voltage { Voltage(Double(self), .uV) }
    // Current
    public var A: Current { Current(Double(self), .A) }
    public var mA: Current { Current(Double(self), .mA) }
    public var uA: Current { Current(Double(self), .uA) }
    public var nA: Current { Current(Double(self), .nA) }
    public var pA: Current { Current(Double(self), .pA) }
    // Conductance
    public var S: Conductance { Conductance(Double(self), .S) }
    public var mS: Conductance { Conductance(Double(self), .mS) }
    public var uS: Conductance { Conductance(Double(self), .uS) }
    public var nS: Conductance { Conductance(Double(self), .nS) }
    // Resistance
    public var ohm: Resistance { Resistance(Double(self), .ohm) }
    public var kohm: Resistance { Resistance(Double(self), .kohm) }
    // Frequency
    public var Hz: Frequency { Frequency(Double(self), .Hz) }
    public var kHz: Frequency { Frequency(Double(self), .kHz) }
    // Capacitance
    public var F: Capacitance { Capacitance(Double(self), .F) }
    public var uF: Capacitance { Capacitance(Double(self), .uF) }
    public var nF: Capacitance { Capacitance(Double(self), .nF) }
    public var pF: Capacitance { Capacitance(Double(self), .pF) }
}

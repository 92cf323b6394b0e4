import BrainpyState
import Testing

@Suite("quantities and units")
struct QuantityTests {
    @Test func conversionsByTheEngine() throws {
        #expect(try 1.s.value(in: .ms) == 1000)
        #expect(try 1000.ms.value(in: .s) == 1)
        #expect(try 20.mA.value(in: .uA) == 20000)
        #expect(try 0.6.mS.value(in: .uS) == 600)
        #expect(try 1.kohm.value(in: .ohm) == 1000)
        #expect(try (-60).mV.value(in: .V) == -0.06)
        #expect(try 5.nA.value(in: .pA) == 5000)
        #expect(try 2.kHz.value(in: .Hz) == 2000)
        #expect(try 1.uF.value(in: .nF) == 1000)
        let q = try 1.5.s.converted(to: .ms)
        #expect(q.value == 1500 && q.unit == .ms)
        #expect(q.description == "1500.0 ms")
    }

    @Test func literalsKeepValueAndUnit() {
        let v = -60.mV
        #expect(v.value == -60 && v.unit.symbol == "mV")
        #expect((0.6.mS * 1000).value == 600)
        #expect((2 * 3.ms).value == 6)
        #expect((-(5.ms)).value == -5)
        let a = [-55, -56].mV
        #expect(a.values == [-55, -56] && a.unit == .mV)
        #expect([0.5, 1.5].nS.count == 2)
        #expect([Float(1), 2].ms[1].value == 2)
        #expect(Unit<VoltageDimension>.natural == .mV)
        #expect(Unit<TimeDimension>.natural == .ms)
        #expect(Unit<CurrentDimension>.natural == .mA)
        #expect(Unit<ConductanceDimension>.natural == .mS)
    }

    @Test func mixedUnitArrays() throws {
        let a = try QuantityArray([1.s, 500.ms, 250_000.us])
        #expect(a.unit == .ms)
        #expect(a.values == [1000, 500, 250])
        let b = try QuantityArray([1.V, -60.mV], in: .mV)
        #expect(b.values == [1000, -60])
    }

    @Test("the engine sees 1 s as 1000 ms")
    func engineSeesSameQuantity() throws {
        let net = try Network(dt: 100.us, precision: .float64, threads: 1)
        #expect(abs(try net.dt(in: .ms) - 0.1) < 1e-15)
        #expect(abs(try net.dt.value - 0.1) < 1e-15)
        let a = try net.add(LIF(1, tau: 1.s))
        let b = try net.add(LIF(1, tau: 1000.ms))
        #expect(try a.parameter("tau", in: .ms) == b.parameter("tau", in: .ms))
        #expect(try a.parameter("tau", in: .ms) == [1000])
        let c = try net.add(LIF(1, V_th: .normal(mean: -0.05.V, std: 2.mV)))   // std converted to V
        try net.compile()
        #expect(try abs(c.parameter("V_th", in: .mV)[0] + 50) < 20)
        // 1 s of run is 10000 steps of 0.1 ms.
        try net.run(0.001.s)
        #expect(try net.i == 10)
        #expect(abs(try net.t.value - 1) < 1e-12)
    }

    @Test func library() {
        #expect(Library.abiVersion == Library.headerABIVersion)
        #expect(Library.version == "0.1.0")
    }
}

import Testing
@testable import BrainpyStateCore

/// The unit grammar published in include/brainpystate.h, and the internal coherent system
/// (ms, mV, uA, mS, kohm, uF, mM, 1/ms).
struct UnitParserTests {
    func scale(_ s: String) throws -> Double { try UnitParser.parse(s).scale }

    @Test func baseUnitsMapToTheInternalSystem() throws {
        #expect(try scale("ms") == 1)
        #expect(try scale("s") == 1000)
        #expect(try scale("mV") == 1)
        #expect(try scale("uA") == 1)
        #expect(try scale("mA") == 1000)
        #expect(try scale("mS") == 1)
        #expect(try scale("nS") == 1e-6)
        #expect(try scale("kohm") == 1)
        #expect(abs(try scale("ohm") - 1e-3) < 1e-18)
        #expect(try scale("uF") == 1)
        #expect(try scale("mM") == 1)
        #expect(abs(try scale("Hz") - 1e-3) < 1e-18)
    }

    @Test func dimensionsCombine() throws {
        // mS * mV = uA: the coherent system needs no factor for a COBA current.
        let coba = try UnitParser.parse("mS*mV")
        #expect(coba.dimension == .current)
        #expect(coba.scale == 1)
        let rate = try UnitParser.parse("1/(ms*mM)")
        #expect(rate.dimension == Dimension(time: -1, concentration: -1))
        #expect(try UnitParser.parse("ms^-1").dimension == .frequency)
        #expect(try UnitParser.parse("mV / ms").dimension == Dimension(time: -1, voltage: 1))
        #expect(try UnitParser.parse("").dimension == .one)
        #expect(try UnitParser.parse("1").dimension == .one)
    }

    @Test func microAndOhmSpellings() throws {
        #expect(try scale("\u{00B5}A") == 1)   // micro sign
        #expect(try scale("\u{03BC}A") == 1)   // Greek mu
        #expect(try UnitParser.parse("k\u{03A9}").dimension == .resistance)
        #expect(try UnitParser.parse("k\u{2126}").dimension == .resistance)   // ohm sign
    }

    @Test(arguments: ["Ms", "m V", "mega", "ms^", "(ms", "ms)", "2ms", "m", "ms^x", "*ms", "mV**2"])
    func malformedUnitsAreRejected(_ text: String) {
        #expect(throws: EngineError.self) { try UnitParser.parse(text) }
        do { _ = try UnitParser.parse(text) } catch {
            #expect(error.status == .unit)
            #expect(error.message.contains(text))
        }
    }

    @Test func wrongDimensionNamesTheQuantity() {
        do {
            _ = try UnitParser.parse("mV", expecting: .time, for: "LIF.tau")
            Issue.record("expected a unit error")
        } catch {
            #expect(error.status == .unit)
            #expect(error.message.contains("LIF.tau"))
        }
    }
}

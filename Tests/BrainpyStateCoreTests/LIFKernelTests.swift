import Testing
@testable import BrainpyStateCore

/// The LIF kernel tests V ≥ V_th instead of brainpy's (V − V_th)/(V_th − V_reset) ≥ 0 where the two
/// agree for every V (LIFConstants.spikesAtCrossing); these tests hold it to that.
struct LIFKernelTests {
    func constants<F: SimFloat>(vTh: F, vReset: F) -> LIFConstants<F> {
        LIFConstants(R: 1, invTau: 1 / 10, vTh: vTh, vReset: vReset, vRest: vReset, tauRef: 2,
                     invDen: 1 / (vTh - vReset))
    }

    /// V values around the threshold (the neighbouring floats on both sides), far from it, and the
    /// special values.
    func probes<F: SimFloat>(around vTh: F) -> [F] {
        var values: [F] = [0, -0, .infinity, -.infinity, .nan, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
                           .leastNonzeroMagnitude, -.leastNonzeroMagnitude, vTh * 2, vTh / 2, -vTh]
        var up = vTh, down = vTh
        for _ in 0..<64 {
            values += [up, down]
            up = up.nextUp
            down = down.nextDown
        }
        return values
    }

    @Test func crossingTestAgreesWithTheScaledTestWhereItIsUsed() {
        func check<F: SimFloat>(_ k: LIFConstants<F>) {
            #expect(k.spikesAtCrossing)
            for v in probes(around: k.vTh) {
                #expect((v >= k.vTh) == ((v - k.vTh) * k.invDen >= 0), "V = \(v), V_th = \(k.vTh)")
            }
        }
        check(constants(vTh: Float(-50), vReset: -60))
        check(constants(vTh: Float(1), vReset: 0))            // IF
        check(constants(vTh: Float(-50), vReset: -50.5))
        check(constants(vTh: Double(-50), vReset: -60))
        check(constants(vTh: Double(20), vReset: -1e5))
    }

    /// Where the scaled test could differ (a product rounding to −0, which passes ≥ 0; V_th = V_reset
    /// with its infinite or NaN scale; V_th below V_reset), the kernel keeps brainpy's form.
    @Test func scaledTestIsKeptWhereTheyCouldDiffer() {
        #expect(!constants(vTh: Float(-50), vReset: -50).spikesAtCrossing)
        #expect(!constants(vTh: Float(-60), vReset: -50).spikesAtCrossing)
        #expect(!constants(vTh: Float(0), vReset: -10).spikesAtCrossing)
        #expect(!constants(vTh: Float(1), vReset: -1e7).spikesAtCrossing)
        // Why V_th = 0 is excluded: a tiny negative difference times a small scale rounds to −0.
        let k = constants(vTh: Float(0), vReset: -10)
        let v = -Float.leastNonzeroMagnitude
        #expect((v - k.vTh) * k.invDen >= 0)
        #expect(!(v >= k.vTh))
    }

    /// 400 steps of 64 LIFRef neurons with a constant input (one value for all, or one per neuron):
    /// every step's V, last spike times and block masks, and the number of spikes. The one-shot
    /// columns hold values, which count only where the options say so.
    func run<T: SpikeTest, O: LIFStepOptions>(_: T.Type, _ options: O, sameInput: Bool = false)
        -> (outputs: [Float], spikes: Int) where O.F == Float {
        let n = 64
        let columns = (0..<5).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: n) }
        defer { for c in columns { c.deallocate() } }
        let (V, last, iExternal, iOnce, delta) = (columns[0], columns[1], columns[2], columns[3], columns[4])
        let k = constants(vTh: Float(-50), vReset: -60)
        for j in 0..<n {
            V[j] = -60 + Float(j) * 0.17
            last[j] = -1e7
            iExternal[j] = sameInput ? 12 : 8 + Float(j % 13)
            iOnce[j] = 3
            delta[j] = 0.25
        }
        let masks = UnsafeMutablePointer<UInt16>.allocate(capacity: n / 16)
        defer { masks.deallocate() }
        let cols = LIFColumns(V: V, lastSpikeTime: last, iExternal: iExternal, uniformExternal: nil, iOnce: iOnce,
                              deltaOnce: delta)
        var out: [Float] = []
        var spikes = 0
        for step in 0..<400 {
            lifUpdate(0, n, UniformLIF<Float, T>(constants: k), WithRefractory.self, NoDrive<Float>(), cols,
                      t: Float(step) * 0.1, dt: 0.1, options, blocks: masks)
            for j in 0..<n { out += [V[j], last[j]] }
            for b in 0..<(n / 16) {
                out.append(Float(masks[b]))
                spikes += masks[b].nonzeroBitCount
            }
        }
        return (out, spikes)
    }

    /// The kernel compiled with either spike test: the same V, last spike times and block masks, step
    /// after step, with soft and hard reset and a refractory period.
    @Test(arguments: [false, true])
    func kernelGivesTheSameBitsWithEitherTest(hardReset: Bool) {
        let options = StepOptions<Float>(hardReset: hardReset, useOnce: false, useDelta: false)
        let crossing = run(CrossingTest.self, options), scaled = run(ScaledTest.self, options)
        #expect(crossing.outputs.elementsEqual(scaled.outputs) { $0.bitPattern == $1.bitPattern })
        #expect(crossing.spikes == scaled.spikes)
        #expect(scaled.spikes > 100)   // neurons did spike, so both tests were exercised
    }

    /// ColumnStep (the options as constants) runs the same operations as StepOptions with all three
    /// false, and ignores the one-shot columns as those do (which would change the result).
    @Test func columnStepGivesTheSameBitsAsTheTestedOptions() {
        let plain = run(CrossingTest.self, ColumnStep<Float>())
        let tested = run(CrossingTest.self, StepOptions<Float>(hardReset: false, useOnce: false, useDelta: false))
        #expect(plain.outputs.elementsEqual(tested.outputs) { $0.bitPattern == $1.bitPattern })
        #expect(plain.spikes == tested.spikes && plain.spikes > 100)
        for options in [StepOptions<Float>(hardReset: false, useOnce: true, useDelta: false),
                        StepOptions(hardReset: false, useOnce: false, useDelta: true),
                        StepOptions(hardReset: true, useOnce: false, useDelta: false)] {
            let differs = !run(CrossingTest.self, options).outputs.elementsEqual(plain.outputs)
            #expect(differs, "\(options)")
        }
    }

    /// PlainStep takes the persistent current as one value instead of reading the column: the same
    /// bits as ColumnStep on a column holding that value everywhere, and its value is what counts
    /// (PlainStep ignores the column).
    @Test func plainStepGivesTheSameBitsAsTheColumn() {
        let plain = run(CrossingTest.self, PlainStep<Float>(current: Lanes(repeating: 12)))
        let column = run(CrossingTest.self, ColumnStep<Float>(), sameInput: true)
        #expect(plain.outputs.elementsEqual(column.outputs) { $0.bitPattern == $1.bitPattern })
        #expect(plain.spikes == column.spikes && plain.spikes > 100)
        let other = run(CrossingTest.self, PlainStep<Float>(current: Lanes(repeating: 9)))
        #expect(!other.outputs.elementsEqual(plain.outputs))
    }
}

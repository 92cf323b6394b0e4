import BrainpyState
import Testing

/// The Swift MgBlock type hands its parameters to the engine under brainpy.state's names and units;
/// its equations are checked in the core tests and against brainpy.state in the Python conformance tests.
@Suite("MgBlock type")
struct MgBlockTypeTests {
    /// LIF(1) firing into LIF(2) through Expon and `out`; the post V after 300 steps.
    func postV(_ out: some OutputModel) throws -> [Double] {
        let net = try Network(precision: .float64, threads: 1)
        let pre = try net.add(LIF(1))
        try pre.addCurrentInput("x", 1.5.mA)
        let post = try net.add(LIF(2, tau: 10.ms, V_th: -50.mV, V_reset: -60.mV, V_rest: -60.mV,
                                   V_initializer: .constant(-60.mV)))
        try post.addCurrentInput("x", 8.mA)
        try net.add(AlignPostProj(pre: pre, comm: SparseLinear(pre: [0, 0], post: [0, 1], weight: [300, 900].mS),
                                  syn: Expon(tau: 30.ms), out: out, post: post))
        try net.compile()
        try net.run(steps: 300)
        return try post.state(.V)
    }

    @Test("defaults are brainpy's numbers in its documented units; other units convert")
    func parameters() throws {
        let defaults = try postV(MgBlock())
        let explicit = try postV(MgBlock(E: 0.mV, cc_Mg: 1.2.mM, alpha: 0.062.perMV, beta: 3.57.mM, V_offset: 0.mV))
        let converted = try postV(MgBlock(E: 0.V, cc_Mg: Concentration(1200, .uM),
                                          alpha: Quantity<InverseVoltageDimension>(62, Unit("1/V")), beta: 3.57.mM))
        #expect(explicit == defaults)
        #expect(zip(converted, defaults).allSatisfy { abs($0 - $1) <= 1e-12 * abs($1) })
        let unblocked = try postV(MgBlock(E: -10.mV, cc_Mg: 0.mM))
        let coba = try postV(COBA(E: -10.mV))
        #expect(zip(unblocked, coba).allSatisfy { abs($0 - $1) <= 1e-9 })
        #expect(zip(try postV(MgBlock(cc_Mg: 0.1.mM)), defaults).contains { abs($0 - $1) > 1e-3 })
    }

    @Test("a bad parameter is the engine's error")
    func badParameter() throws {
        #expect(throws: BrainpyStateError.self) { try postV(MgBlock(beta: 0.mM)) }
    }
}

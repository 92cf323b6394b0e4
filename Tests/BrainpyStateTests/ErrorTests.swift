import BrainpyState
import Testing

/// Every nonzero bps_status surfaces as a BrainpyStateError with its status and the engine's message.
@Suite("errors")
struct ErrorTests {
    /// Run `body`, expect a BrainpyStateError with `status`, return its message.
    func failure(_ status: BrainpyStateError.Status, _ body: () throws -> Void,
                 sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let error = #expect(throws: BrainpyStateError.self, sourceLocation: sourceLocation) { try body() }
        #expect(error?.status == status, "\(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error?.message.isEmpty == false, sourceLocation: sourceLocation)
        return error?.message ?? ""
    }

    @Test func unknownModelName() throws {
        let net = try Network()
        let message = failure(.unknownName) { try net.add(NamedNeurons("SRM", 10)) }
        #expect(message.contains("SRM"))
        let part = try net.add(LIF(10))
        let m2 = failure(.unknownName) {
            try net.add(AlignPostProj(pre: part, comm: EventFixedProb(connProb: 0.1, connWeight: 1.mS),
                                      syn: NamedPart("Alfa"), out: CUBA(), post: part))
        }
        #expect(m2.contains("Alfa"))
    }

    @Test func unknownNames() throws {
        let net = try Network()
        #expect(failure(.unknownName) { try net.add(NamedNeurons("LIF", 4, [.parameter("tau_ref", 2.ms)])) }
            .contains("tau_ref"))
        let N = try net.add(LIF(4))
        #expect(failure(.unknownName) { try N.setOption("spk_fun", "relu") }.contains("spk_fun"))
        #expect(failure(.invalidArgument) { try N.setOption("spk_reset", "gentle") }.contains("gentle"))
        try net.compile()
        #expect(failure(.unknownName) { _ = try N.state("last_spike_time", in: .ms) }.contains("last_spike_time"))
        #expect(failure(.unknownName) { try N.setCurrentInput("nothing", 1.mA) }.contains("nothing"))
    }

    @Test func wrongElementCounts() throws {
        let net = try Network()
        #expect(failure(.outOfRange) { try net.add(LIF(10, V_th: [1, 2, 3].mV)) }.contains("3"))
    }

    @Test func wrongElementCountsAfterCompile() throws {
        let net = try Network()
        let N = try net.add(LIF(10))
        try net.compile()
        #expect(failure(.outOfRange) { try N.setState(.V, [1, 2, 3].mV) }.contains("3"))
        #expect(failure(.outOfRange) {
            _ = try net.step(input: [Float](repeating: 1, count: 9), into: N, spikesOf: N)
        }.contains("9"))
        _ = failure(.invalidArgument) { try N.setState(.V, QuantityArray<VoltageDimension>([], .mV)) }
        _ = failure(.invalidArgument) { try N.setState(.V, [Double.nan].mV) }
        _ = failure(.invalidArgument) { _ = try net.step(input: [Float](), into: N, spikesOf: N) }
    }

    @Test func outOfRange() throws {
        let net = try Network()
        let N = try net.add(LIF(10))
        #expect(failure(.outOfRange) {
            try net.add(AlignPostProj(pre: N[5..<20], comm: EventFixedProb(connNum: 2, connWeight: 1.mS),
                                      syn: Expon(), out: CUBA(), post: N))
        }.isEmpty == false)
        #expect(failure(.outOfRange) { _ = try net.monitorSpikes(N, indices: [3, 10]) }.contains("10"))
        _ = failure(.invalidArgument) { _ = try net.monitorSpikes(N, indices: []) }
        // A population of another network is refused before it reaches the engine.
        let other = try Network()
        let M = try other.add(LIF(10))
        _ = failure(.invalidArgument) { _ = try net.monitorSpikes(M) }
        _ = failure(.invalidArgument) {
            try net.add(AlignPostProj(pre: M, comm: EventFixedProb(connNum: 2, connWeight: 1.mS),
                                      syn: Expon(), out: CUBA(), post: N))
        }
    }

    @Test func runBeforeCompile() throws {
        let net = try Network()
        let N = try net.add(LIF(10))
        #expect(failure(.badState) { try net.run(10.ms) }.contains("compile"))
        _ = failure(.badState) { try net.run(steps: 1) }
        _ = failure(.badState) { _ = try net.step(spikesOf: N) }
        _ = failure(.badState) { _ = try N.state(.V) }
        _ = failure(.badState) { try net.initAllStates() }
        #expect(try net.isCompiled == false)
        try net.compile()
        #expect(try net.isCompiled)
        _ = failure(.badState) { try net.add(LIF(3)) }
        _ = failure(.badState) { try net.compile() }
        _ = failure(.badState) { _ = try Network().compile() }
    }

    @Test func invalidArguments() throws {
        _ = failure(.invalidArgument) { _ = try Network(dt: -1.ms) }
        _ = failure(.invalidArgument) { _ = try Network(threads: -2) }
        let net = try Network()
        _ = failure(.invalidArgument) { try net.add(LIF(0)) }
        _ = failure(.invalidArgument) { try net.add(LIF(3, tau: -1.ms)) }
        let N = try net.add(LIF(3))
        try N.addCurrentInput("a", 1.mA)
        _ = failure(.invalidArgument) { try N.addCurrentInput("a", 1.mA) }
        try net.compile()
        #expect(failure(.invalidArgument) { try net.run(0.05.ms) }.contains("whole number"))
        _ = failure(.invalidArgument) { try net.run(steps: -1) }
    }

    @Test func units() throws {
        let net = try Network()
        let N = try net.add(LIF(3))
        try net.compile()
        _ = failure(.unit) { _ = try N.state("V", in: Unit<VoltageDimension>("ms")) }
        _ = failure(.unit) { _ = try N.state("V", in: Unit<VoltageDimension>("furlong")) }
        _ = failure(.unit) { _ = try 1.ms.value(in: Unit("mV")) }
        // A state read with a unit of the wrong dimension (the string key lets the compiler accept it).
        _ = failure(.unit) { _ = try N.state("V", in: .ms) }
    }

    @Test func errorDescription() throws {
        let error = #expect(throws: BrainpyStateError.self) { _ = try Network(precision: .float32, threads: -1) }
        #expect(error?.statusName == "BPS_ERR_INVALID_ARGUMENT")
        #expect(error?.description.hasPrefix("BPS_ERR_INVALID_ARGUMENT: ") == true)
        #expect(error?.code == 1)
    }
}

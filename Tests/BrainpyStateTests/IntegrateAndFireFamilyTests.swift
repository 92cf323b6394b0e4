import BrainpyState
import Testing

@Suite("integrate-and-fire family and Izhikevich")
struct IntegrateAndFireFamilyTests {
    /// Adds `model`, drives it with a constant input for 100 ms and returns the population and its spike count.
    func run(_ model: some NeuronModel, input: (Population) throws -> Void) throws -> (Population, Int) {
        let net = try Network(precision: .float64, threads: 1)
        let N = try net.add(model)
        try input(N)
        let spikes = try net.monitorSpikes(N)
        try net.compile()
        try net.run(100.ms)
        return (N, try spikes.count())
    }

    @Test("every model builds, runs and spikes")
    func everyModelSpikes() throws {
        let current: (Population) throws -> Void = { try $0.addCurrentInput("x", 20.mA) }
        let models: [any NeuronModel] = [
            ExpIF(2, V_th: -40.mV, spk_reset: .hard),
            ExpIFRef(2, tau_ref: 2.ms, V_th: -40.mV, spk_reset: .hard, ref_var: true),
            QuaIF(2),
            AdQuaIF(2, a: 0.2.S, b: 1.mA),
            AdQuaIFRef(2, tau_ref: 2.ms, a: 0.2.S),
            Gif(2, a: 0.005.perMs, R1: 0.5, A1: 0.2.mA),
            GifRef(2, tau_ref: 2.ms, A2: -0.1.mA),
            CubaLIF(2, V_th: 1.mV, g_initializer: .constant(0.5.mA)),
            CobaLIF(2, E: 5.mV),
        ]
        for model in models {
            let (_, count) = try run(model, input: current)
            #expect(count > 2, "\(model.modelName) spiked \(count) times")
        }
        for model: any NeuronModel in [Izhikevich(2, d: 8.mVPerMs), IzhikevichRef(2, tau_ref: 2.ms)] {
            let (N, count) = try run(model) { try $0.addCurrentInput("x", 10.mVPerMs) }
            #expect(count > 2, "\(model.modelName) spiked \(count) times")
            #expect(try N.state(.u, in: .mVPerMs).allSatisfy { $0 != 0 })
        }
    }

    @Test("states have their dimensions; Izhikevich refuses a current")
    func statesAndInputs() throws {
        let net = try Network(precision: .float64, threads: 1)
        let G = try net.add(GifRef(3, V_th_initializer: .constant(-52.mV)))
        let Z = try net.add(Izhikevich(1))
        let C = try net.add(CobaLIF(1))
        #expect(throws: BrainpyStateError.self) { try Z.addCurrentInput("x", 1.mA) }
        try net.compile()
        #expect(try G.state(.V_th) == [-52, -52, -52])
        #expect(try G.state(.I1) == [0, 0, 0])
        #expect(try G.state(.refractory) == [0, 0, 0])
        try C.addOneShotDelta(0.5.S)
        _ = try net.step(spikesOf: C)
        #expect(try C.state("g", in: Unit<ConductanceDimension>.S).first.map { abs($0 - 0.5) < 1e-12 } == true)
        _ = try net.step(input: [15.0], into: Z, unit: .mVPerMs, spikesOf: Z)
        #expect(try Z.state(.V)[0] != -65)
    }
}

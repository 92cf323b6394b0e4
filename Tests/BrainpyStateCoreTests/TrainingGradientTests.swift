import Testing
@testable import BrainpyStateCore

/// Backpropagation through time checked against finite differences in float64. The spike's forward
/// pass is a step, whose true derivative is zero, so the networks run in the layers' smooth test mode
/// (spikes = the surrogate's primitive): then the surrogate gradient is the exact gradient and central
/// differences of the loss must match every parameter's gradient.
struct TrainingGradientTests {
    /// Points away from every surrogate's kinks (0, ±1 and the non-default widths below).
    let points: [Double] = [-2.7, -1.3, -0.7, -0.31, -0.05, 0.05, 0.31, 0.7, 1.3, 2.7]

    /// A non-default keyword set per surrogate.
    let custom: [Surrogate.Kind: [(String, Double)]] = [
        .sigmoid: [("alpha", 2.5)], .piecewiseQuadratic: [("alpha", 1.7)], .piecewiseExp: [("alpha", 2)],
        .softSign: [("alpha", 3)], .arctan: [("alpha", 2)], .nonzeroSignLog: [("alpha", 0.5)], .erf: [("alpha", 1.5)],
        .piecewiseLeakyRelu: [("c", 0.05), ("w", 0.5)], .squarewaveFourierSeries: [("n", 3), ("t_period", 6)],
        .s2nn: [("alpha", 3), ("beta", 2)], .qPseudoSpike: [("alpha", 3)], .leakyRelu: [("alpha", 0.2), ("beta", 0.8)],
        .logTailedRelu: [("alpha", 0.1)], .reluGrad: [("alpha", 0.5), ("width", 1.5)],
        .gaussianGrad: [("sigma", 0.8), ("alpha", 0.6)], .multiGaussianGrad: [("h", 0.2), ("s", 4), ("sigma", 0.6), ("scale", 0.7)],
        .invSquareGrad: [("alpha", 10)], .slayerGrad: [("alpha", 2)],
    ]

    @Test(arguments: Surrogate.Kind.allCases)
    func surrogateDerivativeIsTheSlopeOfItsPrimitive(kind: Surrogate.Kind) throws {
        var tuned = Surrogate(kind)
        for (k, v) in custom[kind]! { try tuned.set(k, v) }
        for s in [Surrogate(kind), tuned] {
            for x in points {
                let h = 1e-6
                let fd = (s.primitive(x + h) - s.primitive(x - h)) / (2 * h)
                let d = s.derivative(x)
                #expect(abs(fd - d) <= 1e-6 + 1e-6 * abs(d), "\(kind.rawValue)\(s.values) at \(x): derivative \(d), slope of the primitive \(fd)")
                #expect(Surrogate.heaviside(x) == (x >= 0 ? 1 : 0))
            }
        }
    }

    @Test func surrogateDefaultsAreBraintools() {
        #expect(Surrogate(.reluGrad).values == [0.3, 1])
        #expect(Surrogate(.invSquareGrad).values == [100])
        #expect(Surrogate(.sigmoid).derivative(0) == 1)          // α·¼ with α = 4
        #expect(Surrogate(.reluGrad).derivative(0.5) == 0.3 - 0.15)
    }

    /// Linear(6→5) → middle → Linear(5→3) → Expon(3), float64, smooth spikes.
    func network(_ middle: [String], surrogate: Surrogate.Kind = .sigmoid, readout: Bool = false,
                 steps: Int = 30, threads: Int = 1) throws -> (SequentialEngine<Double>, HostArrayStore) {
        let net = try SequentialEngine<Double>(dt: 1.0, seed: 3, threads: threads)
        _ = try net.add(kind: "Linear", inSize: 6, outSize: 5)
        for kind in middle {
            let i = try net.add(kind: kind, inSize: 5, outSize: 5)
            let l = net.layers[i]
            l.smoothSpikes = true
            l.surrogate = Surrogate(surrogate)
            if l.isNeuron { try l.set("tau", 12); try l.set("V_th", 1) }
            if kind == "LIFRef" { try l.set("tau_ref", 2) }
            if kind == "ALIF" { try l.set("tau_a", 30); try l.set("beta", 0.3) }
            if let tau = l.param("tau") {
                tau.trainable = true
                try tau.assign((0..<5).map { 6 + 2 * Double($0) }, owner: kind)
            }
        }
        if readout {
            _ = try net.add(kind: "LeakyRateReadout", inSize: 5, outSize: 3)
        } else {
            _ = try net.add(kind: "Linear", inSize: 5, outSize: 3)
            _ = try net.add(kind: "Expon", inSize: 3, outSize: 3)
        }
        for (k, l) in net.layers.enumerated() {
            for p in l.params where p.name == "weight" || p.name == "bias" {
                try net.initialize(k, p.name, WeightInit(named: "Normal", keys: ["mean", "std"], values: [p.name == "bias" ? 0.2 : 0.1, 0.7]))
            }
        }
        var x = [Double](repeating: 0, count: steps * 4 * 6)
        let rng = Philox(seed: 11)
        for i in x.indices { x[i] = rng.uniform(index: UInt64(i), step: 0, stream: 1) }
        return (net, HostArrayStore(x, steps: steps, batch: 4))
    }

    /// Compare every parameter's gradient with central differences of the loss.
    func checkGradients(_ net: SequentialEngine<Double>, _ input: HostArrayStore, loss: LossSpec,
                        target: [Int64], label: String) throws {
        _ = try input.with { x in
            try HostArrayStore.labels(target) { t in try net.grad(x, steps: input.steps, batch: input.batch, spec: loss, target: t) }
        }
        func lossValue() throws -> Double {
            try input.with { x in
                try HostArrayStore.labels(target) { t in
                    try net.evaluate(x, steps: input.steps, batch: input.batch, spec: loss, target: t).0
                }
            }
        }
        for l in net.layers {
            for p in l.params where p.trainable {
                let analytic = p.grad
                let scale = analytic.map(abs).max() ?? 0
                #expect(scale > 0, "\(label): \(l.kind).\(p.name) has a zero gradient")
                for i in 0..<p.count {
                    let saved = p.value[i]
                    let h = 1e-6 * max(1, abs(saved))
                    p.value[i] = saved + h
                    let up = try lossValue()
                    p.value[i] = saved - h
                    let down = try lossValue()
                    p.value[i] = saved
                    let fd = (up - down) / (2 * h)
                    #expect(abs(fd - analytic[i]) <= 1e-5 * scale + 1e-9,
                            "\(label): d loss/d \(l.kind).\(p.name)[\(i)] = \(analytic[i]), finite difference \(fd)")
                }
            }
        }
    }

    @Test(arguments: ["IF", "LIF", "LIFRef", "ALIF", "Expon", "DualExpon", "Alpha"])
    func bpttMatchesFiniteDifferences(model: String) throws {
        let middle = ["Expon", "DualExpon", "Alpha"].contains(model) ? [model, "LIF"] : [model]
        let (net, x) = try network(middle)
        try checkGradients(net, x, loss: LossSpec(kind: .softmaxCrossEntropy, reduce: .mean), target: [0, 2, 1, 2],
                           label: model)
    }

    @Test(arguments: LossSpec.TimeReduction.allCases)
    func everyLossAndReductionMatchesFiniteDifferences(reduce: LossSpec.TimeReduction) throws {
        let (net, x) = try network(["LIF"], surrogate: .arctan, readout: true)
        try checkGradients(net, x, loss: LossSpec(kind: .squaredError, reduce: reduce), target: [1, 0, 2, 2],
                           label: "LeakyRateReadout squared_error \(reduce)")
        try checkGradients(net, x, loss: LossSpec(kind: .softmaxCrossEntropy, reduce: reduce), target: [1, 0, 2, 2],
                           label: "LeakyRateReadout cross-entropy \(reduce)")
    }

    @Test func regularizersMatchFiniteDifferences() throws {
        let (net, x) = try network(["LIF"], surrogate: .erf)
        net.regularizers[1] = Regularizer(kind: .firingRate, strength: 1e-4, target: 200)
        try checkGradients(net, x, loss: LossSpec(kind: .softmaxCrossEntropy, reduce: .mean), target: [0, 1, 2, 0],
                           label: "firing-rate regularizer")
        net.regularizers[1] = Regularizer(kind: .spikeCount, strength: 0.01, target: 0)
        try checkGradients(net, x, loss: LossSpec(kind: .softmaxCrossEntropy, reduce: .mean), target: [0, 1, 2, 0],
                           label: "spike-count regularizer")
    }

    /// Recomputing segments from checkpoints gives the same gradients as storing every state.
    @Test func checkpointingChangesNothing() throws {
        var grads: [[Double]] = []
        for every in [1, 7, 30] {
            let (net, x) = try network(["Alpha", "ALIF"], steps: 30)
            for l in net.layers { l.smoothSpikes = false }
            net.checkpointEvery = every
            _ = try x.with { h in
                try HostArrayStore.labels([0, 1, 2, 0]) { t in
                    try net.grad(h, steps: 30, batch: 4, spec: LossSpec(kind: .softmaxCrossEntropy, reduce: .mean), target: t)
                }
            }
            grads.append(net.layers.flatMap { $0.params.flatMap(\.grad) })
            if every > 1 { #expect(net.layers[1].tapeElements < 30 * 2 * 20) }
        }
        #expect(grads[0] == grads[1])
        #expect(grads[0] == grads[2])
    }

    /// Worker threads split the elements (and the input's rows): outputs and gradients are the same,
    /// bit for bit, for 1, 2 and 3 threads, with and without checkpointing. (24 batch rows × 5
    /// neurons: enough elements for every thread to get a range.)
    @Test func threadsChangeNothing() throws {
        var results: [[Double]] = []
        let batch = 24, rng = Philox(seed: 17)
        let x = HostArrayStore((0..<(30 * batch * 6)).map { rng.uniform(index: UInt64($0), step: 0, stream: 1) },
                               steps: 30, batch: batch)
        let labels = (0..<batch).map { Int64($0 % 3) }
        for (threads, every) in [(1, 1), (2, 1), (3, 1), (1, 7), (2, 7)] {
            let (net, _) = try network(["Alpha", "ALIF", "Expon", "LIFRef"], steps: 30, threads: threads)
            for l in net.layers { l.smoothSpikes = false }
            net.checkpointEvery = every
            _ = try x.with { h in
                try HostArrayStore.labels(labels) { t in
                    try net.grad(h, steps: 30, batch: batch, spec: LossSpec(kind: .softmaxCrossEntropy, reduce: .mean), target: t)
                }
            }
            #expect(net.threads == threads)
            results.append(net.layers.indices.flatMap { Array(net.outputs[$0].values) } + net.layers.flatMap { $0.params.flatMap(\.grad) })
        }
        for r in results.dropFirst() { #expect(r == results[0]) }
        #expect(results[0].contains { $0 != 0 })
    }
}

/// An input array kept alive for HostArray borrows.
struct HostArrayStore {
    let values: [Double]
    let steps: Int
    let batch: Int

    init(_ values: [Double], steps: Int, batch: Int) {
        self.values = values
        self.steps = steps
        self.batch = batch
    }

    func with<R>(_ body: (HostArray) throws -> R) rethrows -> R {
        try values.withUnsafeBufferPointer { try body(.float64($0)) }
    }

    /// Run `body` with integer labels as a HostArray.
    static func labels<R>(_ t: [Int64], _ body: (HostArray) throws -> R) rethrows -> R {
        try t.withUnsafeBufferPointer { try body(.int64($0)) }
    }
}

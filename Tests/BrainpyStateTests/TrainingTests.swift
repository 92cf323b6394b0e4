import BrainpyState
import Testing

/// The Swift training API over bps_sequential_*: a Linear → LIF → Linear → Expon network (the shape
/// of brainpy.state's 200_surrogate_grad_lif example) learning a fixed two-class spike task, plus the
/// errors and the surrogate, optimizer, scheduler and initializer values.
@Suite("training")
struct TrainingTests {
    static let inputs = 10, hidden = 20, classes = 2, steps = 25, batch = 16

    /// A fixed task: class 0 rows fire mostly on the first half of the input channels, class 1 rows
    /// on the second half (Bernoulli spikes from a seeded generator, no wall-clock or global RNG).
    static func task(seed: UInt64 = 7) -> (x: [UInt8], labels: [Int]) {
        var rng = SplitMix64(seed)
        let labels = (0..<batch).map { $0 % classes }
        var x = [UInt8](repeating: 0, count: steps * batch * inputs)
        for t in 0..<steps {
            for b in 0..<batch {
                for i in 0..<inputs {
                    let preferred = (i < inputs / 2) == (labels[b] == 0)
                    x[(t * batch + b) * inputs + i] = rng.uniform() < (preferred ? 0.4 : 0.05) ? 1 : 0
                }
            }
        }
        return (x, labels)
    }

    /// Linear → LIF → Linear → Expon, as in the reference example (dt 1 ms).
    static func network(seed: UInt64 = 3, precision: Precision = .float32) throws -> Sequential {
        try Sequential(.Linear(inputs, hidden, wInit: .KaimingNormal(scale: 8)),
                       .LIF(hidden, tau: 10.ms, V_th: 1.mV, spkFun: .ReluGrad()),
                       .Linear(hidden, classes, wInit: .KaimingNormal()),
                       .Expon(classes, tau: 10.ms),
                       dt: 1.ms, seed: seed, precision: precision)
    }

    /// Run `body`, expect a BrainpyStateError with `status`.
    func failure(_ status: BrainpyStateError.Status, _ body: () throws -> Void,
                 sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: BrainpyStateError.self, sourceLocation: sourceLocation) { try body() }
        #expect(error?.status == status, "\(String(describing: error))", sourceLocation: sourceLocation)
        #expect(error?.message.isEmpty == false, sourceLocation: sourceLocation)
    }

    // MARK: - training

    @Test func adamLowersTheLoss() throws {
        let net = try Self.network()
        let (x, labels) = Self.task()
        try net.setOptimizer(.Adam(lr: 1e-2))
        let first = try net.grad(x, steps: Self.steps, batch: Self.batch, labels: labels)
        try net.optimizerStep()
        for _ in 0..<15 {
            try net.grad(x, steps: Self.steps, batch: Self.batch, labels: labels)
            try net.optimizerStep()
        }
        let last = try net.evaluate(x, steps: Self.steps, batch: Self.batch, labels: labels)
        #expect(first.loss.isFinite && last.loss.isFinite)
        #expect(last.loss < 0.8 * first.loss, "loss \(first.loss) → \(last.loss)")
        #expect(last.accuracy >= first.accuracy)
        #expect(try net.stepCount == 16)
    }

    @Test func forwardShapes() throws {
        let net = try Self.network()
        let (x, _) = Self.task()
        let out = try net.forward(x, steps: Self.steps, batch: Self.batch)
        #expect(out.count == Self.steps * Self.batch * Self.classes)
        #expect(try net.output(layer: 0).count == Self.steps * Self.batch * Self.hidden)
        let spikes = try net.output(layer: 1, as: Float.self)
        #expect(spikes.count == Self.steps * Self.batch * Self.hidden)
        #expect(spikes.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(spikes.contains(1), "the hidden LIF layer never spikes: the task is too weak")
        #expect(try net.output(layer: 3) == out)
        // Float and Double inputs of the same values give the same run.
        let asDouble = try net.forward(x.map(Double.init), steps: Self.steps, batch: Self.batch)
        #expect(asDouble == out)
    }

    @Test func gradientsHaveTheArraysSizesAndAreNonzero() throws {
        let net = try Self.network()
        let (x, labels) = Self.task()
        try net.grad(x, steps: Self.steps, batch: Self.batch, labels: labels)
        let trainable = try net.trainableArrays
        #expect(trainable.map { "\($0.layer).\($0.name)" } == ["0.weight", "0.bias", "2.weight", "2.bias"])
        #expect(trainable.map(\.count) == [Self.inputs * Self.hidden, Self.hidden, Self.hidden * Self.classes, Self.classes])
        for a in try net.arrays {
            let g = try net.gradient(a.layer, a.name)
            #expect(g.count == a.count, "\(a)")
            #expect(try net.array(a.layer, a.name).count == a.count, "\(a)")
            if a.isTrainable { #expect(g.contains { $0 != 0 }, "\(a) has an all-zero gradient") }
        }
        // checkpointing trades memory for recomputation; the gradient stays the same
        let dW = try net.gradient(0, "weight")
        try net.setCheckpointing(every: 4)
        try net.grad(x, steps: Self.steps, batch: Self.batch, labels: labels)
        #expect(try net.gradient(0, "weight") == dW)
    }

    @Test func optimizerStepChangesExactlyTheTrainableArrays() throws {
        let net = try Self.network()
        let (x, labels) = Self.task()
        try net.setTrainable(1, "tau")            // learn the LIF time constants
        try net.setTrainable(2, "bias", false)    // freeze the readout bias
        try net.setOptimizer(.Adam(lr: 1e-2))
        let arrays = try net.arrays
        let before = try arrays.map { try net.array($0.layer, $0.name) }
        try net.grad(x, steps: Self.steps, batch: Self.batch, labels: labels)
        try net.optimizerStep()
        let changed = try zip(arrays, before).filter { a, old in try net.array(a.layer, a.name) != old }.map(\.0)
        #expect(changed == arrays.filter(\.isTrainable))
        #expect(changed.map { "\($0.layer).\($0.name)" } == ["0.weight", "0.bias", "1.tau", "2.weight"])
        #expect(try net.stepCount == 1)
    }

    @Test func arraysAndGradientsReadAndWrite() throws {
        let net = try Self.network(precision: .float64)
        let w = (0..<(Self.hidden * Self.classes)).map { Double($0) / 100 }
        try net.setArray(2, "weight", w)
        #expect(try net.array(2, "weight") == w)
        #expect(try net.array(2, "weight", as: Float.self) == w.map(Float.init))
        try net.setArray(1, "tau", [Double](repeating: 12, count: Self.hidden))
        #expect(try net.array(1, "tau") == [Double](repeating: 12, count: Self.hidden))
        try net.setParam(1, "tau", 0.02.s)
        #expect(try net.param(1, "tau", in: .ms) == 20)
        #expect(try net.array(1, "tau").allSatisfy { $0 == 20 })
        #expect(try net.param(1, "V_th") == 1)
        // a written gradient is what the optimizer uses: SGD moves w by −lr·g
        try net.setOptimizer(.SGD(lr: 0.5))
        for a in try net.trainableArrays {
            try net.setGradient(a.layer, a.name, [Double](repeating: a.layer == 2 && a.name == "weight" ? 1 : 0, count: a.count))
        }
        try net.optimizerStep()
        #expect(try net.array(2, "weight") == w.map { $0 - 0.5 })
        #expect(try net.learningRate == 0.5)
    }

    @Test func perNeuronTauAndInitializers() throws {
        let net = try Sequential(.Linear(3, 4, bInit: nil), .Expon(4, tau: [2, 4, 6, 8].ms),
                                 .LIF(4, tau: [0.005, 0.006, 0.007, 0.008].s), dt: 1.ms)
        #expect(try net.arrays(of: 0).map(\.name) == ["weight"])     // bInit nil: no bias
        #expect(try net.array(1, "tau") == [2, 4, 6, 8])
        #expect(try net.array(2, "tau") == [5, 6, 7, 8])
        try net.initArray(0, "weight", .Constant(0.5))
        #expect(try net.array(0, "weight") == [Double](repeating: 0.5, count: 12))
        try net.initArray(0, "weight", .ZeroInit())
        #expect(try net.array(0, "weight").allSatisfy { $0 == 0 })
        try net.initArray(0, "weight", .Uniform(low: -0.1, high: 0.1))
        let u = try net.array(0, "weight")
        #expect(u.allSatisfy { abs($0) <= 0.1 } && Set(u).count > 1)
        try net.initArray(0, "weight", .TruncatedNormal(std: 1, low: -0.5, high: 0.5))
        #expect(try net.array(0, "weight").allSatisfy { abs($0) <= 0.5 })
        // every initializer factory is one the engine accepts, with its keywords
        for i: WeightInitializer in [.Normal(), .KaimingNormal(), .KaimingUniform(), .XavierNormal(), .XavierUniform(),
                                     .LecunNormal(), .LecunUniform(), .brainstateKaimingNormal()] {
            try net.initArray(0, "weight", i)
            #expect(try net.array(0, "weight").contains { $0 != 0 }, "\(i)")
        }
        // same seed, same draws
        let again = try Sequential(.Linear(3, 4), dt: 1.ms)
        let other = try Sequential(.Linear(3, 4), dt: 1.ms)
        #expect(try again.array(0, "weight") == other.array(0, "weight"))
    }

    @Test func everyLayerKindBuildsAndRuns() throws {
        let net = try Sequential(.Linear(3, 5), .DualExpon(5, tau_decay: 8.ms, tau_rise: 2.ms), .Alpha(5),
                                 .IF(5, spkReset: .hard), .Linear(5, 4), .LIFRef(4, tau_ref: 2.ms),
                                 .SparseLinear(4, 4, pre: [0, 1, 2, 3, 0], post: [1, 2, 3, 0, 0], weights: [1, 2, 3, 4, 5]),
                                 .ALIF(4, beta: 0.2.mV, spkFun: .Sigmoid()),
                                 .LeakyRateReadout(4, 2, tau: 10.ms), dt: 1.ms)
        #expect(net.layers.map(\.kind) == ["Linear", "DualExpon", "Alpha", "IF", "Linear", "LIFRef", "SparseLinear", "ALIF",
                                           "LeakyRateReadout"])
        #expect(try net.param(1, "tau_decay", in: .ms) == 8)
        #expect(try net.param(7, "beta", in: .mV) == 0.2)
        #expect(try net.array(6, "weight") == [1, 2, 3, 4, 5])
        let x = [Float](repeating: 1, count: 6 * 2 * 3)
        let r = try net.grad(x, steps: 6, batch: 2, targets: [1, 0, 0, 1], reduce: .last)
        #expect(r.loss.isFinite)
        #expect(try net.output().count == 6 * 2 * 2)
    }

    @Test func regularizerAddsToTheLoss() throws {
        let net = try Self.network()
        let (x, labels) = Self.task()
        let plain = try net.evaluate(x, steps: Self.steps, batch: Self.batch, labels: labels)
        try net.setRegularizer(1, .spikeCount(strength: 0.01))
        let penalised = try net.evaluate(x, steps: Self.steps, batch: Self.batch, labels: labels)
        #expect(penalised.loss > plain.loss)
        try net.setRegularizer(1, .firingRate(strength: 1e-4, target: 10.Hz))
        #expect(try net.evaluate(x, steps: Self.steps, batch: Self.batch, labels: labels).loss > plain.loss)
        try net.setRegularizer(1, .none)
        #expect(try net.evaluate(x, steps: Self.steps, batch: Self.batch, labels: labels).loss == plain.loss)
    }

    // MARK: - optimizers and schedulers

    @Test func everyOptimizerIsAccepted() throws {
        let (x, labels) = Self.task()
        let optimizers: [Optimizer] = [.SGD(momentum: 0.9, nesterov: true), .Momentum(), .MomentumNesterov(),
                                       .Adam(amsgrad: true, grad_clip_norm: 1), .AdamW(grad_clip_value: 0.1),
                                       .RMSprop(momentum: 0.5, centered: true)]
        for optimizer in optimizers {
            let net = try Self.network()
            try net.setOptimizer(optimizer)
            try net.grad(x, steps: Self.steps, batch: Self.batch, labels: labels)
            try net.optimizerStep()
            #expect(try net.stepCount == 1, "\(optimizer)")
        }
        #expect(try Self.network().trainableArrays.count == 4)
    }

    @Test func schedulersFollowBraintoolsClosedForms() throws {
        func lrs(_ s: LRScheduler, _ n: Int = 5) throws -> [Double] {
            let net = try Self.network()
            try net.setOptimizer(.SGD(lr: 1e-2))
            try net.setScheduler(s)
            var out: [Double] = []
            for _ in 0..<n {
                out.append(try net.learningRate)
                try net.schedulerStep()
            }
            return out
        }
        func close(_ a: [Double], _ b: [Double]) -> Bool { zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) } }
        #expect(close(try lrs(.StepLR(step_size: 2, gamma: 0.5)), [1e-2, 1e-2, 5e-3, 5e-3, 2.5e-3]))
        #expect(close(try lrs(.MultiStepLR(base_lr: 1, milestones: [1, 3], gamma: 0.1)), [1, 0.1, 0.1, 0.01, 0.01]))
        #expect(close(try lrs(.ExponentialLR(gamma: 0.5), 3), [1e-2, 5e-3, 2.5e-3]))
        #expect(close(try lrs(.CosineAnnealingLR(base_lr: 1, T_max: 2), 3), [1, 0.5, 0]))
        #expect(close(try lrs(.ConstantLR(base_lr: 1, factor: 0.5, total_iters: 2), 3), [0.5, 0.5, 1]))
        #expect(close(try lrs(.LinearLR(base_lr: 1, start_factor: 0.5, end_factor: 1, total_iters: 2), 3), [0.5, 0.75, 1]))
        #expect(close(try lrs(.PolynomialLR(base_lr: 1, total_iters: 2, power: 2), 3), [1, 0.25, 0]))
        #expect(close(try lrs(.WarmupScheduler(base_lr: 1, warmup_epochs: 2, warmup_start_lr: 0.5), 3), [0.5, 0.75, 1]))
    }

    // MARK: - errors

    @Test func errorsCarryTheirStatus() throws {
        let net = try Self.network()
        let (x, _) = Self.task()
        failure(.unknownName) { try net.add(Layer(kind: "Conv2d", inSize: 2, outSize: 2)) }
        failure(.outOfRange) { try net.forward(Array(x.dropLast()), steps: Self.steps, batch: Self.batch) }
        failure(.outOfRange) { try net.grad(x, steps: Self.steps, batch: Self.batch, labels: [0, 1]) }
        failure(.badState) { try net.optimizerStep() }              // no optimizer yet
        try net.setOptimizer(.Adam())
        failure(.badState) { try net.optimizerStep() }              // no gradients yet
        failure(.badState) { try net.add(.Linear(Self.classes, 2)) } // layers come before the optimizer
        failure(.unknownName) { try net.setOptimizer(Optimizer(name: "Adam", arguments: ["beta3": 0.5])) }
        failure(.unknownName) { try net.setScheduler(LRScheduler(name: "StepLR", arguments: ["steps": 2])) }
        failure(.unknownName) { _ = try net.array(0, "kernel") }
        failure(.outOfRange) { _ = try net.arrays(of: 9) }
        failure(.unknownName) { try net.setParam(1, "V_thresh", 1.mV) }
        failure(.unit) { try net.setParam(1, "tau", 1.mV) }
        failure(.invalidArgument) { try net.setArray(1, "tau", [Double](repeating: -1, count: Self.hidden)) }
        failure(.invalidArgument) { _ = try Sequential(.Linear(3, 4), .LIF(5)) }   // 4 outputs into 5 neurons
        failure(.unknownName) { _ = try Sequential(.LIF(3, spkFun: Surrogate(name: "Sigmoid", arguments: ["beta": 1]))) }
        failure(.unknownName) { _ = try Surrogate(name: "Sigmoid", arguments: ["gamma": 2]).derivative(0) }
        failure(.unknownName) { _ = try Surrogate(name: "Heaviside").forward(0) }
        failure(.unknownName) { try net.initArray(0, "weight", WeightInitializer(name: "Orthogonal")) }
    }

    // MARK: - surrogates

    @Test func surrogateDerivativesMatchBraintools() throws {
        func value(_ s: Surrogate, _ x: Double) throws -> Double { try s.derivative(x) }
        func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }
        #expect(near(try value(.ReluGrad(alpha: 0.3, width: 1), 0.5), 0.15))
        #expect(near(try value(.ReluGrad(), 0), 0.3))
        #expect(try value(.ReluGrad(), 1.5) == 0)
        #expect(near(try value(.Sigmoid(alpha: 4), 0), 1))
        let sg = 1 / (1 + 0.1353352832366127)                                 // logistic(2), e^-2 written out
        #expect(near(try value(.Sigmoid(), 0.5), 4 * sg * (1 - sg)))
        #expect(near(try value(.InvSquareGrad(), 0.01), 0.25))                // 1/(100·0.01 + 1)²
        #expect(near(try value(.PiecewiseQuadratic(), 0.5), 0.5))             // α − α²|x|
        #expect(try value(.PiecewiseQuadratic(alpha: 2), 0.6) == 0)            // outside 1/α
        #expect(near(try value(.SlayerGrad(), -1), 0.36787944117144233))   // e^-1)
        #expect(near(try value(.Arctan(), 0), 0.5))
        #expect(near(try value(.GaussianGrad(), 0), 0.5 / (0.5 * (2 * Double.pi).squareRoot())))
        #expect(near(try value(.LeakyRelu(alpha: 0.1, beta: 2), -3), 0.1))
        #expect(near(try value(.LeakyRelu(alpha: 0.1, beta: 2), 3), 2))
        #expect(near(try value(.PiecewiseLeakyRelu(c: 0.01, w: 1), 0.5), 0.5))
        #expect(near(try value(.S2NN(), 1), 0.5))                              // β/(x + 1)
        #expect(near(try value(.SquarewaveFourierSeries(n: 1, t_period: 8), 0), 0.5))   // 4/T
        // the forward pass is the Heaviside step for every kind, 1 at 0
        let all: [Surrogate] = [.Sigmoid(), .PiecewiseQuadratic(), .PiecewiseExp(), .SoftSign(), .Arctan(),
                                .NonzeroSignLog(), .ERF(), .PiecewiseLeakyRelu(), .SquarewaveFourierSeries(), .S2NN(),
                                .QPseudoSpike(), .LeakyRelu(), .LogTailedRelu(), .ReluGrad(), .GaussianGrad(),
                                .MultiGaussianGrad(), .InvSquareGrad(), .SlayerGrad()]
        #expect(Set(all.map(\.name)).count == 18)
        for s in all {
            #expect(try s.forward([-1, -1e-9, 0, 2]) == [0, 0, 1, 1], "\(s)")
            #expect(try s.derivative([-0.3, 0, 0.3]).allSatisfy(\.isFinite), "\(s)")
            _ = try Sequential(.LIF(2, spkFun: s))     // and a neuron layer takes it
        }
        #expect(Surrogate.ReluGrad() == Surrogate(name: "ReluGrad", arguments: ["alpha": 0.3, "width": 1]))
        #expect(Surrogate.ReluGrad().description == "ReluGrad(alpha: 0.3, width: 1.0)")
    }
}

/// A small seeded generator for the test data (SplitMix64).
struct SplitMix64 {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

import Testing
@testable import BrainpyStateCore

/// Spike-train inputs: a first Linear layer reads mostly-zero inputs as events (the nonzero elements,
/// found a 64-byte block at a time) and takes spike trains as bytes without converting them. Both must
/// give what the dense product gives.
struct TrainingInputTests {
    /// rows × width values, a fraction `density` of them nonzero (deterministic).
    func spikeTrain(rows: Int, width: Int, density: Double, seed: UInt64) -> [UInt8] {
        let rng = Philox(seed: seed)
        return (0..<(rows * width)).map { rng.uniform(index: UInt64($0), step: 0, stream: 2) < density ? 1 : 0 }
    }

    /// The event path's product equals the dense loop in the same order, for float32 and float64, with
    /// negative values, negative zeros (zero: the sign bit is ignored) and widths that make rows straddle
    /// the 64-byte blocks.
    @Test(arguments: [37, 8, 100])
    func eventProductEqualsTheDenseProduct(width: Int) throws {
        try check(Float.self, width: width)
        try check(Double.self, width: width)
    }

    func check<F: SimFloat>(_: F.Type, width: Int) throws {
        let rows = 60, n = 5
        var spikes = spikeTrain(rows: rows, width: width, density: 0.04, seed: 5)
        spikes[spikes.count - 1] = 1   // an event in the last, partial block
        let x: [F] = spikes.indices.map { i in
            spikes[i] != 0 ? F(Double(i % 7) - 3.5) : (i % 3 == 0 ? -0.0 : 0)
        }
        let net = try SequentialEngine<F>(dt: 1, seed: 1)
        _ = try net.add(kind: "Linear", inSize: width, outSize: n)
        try net.initialize(0, "weight", WeightInit(named: "Normal", keys: ["mean", "std"], values: [0, 1]))
        try net.initialize(0, "bias", WeightInit(named: "Normal", keys: ["mean", "std"], values: [0, 1]))
        if F.self == Float.self {
            let xs = x.map { Float(Double($0)) }
            try xs.withUnsafeBufferPointer { try net.forward(.float32($0), steps: rows, batch: 1) }
        } else {
            let xs = x.map { Double($0) }
            try xs.withUnsafeBufferPointer { try net.forward(.float64($0), steps: rows, batch: 1) }
        }
        let linear = try #require(net.layers[0] as? LinearLayer<F>)
        #expect(linear.sparse, "a 4 % input takes the event path")
        let w = net.layers[0].params[0].value, b = net.layers[0].params[1].value
        let y = net.outputs[0].values
        for r in 0..<rows {
            for o in 0..<n {
                var expected = b[o]
                for i in 0..<width where x[r * width + i] != 0 { expected += x[r * width + i] * w[i * n + o] }
                #expect(y[r * n + o] == expected, "row \(r) output \(o): \(y[r * n + o]) vs \(expected) (width \(width))")
            }
        }
    }

    /// Bytes of any value (not only 0/1) enter as their value: the byte path's product equals the dense
    /// loop over the same values as floats.
    @Test(arguments: [37, 100])
    func bytesEnterAsTheirValue(width: Int) throws {
        let rows = 50, n = 3
        var bytes = spikeTrain(rows: rows, width: width, density: 0.06, seed: 21)
        for i in bytes.indices where bytes[i] != 0 { bytes[i] = UInt8(truncatingIfNeeded: (i * 37) % 255 + 1) }
        bytes[bytes.count - 1] = 0x80
        let net = try SequentialEngine<Float>(dt: 1, seed: 1)
        _ = try net.add(kind: "Linear", inSize: width, outSize: n)
        try net.initialize(0, "weight", WeightInit(named: "Normal", keys: ["mean", "std"], values: [0, 1]))
        try bytes.withUnsafeBufferPointer { try net.forward(.uint8($0), steps: rows, batch: 1) }
        let w = net.layers[0].params[0].value, b = net.layers[0].params[1].value, y = net.outputs[0].values
        for r in 0..<rows {
            for o in 0..<n {
                var expected = b[o]
                for i in 0..<width where bytes[r * width + i] != 0 { expected += Float(bytes[r * width + i]) * w[i * n + o] }
                #expect(y[r * n + o] == expected, "row \(r) output \(o)")
            }
        }
    }

    /// Spike trains as bytes and as float32 give the same outputs and gradients, bit for bit, with one
    /// thread scanning the input or two.
    @Test func bytesAndFloatsGiveTheSameGradients() throws {
        let steps = 40, batch = 6, width = 37
        let spikes = spikeTrain(rows: steps * batch, width: width, density: 0.05, seed: 9)
        let floats = spikes.map { Float($0) }
        var results: [[Float]] = []
        for (useBytes, threads) in [(false, 1), (true, 1), (false, 2), (true, 2)] {
            let net = try SequentialEngine<Float>(dt: 1, seed: 4, threads: threads)
            _ = try net.add(kind: "Linear", inSize: width, outSize: 8)
            _ = try net.add(kind: "Expon", inSize: 8, outSize: 8)
            _ = try net.add(kind: "LIF", inSize: 8, outSize: 8)
            _ = try net.add(kind: "Linear", inSize: 8, outSize: 3)
            try net.layers[2].set("tau", 10)
            try net.layers[2].set("V_th", 0.5)
            try net.initialize(0, "weight", WeightInit(named: "Normal", keys: ["mean", "std"], values: [0.4, 1]))
            try net.initialize(3, "weight", WeightInit(named: "Normal", keys: ["mean", "std"], values: [0, 1]))
            let labels: [Int64] = [0, 1, 2, 0, 1, 2]
            _ = try HostArrayStore.labels(labels) { t in
                if useBytes {
                    try spikes.withUnsafeBufferPointer {
                        try net.grad(.uint8($0), steps: steps, batch: batch, spec: LossSpec(kind: .softmaxCrossEntropy, reduce: .mean), target: t)
                    }
                } else {
                    try floats.withUnsafeBufferPointer {
                        try net.grad(.float32($0), steps: steps, batch: batch, spec: LossSpec(kind: .softmaxCrossEntropy, reduce: .mean), target: t)
                    }
                }
            }
            #expect(net.outputs[2].values.contains(1), "the LIF layer spikes")
            results.append(Array(net.outputs[3].values) + net.layers.flatMap { $0.params.flatMap(\.grad) })
        }
        for r in results.dropFirst() { #expect(r == results[0]) }
        #expect(results[0].contains { $0 != 0 })
    }

    /// With a mostly-zero input the event path's weight gradient is still the exact gradient.
    @Test func eventPathMatchesFiniteDifferences() throws {
        let suite = TrainingGradientTests()
        let (net, dense) = try suite.network(["LIF"])
        let spikes = spikeTrain(rows: dense.steps * dense.batch, width: 6, density: 0.08, seed: 13)
        let x = spikes.indices.map { spikes[$0] != 0 ? dense.values[$0] + 0.5 : 0 }
        let input = HostArrayStore(x, steps: dense.steps, batch: dense.batch)
        try suite.checkGradients(net, input, loss: LossSpec(kind: .softmaxCrossEntropy, reduce: .mean),
                                 target: [0, 2, 1, 2], label: "LIF, spike-train input")
        #expect((net.layers[0] as? LinearLayer<Double>)?.sparse == true)
    }
}

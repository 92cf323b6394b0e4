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

    /// The multiply-and-shift row division is exact for every row length up to 2^28 tried and every
    /// index below 2^28: small lengths, powers of two and their neighbours, primes, the largest.
    @Test func rowDivisionIsExact() {
        let top: UInt32 = (1 << 28) - 1
        var lengths = Array(1...130) + [251, 1021, 4093, 65_521, 1_000_003, (1 << 28) - 57, 1 << 28]
        for k in 8...27 { lengths += [(1 << k) - 1, 1 << k, (1 << k) + 1] }
        for d in lengths {
            let divider = RowDivider(d)
            let q = UInt32(d)
            // indices near multiples of d across the range, and the ends
            var indices: [UInt32] = [0, 1, top, top - 1]
            for m in stride(from: UInt64(0), to: UInt64(top), by: Int(top / 40)) {
                let base = (UInt32(m) / q) * q
                indices += [base, base &- 1, base + 1, base + q - 1].filter { $0 <= top }
            }
            for n in indices {
                let (row, column) = divider.split(n)
                #expect(row == Int(n / q) && column == Int(n % q), "\(n) / \(d)")
            }
        }
    }

    /// The scan finds every nonzero element of bytes, floats (sign ignored: −0 is zero, a negative
    /// value or a NaN is not) and doubles, in order, in full blocks and the partial last block; its
    /// storage grows past its first capacity keeping what it held; bucketed by column, each column
    /// holds its events in input order.
    @Test func scanFindsEveryNonzeroElement() {
        let count = 20_011   // not a multiple of a block
        let pattern = spikeTrain(rows: count, width: 1, density: 0.4, seed: 3)   // 8 000 events: past 4 096
        let bytes = pattern.indices.map { pattern[$0] != 0 ? UInt8(truncatingIfNeeded: $0 % 255 + 1) : 0 }
        let expected = pattern.indices.filter { pattern[$0] != 0 }
        let floats: [Float] = pattern.indices.map { i in
            pattern[i] == 0 ? (i % 2 == 0 ? -0.0 : 0) : (i % 5 == 0 ? -Float.nan : -Float(i))
        }
        let doubles: [Double] = floats.map { Double($0) }
        func check<T>(_ values: [T], _ label: String, _ valueOf: @escaping (T) -> Float) {
            let list = EventList<Float>()
            list.count = 3   // events already held stay
            list.reserve(0)
            values.withUnsafeBufferPointer { list.collect($0.baseAddress!, count: count, base: 7, valueOf) }
            #expect(list.count == 3 + expected.count, "\(label): \(list.count - 3) events, \(expected.count) expected")
            guard list.count == 3 + expected.count else { return }
            for (k, e) in expected.enumerated() {
                #expect(list.index[3 + k] == Int32(7 + e), "\(label) event \(k)")
                #expect(list.value[3 + k].bitPattern == valueOf(values[e]).bitPattern, "\(label) value \(k)")
            }
            // bucketed by column of rows of 37 (the 3 events held before are index 0: row 0, column 0)
            for k in 0..<3 { list.index[k] = 0; list.value[k] = Float(k) }
            let width = 37
            list.byColumn(inSize: width)
            var seen = 0
            for i in 0..<width {
                let mine = (0..<list.count).filter { Int(list.index[$0]) % width == i }   // input order
                let start = list.columnStart[i], end = list.columnStart[i + 1]
                #expect(end - start == mine.count, "\(label) column \(i)")
                guard end - start == mine.count else { continue }
                for (k, e) in mine.enumerated() {
                    #expect(Int(list.columnRow[start + k]) == Int(list.index[e]) / width, "\(label) column \(i) event \(k)")
                    #expect(list.columnValue[start + k].bitPattern == list.value[e].bitPattern, "\(label) column \(i) value \(k)")
                }
                seen += mine.count
            }
            #expect(seen == list.count && list.columnStart[width] == list.count, "\(label): every event in a column")
        }
        check(bytes, "bytes") { Float($0) }
        check(floats, "float32") { $0 }
        check(doubles, "float64") { Float($0) }
    }

    /// The bias gradient's column sums (sixteen values at a time when the width divides 16, else row by
    /// row) equal the plain sums, for widths that divide 16 and widths that do not and row counts whose
    /// values do not fill the last vector. Integer values: every order of addition gives the same sum.
    @Test(arguments: [1, 2, 3, 4, 5, 8, 16, 32])
    func columnSumsAreThePlainSums(width: Int) {
        for rows in [1, 3, 7, 8, 33] {
            let y = (0..<(rows * width)).map { Double(($0 * 7919) % 23) - 11 }
            var sums = [Double](repeating: 0.5, count: width)
            y.withUnsafeBufferPointer { yp in
                sums.withUnsafeMutableBufferPointer { LinearLayer<Double>.columnSums(yp.baseAddress!, rows: rows, width, into: $0.baseAddress!) }
            }
            for o in 0..<width {
                let plain = stride(from: o, to: y.count, by: width).reduce(0.5) { $0 + y[$1] }
                #expect(sums[o] == plain, "width \(width), rows \(rows), column \(o)")
            }
        }
    }

    /// A large input's non-finite check, split among the threads, names the first bad element (two
    /// in different parts), for float32 and float64, with 1 and 2 threads, and a refused input
    /// leaves the last run's outputs.
    @Test func largeInputNamesItsFirstNonFiniteElement() throws {
        let steps = 128, batch = 128, width = 64   // 2^20 values: the size the threads split
        for threads in [1, 2] {
            let net = try SequentialEngine<Float>(dt: 1, seed: 2, threads: threads)
            _ = try net.add(kind: "Linear", inSize: width, outSize: 2)
            try net.initialize(0, "weight", WeightInit(named: "Normal", keys: ["mean", "std"], values: [0, 1]))
            var floats = spikeTrain(rows: steps * batch, width: width, density: 0.02, seed: 8).map { Float($0) }
            try floats.withUnsafeBufferPointer { try net.forward(.float32($0), steps: steps, batch: batch) }
            let before = Array(net.outputs[0].values)
            floats[900_000] = .nan
            floats[300_000] = -.infinity   // in the first thread's half, the NaN in the second
            var doubles = floats.map { Double($0) }
            doubles[300_000] = 1
            let runs: [(String, () throws -> Void)] = [
                ("float32", { try floats.withUnsafeBufferPointer { try net.forward(.float32($0), steps: steps, batch: batch) } }),
                ("float64", { try doubles.withUnsafeBufferPointer { try net.forward(.float64($0), steps: steps, batch: batch) } })]
            for (label, run) in runs {
                let expected = label == "float32" ? 300_000 : 900_000
                do {
                    try run()
                    Issue.record("\(label), \(threads) thread(s): a non-finite input was accepted")
                } catch let error as EngineError {
                    #expect(error.message.contains("input element \(expected) is not finite"), "\(label), \(threads) thread(s): \(error.message)")
                }
                #expect(Array(net.outputs[0].values) == before, "\(label), \(threads) thread(s): the last run's outputs stay")
            }
        }
    }
}

import BrainpyState
import Glibc
import Testing

/// The network of fixtures/determinism.txt (example 103 with the x1000 weights, 1000 neurons, chaotic):
/// the Swift API must give the spikes the C and Python tests get, for any thread count.
@Suite("determinism across hosts")
struct DeterminismTests {
    static let steps = 3000

    /// (spike_count, fnv1a64) from the fixture written by Tests/C/test_determinism.c.
    func expected() throws -> (count: Int, hash: UInt64) {
        let path = String(#filePath.split(separator: "/").dropLast(3).joined(separator: "/"))
        guard let file = fopen("/" + path + "/fixtures/determinism.txt", "r") else {
            throw BrainpyStateError(status: .invalidArgument, message: "cannot open fixtures/determinism.txt")
        }
        defer { fclose(file) }
        var count = -1, hash: UInt64 = 0
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, 256, file) != nil {
            let bytes = line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
            let words = String(decoding: bytes, as: UTF8.self).split(separator: " ").map { $0.trimmingCharacters() }
            if words.count == 2, words[0] == "spike_count" { count = Int(words[1]) ?? -1 }
            if words.count == 2, words[0] == "fnv1a64" { hash = UInt64(words[1], radix: 16) ?? 0 }
        }
        return (count, hash)
    }

    func digest(threads: Int, stepByStep: Bool) throws -> (count: Int, hash: UInt64) {
        let net = try Network(dt: 0.1.ms, seed: 2024, threads: threads)
        let N = try net.add(LIFRef(1000, tau: 20.ms, tau_ref: 5.ms, V_th: -50.mV, V_reset: -60.mV, V_rest: -60.mV,
                                   V_initializer: .normal(mean: -55.mV, std: 2.mV)))
        try net.add(AlignPostProj(pre: N[0..<800], comm: EventFixedProb(connNum: 80, connWeight: 600.mS, seed: 11),
                                  syn: Expon(tau: 5.ms), out: COBA(E: 0.mV), post: N))
        try net.add(AlignPostProj(pre: N[800...], comm: EventFixedProb(connNum: 80, connWeight: 6700.mS, seed: 12),
                                  syn: Expon(tau: 10.ms), out: COBA(E: -80.mV), post: N))
        try N.addCurrentInput("ext", 20.mA)
        let spikes = try net.monitorSpikes(N)
        try net.compile()
        if stepByStep {
            for _ in 0..<Self.steps { try net.step() }
        } else {
            try net.run(steps: Self.steps)
        }
        let (steps, neurons) = try spikes.events()
        var h: UInt64 = 14_695_981_039_346_656_037
        for e in steps.indices {
            for value in [Int64(steps[e]), Int64(neurons[e])] {
                for b in 0..<8 {
                    h = (h ^ UInt64((value >> (8 * Int64(b))) & 0xFF)) &* 1_099_511_628_211
                }
            }
        }
        return (steps.count, h)
    }

    @Test(arguments: [1, 2]) func oneRunMatchesTheOtherHosts(threads: Int) throws {
        let want = try expected()
        let got = try digest(threads: threads, stepByStep: false)
        #expect(got.count == want.count && got.hash == want.hash)
    }

    @Test func stepByStepMatches() throws {
        let want = try expected()
        let got = try digest(threads: 2, stepByStep: true)
        #expect(got.count == want.count && got.hash == want.hash)
    }
}

private extension Substring {
    /// Without the trailing newline.
    func trimmingCharacters() -> String { String(self.filter { $0 != "\n" && $0 != "\r" }) }
}

import Testing
@testable import BrainpyStateCore

struct RandomTests {
    /// numpy.random.RandomState(seed).randint(0, n, size=12), printed by numpy 2.4 (the legacy stream
    /// is frozen across numpy versions); EventFixedProb draws its targets this way.
    @Test func mt19937MatchesNumpyRandint() {
        var a = MT19937(seed: 1)
        #expect((0..<12).map { _ in a.randint(below: 4000) } == [1061, 235, 3980, 1096, 3839, 905, 2763, 3717, 2895, 960, 144, 129])
        var b = MT19937(seed: 7)
        #expect((0..<12).map { _ in b.randint(below: 37) } == [4, 25, 3, 19, 23, 28, 14, 23, 8, 25, 26, 8])
        // A bound of 1 consumes no output (numpy returns the low end without drawing).
        var c = MT19937(seed: 3)
        #expect((0..<4).map { _ in c.randint(below: 1) } == [0, 0, 0, 0])
        #expect((0..<2).map { _ in c.randint(below: 1000) } == [874, 664])
    }

    /// Known-answer vectors of Philox4x32-10 (Random123's kat_vectors).
    @Test func philoxKnownAnswers() {
        let zero = Philox(seed: 0)
        let r0 = zero.block(index: 0, step: 0, stream: 0)
        #expect([r0.0, r0.1, r0.2, r0.3] == [0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8])
        let ones = Philox(seed: 0xFFFF_FFFF_FFFF_FFFF)
        let r1 = ones.block(index: 0xFFFF_FFFF_FFFF_FFFF, step: 0xFFFF_FFFF, stream: 0xFFFF_FFFF)
        #expect([r1.0, r1.1, r1.2, r1.3] == [0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD])
        let pi = Philox(seed: 0x299F_31D0_A409_3822)
        let r2 = pi.block(index: 0x85A3_08D3_243F_6A88, step: 0x1319_8A2E, stream: 0x0370_7344)
        #expect([r2.0, r2.1, r2.2, r2.3] == [0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1])
    }

    @Test func normalDrawsHaveUnitMoments() {
        let rng = Philox(seed: 42)
        let n = 200_000
        var sum = 0.0, sq = 0.0
        for i in 0..<n {
            let z = rng.normal(index: UInt64(i), step: 0, stream: 7)
            sum += z
            sq += z * z
        }
        let mean = sum / Double(n), variance = sq / Double(n) - mean * mean
        // 4 standard errors: sd(mean) = 1/sqrt(n), sd(var) ≈ sqrt(2/n).
        #expect(abs(mean) < 4 / Double(n).squareRoot())
        #expect(abs(variance - 1) < 4 * (2 / Double(n)).squareRoot())
    }
}

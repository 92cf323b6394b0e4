/// numpy's legacy Mersenne Twister (`numpy.random.RandomState(seed)`), reimplemented so that
/// EventFixedProb draws exactly brainpy.state's connectivity for the same seed (spec synapses §6.1).
public struct MT19937: Sendable {
    private var state = [UInt32](repeating: 0, count: 624)
    private var index = 624

    /// `init_genrand(seed)`, numpy's seeding for an integer seed in [0, 2^32).
    public init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            let prev = state[i - 1]
            state[i] = 1_812_433_253 &* (prev ^ (prev >> 30)) &+ UInt32(i)
        }
        index = 624
    }

    private mutating func twist() {
        for i in 0..<624 {
            let y = (state[i] & 0x8000_0000) | (state[(i + 1) % 624] & 0x7FFF_FFFF)
            var next = state[(i + 397) % 624] ^ (y >> 1)
            if y & 1 != 0 { next ^= 0x9908_B0DF }
            state[i] = next
        }
        index = 0
    }

    /// One tempered 32-bit output.
    public mutating func next() -> UInt32 {
        if index >= 624 { twist() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// `RandomState.randint(0, bound)` for bound ≤ 2^32: masked rejection sampling on 32-bit outputs.
    /// bound == 1 consumes no output, as in numpy.
    public mutating func randint(below bound: UInt32) -> UInt32 {
        let range = bound &- 1
        if range == 0 { return 0 }
        var mask = range
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        while true {
            let v = next() & mask
            if v <= range { return v }
        }
    }
}

import BrainpyState
import Testing

@Suite("batch axis")
struct BatchTests {
    @Test("batchSize gives [B, N] states and spikes, [T, B, width] recordings; row 0 is the unbatched network")
    func shapes() throws {
        let n = 200, b = 3, steps = 100
        let plain = try COBANetwork(n: n)
        let batched = try COBANetwork(n: n, batchSize: b)
        let plainV = try plain.net.monitor(plain.N, .V, indices: [0, 9])
        let batchedV = try batched.net.monitor(batched.N, .V, indices: [0, 9])
        let spikes = try batched.net.monitorSpikes(batched.N)
        try plain.net.compile()
        try batched.net.initAllStates(batchSize: b)
        try plain.net.run(steps: steps)
        try batched.net.run(steps: steps)
        #expect(try batched.net.batchSize == b)
        #expect(try plain.net.batchSize == 0)
        let V = try batched.N.state(.V, as: Float.self)
        #expect(V.count == b * n)
        #expect(Array(V[0..<n]) == (try plain.N.state(.V, as: Float.self)))
        #expect(Array(V[n..<2 * n]) != Array(V[0..<n]))
        #expect(try batched.N.spikes().count == b * n)
        let values = try batchedV.values(as: Float.self)
        let reference = try plainV.values(as: Float.self)
        #expect(values.count == steps * b * 2)
        #expect((0..<steps).allSatisfy { t in Array(values[(t * b) * 2..<(t * b + 1) * 2]) == Array(reference[t * 2..<t * 2 + 2]) })
        #expect(try spikes.raster().count == steps * b * n)
        #expect(try spikes.eventRows().count == (try spikes.count()))
        #expect(try batched.net.step(spikesOf: batched.N).count == b * n)
        // The size cannot change after compile; a [2, N] state is refused.
        #expect(throws: BrainpyStateError.self) { try batched.net.initAllStates(batchSize: 2) }
        #expect(throws: BrainpyStateError.self) { try batched.N.setState(.V, [Double](repeating: -60, count: 2 * n), in: .mV) }
        #expect(throws: BrainpyStateError.self) { try Network(batchSize: -1) }
    }
}

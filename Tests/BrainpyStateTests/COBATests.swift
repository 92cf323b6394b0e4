import BrainpyState
import Testing

@Suite("COBA network (example 103)")
struct COBATests {
    @Test("4000 neurons, 200 ms: E and I fire at about 50 Hz")
    func rates() throws {
        let coba = try COBANetwork(n: 4000)
        let spikes = try coba.net.monitorSpikes(coba.N)
        try coba.net.compile()
        try coba.net.run(200.ms)
        let (steps, neurons) = try spikes.events()
        #expect(steps.count == neurons.count)
        let shape = try spikes.shape()
        #expect(shape.steps == 2000 && shape.width == 4000)
        let r = coba.rates(neurons, duration_ms: 200)
        #expect(r.E > 40 && r.E < 60, "E rate \(r.E) Hz")
        #expect(r.I > 40 && r.I < 60, "I rate \(r.I) Hz")
        #expect(try coba.net.i == 2000)
        #expect(abs(try coba.net.time(in: .ms) - 200) < 1e-3)
        // Events are in time order and inside the run.
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(steps.allSatisfy { (0..<2000).contains($0) })
    }

    @Test("identical networks give identical spike events", arguments: [Precision.float32, .float64])
    func determinism(precision: Precision) throws {
        func events() throws -> (steps: [Int], neurons: [Int]) {
            let coba = try COBANetwork(n: 1000, precision: precision)
            let spikes = try coba.net.monitorSpikes(coba.N)
            try coba.net.compile()
            try coba.net.run(100.ms)
            return try spikes.events()
        }
        let a = try events(), b = try events()
        #expect(!a.steps.isEmpty)
        #expect(a.steps == b.steps)
        #expect(a.neurons == b.neurons)
    }

    @Test("the number of worker threads does not change the result")
    func threadsInvariance() throws {
        func events(threads: Int) throws -> [Int] {
            let coba = try COBANetwork(n: 1000, threads: threads)
            let spikes = try coba.net.monitorSpikes(coba.N)
            try coba.net.compile()
            try coba.net.run(100.ms)
            let e = try spikes.events()
            return zip(e.steps, e.neurons).map { $0 * 1000 + $1 }
        }
        #expect(try events(threads: 1) == events(threads: 2))
    }

    @Test("the raster, the events and the times of a spike monitor agree")
    func raster() throws {
        let coba = try COBANetwork(n: 300)
        let all = try coba.net.monitorSpikes(coba.N)
        let some = try coba.net.monitorSpikes(coba.N, indices: [5, 250])
        try coba.net.compile()
        try coba.net.run(steps: 400)
        let raster = try all.raster()
        #expect(raster.count == 400 * 300)
        let (steps, neurons) = try all.events()
        #expect(raster.reduce(0) { $0 + Int($1) } == steps.count)
        #expect(zip(steps, neurons).allSatisfy { raster[$0 * 300 + $1] == 1 })
        let sub = try some.raster()
        #expect(sub.count == 400 * 2)
        let column5 = (0..<400).map { (step: Int) -> UInt8 in raster[step * 300 + 5] }
        let column250 = (0..<400).map { (step: Int) -> UInt8 in raster[step * 300 + 250] }
        let sub5 = (0..<400).map { (step: Int) -> UInt8 in sub[step * 2] }
        let sub250 = (0..<400).map { (step: Int) -> UInt8 in sub[step * 2 + 1] }
        #expect(sub5 == column5)
        #expect(sub250 == column250)
        let times = try all.times(in: .ms)
        #expect(times.count == 400 && times.first == 0 && abs(times[399] - 39.9) < 1e-4)
        try all.clear()
        #expect(try all.count() == 0)
        #expect(try some.count() > 0)
    }

    @Test("a different seed gives a different initial V")
    func seedMatters() throws {
        let a = try COBANetwork(n: 500, seed: 1), b = try COBANetwork(n: 500, seed: 2)
        try a.net.compile()
        try b.net.compile()
        #expect(try a.N.state(.V) != b.N.state(.V))
    }

    @Test("progress is reported and can cancel the run")
    func progressAndCancel() throws {
        let coba = try COBANetwork(n: 500)
        try coba.net.compile()
        var calls: [(Int, Int)] = []
        try coba.net.run(10.ms, progressInterval: 25) { done, total in
            calls.append((done, total))
            return true
        }
        #expect(calls.map(\.0) == [25, 50, 75, 100])
        #expect(calls.allSatisfy { $0.1 == 100 })
        let error = #expect(throws: BrainpyStateError.self) {
            try coba.net.run(steps: 100, progressInterval: 10) { done, _ in done < 30 }
        }
        #expect(error?.status == .cancelled)
        // Every completed step is applied: the run stopped at the boundary after the callback.
        #expect(try coba.net.i == 130)
    }
}

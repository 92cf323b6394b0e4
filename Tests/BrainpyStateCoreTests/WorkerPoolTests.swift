import Testing
@testable import BrainpyStateCore

/// Counts how often each part ran. Plain counters suffice: within a section each part has one
/// runner, and `run` returning orders every part's writes before the caller reads them.
private final class PartCounter: ParallelWork, @unchecked Sendable {
    let runs: UnsafeMutableBufferPointer<Int>
    init(parts: Int) { runs = .allocate(capacity: parts); runs.initialize(repeating: 0) }
    deinit { runs.deallocate() }
    func work(part: Int) { runs[part] += 1 }
}

/// Work that owns the pool it runs on, as a Simulation does.
private final class PoolOwner: ParallelWork, @unchecked Sendable {
    var pool: WorkerPool?
    func work(part: Int) {}
}

/// Parts are claimed rather than assigned to threads, and the pool may run sections on the caller
/// alone when its workers are slow: whatever happens, every part runs exactly once per section.
struct WorkerPoolTests {
    @Test(arguments: [2, 3, 5])
    func everyPartRunsOncePerSection(threads: Int) throws {
        let pool = try WorkerPool(count: threads)
        let counter = PartCounter(parts: threads)
        let sections = 20_000
        for s in 1...sections {
            pool.run(counter)
            if s % 5000 == 0 {
                for run in counter.runs { #expect(run == s) }
            }
        }
        for run in counter.runs { #expect(run == sections) }
    }

    @Test func onePoolManySectionsOfDifferentWork() throws {
        let pool = try WorkerPool(count: 2)
        let a = PartCounter(parts: 2), b = PartCounter(parts: 2)
        for _ in 0..<1000 {
            pool.run(a)
            pool.run(b)
        }
        for run in Array(a.runs) + Array(b.runs) { #expect(run == 1000) }
    }

    /// A pool does not keep its last section's work: work that owns its pool (a network, a training
    /// layer's section) is freed with its pool and the pool's threads once the host drops it.
    @Test func workThatOwnsItsPoolIsFreed() throws {
        weak var ownerRef: PoolOwner?
        weak var poolRef: WorkerPool?
        do {
            let owner = PoolOwner()
            owner.pool = try WorkerPool(count: 2)
            for _ in 0..<10 { owner.pool!.run(owner) }
            ownerRef = owner
            poolRef = owner.pool
        }
        #expect(ownerRef == nil)
        #expect(poolRef == nil)
    }
}

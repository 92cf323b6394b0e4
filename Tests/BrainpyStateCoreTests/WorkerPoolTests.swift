import Glibc
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

/// Part p sleeps `micros[p]` microseconds.
private final class SleepingParts: ParallelWork, @unchecked Sendable {
    let micros: [UInt32]
    init(_ micros: [UInt32]) { self.micros = micros }
    func work(part: Int) { usleep(micros[part]) }
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

    /// The one-thread fallback is for workers descheduled while the caller waits. A network's pool
    /// takes it after waits long enough to yield; training's pool only after waits longer than the
    /// caller's own part, so sections of unequal halves (a training layer's) keep its worker and a
    /// worker part far longer than the caller's does not. (The wait is about 0.3 ms against 5 ms of
    /// own work in the first case, 20 ms against 1 ms in the second: margins of milliseconds for
    /// a loaded machine, where a worker may also be slow to claim its part, which the caller then
    /// runs itself; three slow sections switch a pool over.)
    @Test func trainingPoolFallsBackOnlyOnWaitsLongerThanItsOwnPart() throws {
        let unequal = SleepingParts([5000, 5300]), lopsided = SleepingParts([1000, 20000])
        let network = try WorkerPool(count: 2)
        for _ in 0..<12 { network.run(unequal) }
        #expect(network.isRunningSerially, "a network's pool: waits of 0.3 ms")
        let training = try WorkerPool(count: 2, slowOnlyBeyondOwnWork: true)
        for _ in 0..<8 { training.run(unequal) }
        #expect(!training.isRunningSerially, "training's pool: waits shorter than the caller's part")
        for _ in 0..<12 { training.run(lopsided) }
        #expect(training.isRunningSerially, "training's pool: waits far longer than the caller worked")
    }
}

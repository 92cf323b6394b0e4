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

    /// The one-thread fallback is for workers descheduled while the caller waits, and only when
    /// waiting costs more than running alone would: a worker part somewhat longer than the caller's
    /// (a training layer's unequal halves, a long network step's jitter) keeps the worker, even when
    /// the wait is long enough to yield; waits far longer than the caller worked switch the pool
    /// over, for a while (serialNanoseconds), after which the workers are tried again. Margins are
    /// milliseconds, for a loaded machine, where a worker may also be slow to claim its part (the
    /// caller then runs it itself: no wait).
    @Test func poolKeepsItsWorkerWhenWaitsAreShorterThanTheCallersPart() throws {
        let pool = try WorkerPool(count: 2)
        let unequal = CallerAndWorkerParts(caller: 5000) { _ in 5300 }
        for _ in 0..<8 { pool.run(unequal) }
        #expect(!pool.isRunningSerially, "waits of 0.3 ms against 5 ms of the caller's own work")
    }

    @Test func poolKeepsItsWorkerThroughOccasionalLongWaits() throws {
        let pool = try WorkerPool(count: 2)
        let jittery = CallerAndWorkerParts(caller: 3000) { $0 % 4 == 3 ? 7000 : 3000 }
        for _ in 0..<16 { pool.run(jittery) }
        #expect(!pool.isRunningSerially, "four waits of 4 ms (each longer than the caller's part) against 48 ms of own work")
    }

    @Test func poolFallsBackWhileWaitsExceedItsWork() throws {
        let pool = try WorkerPool(count: 2)
        let lopsided = CallerAndWorkerParts(caller: 1000) { _ in 20000 }
        for _ in 0..<12 { pool.run(lopsided) }
        #expect(pool.isRunningSerially, "waits of 19 ms against 1 ms of the caller's own work")
        usleep(UInt32(WorkerPool.serialNanoseconds / 1000) + 20_000)
        pool.run(CallerAndWorkerParts(caller: 0) { _ in 0 })
        #expect(!pool.isRunningSerially, "the workers are tried again after the serial period")
    }
}

/// The caller's part sleeps `caller` microseconds, the worker's n-th part `worker(n)`: which thread
/// runs which part is decided by claims, so the durations follow the thread, not the part number.
/// (For a pool of two: `workerParts` has one writer, the one worker thread.)
private final class CallerAndWorkerParts: ParallelWork, @unchecked Sendable {
    let callerThread = pthread_self()
    let caller: UInt32
    let worker: (Int) -> UInt32
    private var workerParts = 0
    init(caller: UInt32, worker: @escaping (Int) -> UInt32) {
        self.caller = caller
        self.worker = worker
    }
    func work(part: Int) {
        if pthread_equal(pthread_self(), callerThread) != 0 {
            usleep(caller)
        } else {
            usleep(worker(workerParts))
            workerParts += 1
        }
    }
}

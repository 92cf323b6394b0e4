import Glibc
import Synchronization
internal import _BrainpyStateShims

/// Work a pool runs in parallel: parts 0..<count, each exactly once, on whichever participant claims it.
protocol ParallelWork: AnyObject {
    func work(part: Int)
}

/// A persistent pool of worker threads that run one parallel section per `run()` call. Workers spin
/// briefly for the next section (a step is microseconds long) and then park on a condition variable,
/// so an idle network does not burn the host's cores. Parts are claimed, not assigned: the caller
/// and every awake worker take the next unclaimed part, so when the host's other load has
/// descheduled a worker the caller runs its part instead of waiting a whole time slice for it
/// (measured on 2 busy cores: 130 us per step waiting vs 10 us claiming). There is no allocation and
/// no lock on the hot path.
///
/// The worker threads hold the pool's `SectionBoard`, not the pool: when the pool's owner drops it,
/// its deinit stops and joins them (a thread holding the pool itself would keep it, its threads and
/// its owner alive forever).
final class WorkerPool: @unchecked Sendable {
    private let board: SectionBoard
    /// Participants, including the calling thread.
    var count: Int { board.count }
    private var threads: [pthread_t] = []
    /// Whether sections run on the caller alone for a while (SerialFallback).
    private var fallback = SerialFallback()

    init(count: Int) throws(EngineError) {
        board = SectionBoard(count: count)
        for index in 1..<max(count, 1) {
            let context = Unmanaged.passRetained(board).toOpaque()
            var thread = pthread_t()
            guard pthread_create(&thread, nil, { raw in
                Unmanaged<SectionBoard>.fromOpaque(raw!).takeRetainedValue().workerLoop()
                return nil
            }, context) == 0 else {
                Unmanaged<SectionBoard>.fromOpaque(context).release()
                shutdown()
                throw EngineError(.outOfMemory, "cannot start worker thread \(index) of \(count)")
            }
            threads.append(thread)
        }
    }

    deinit { shutdown() }

    /// Run `work` on every part and return when all parts are done.
    func run(_ work: any ParallelWork) {
        if count == 1 {
            work.work(part: 0)
            return
        }
        let started = monotonicNanoseconds()
        if fallback.runsSerially(at: started) {
            for part in 0..<count { work.work(part: part) }
            return
        }
        let (ownDone, spins) = board.run(work)
        let ended = spins >= SectionBoard.yieldAfter ? monotonicNanoseconds() : ownDone
        fallback.record(worked: ownDone - started, waited: ended - ownDone, now: ended)
    }

    private func shutdown() {
        guard !threads.isEmpty else { return }
        board.stop()
        for thread in threads { pthread_join(thread, nil) }
        threads.removeAll()
    }
}

/// A monotonic clock in nanoseconds (a vDSO call, some 20 ns).
private func monotonicNanoseconds() -> Int {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return t.tv_sec * 1_000_000_000 + t.tv_nsec
}

/// What a pool's caller and its worker threads share: the posted section and its claims, and the
/// parking place of idle workers. The pool and every worker thread hold it.
private final class SectionBoard: @unchecked Sendable {
    let count: Int
    private let epoch = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    /// The next unclaimed part of the current section, tagged with its epoch: epoch << 16 | part.
    /// The tag keeps a worker that wakes late from claiming parts of a later section.
    private let claims = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    /// The section to run; written by the caller before it publishes a new epoch and cleared when
    /// the section is done (the work is usually the pool's owner: a kept reference would keep the
    /// owner alive after its host dropped it).
    nonisolated(unsafe) private var work: (any ParallelWork)?
    /// Spin-wait rounds (one CPU relax hint each, about 25 ns here) before a waiting thread starts
    /// yielding its core (about 100 us: longer than a step's imbalance between parts, so only a
    /// descheduled participant makes a section "slow") and before a worker parks (about 400 us).
    static let yieldAfter = 1 << 12
    private static let spinLimit = 1 << 14
    /// Epochs wrap within 47 bits so that epoch << 16 | part fits an Int.
    private static let epochMask = (1 << 47) - 1

    init(count: Int) {
        self.count = count
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Post `work` as a new section, run parts on the calling thread until none is unclaimed, then
    /// wait for the parts the workers claimed. Returns when the caller's own parts were done (the
    /// clock) and the rounds it spun waiting after that.
    func run(_ work: any ParallelWork) -> (ownDone: Int, spins: Int) {
        self.work = work
        finished.store(0, ordering: .relaxed)
        let section = (epoch.load(ordering: .relaxed) &+ 1) & SectionBoard.epochMask
        claims.store(section << 16, ordering: .releasing)
        epoch.store(section, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 { wakeAll() }
        runClaimed(section: section)
        let done = monotonicNanoseconds()
        var spins = 0
        while finished.load(ordering: .acquiring) < count {
            // Only parts a worker has already claimed are waited for; it may have been descheduled.
            spins += 1
            if spins >= SectionBoard.yieldAfter { sched_yield() } else { bpsshim_cpu_relax() }
        }
        self.work = nil   // every part has run: no worker reads it until the next epoch
        return (done, spins)
    }

    /// Claim and run parts of `section` until none is left.
    private func runClaimed(section: Int) {
        while true {
            let v = claims.load(ordering: .acquiring)
            let part = v & 0xFFFF
            guard v >> 16 == section, part < count else { return }
            if claims.compareExchange(expected: v, desired: v + 1, ordering: .acquiringAndReleasing).exchanged {
                // The claim is this section's, so the caller waits for it and `work` is still ours.
                work?.work(part: part)
                finished.wrappingAdd(1, ordering: .releasing)
            }
        }
    }

    private func wakeAll() {
        pthread_mutex_lock(mutex)
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Make every worker leave its loop (the pool then joins them).
    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        epoch.store((epoch.load(ordering: .relaxed) &+ 1) & SectionBoard.epochMask, ordering: .sequentiallyConsistent)
        wakeAll()
    }

    func workerLoop() {
        var seen = 0
        while true {
            var spins = 0
            var current = epoch.load(ordering: .acquiring)
            while current == seen {
                if spins < SectionBoard.spinLimit {
                    spins += 1
                    if spins >= SectionBoard.yieldAfter { sched_yield() } else { bpsshim_cpu_relax() }
                } else {
                    pthread_mutex_lock(mutex)
                    sleepers.wrappingAdd(1, ordering: .sequentiallyConsistent)
                    while epoch.load(ordering: .sequentiallyConsistent) == seen {
                        pthread_cond_wait(condition, mutex)
                    }
                    sleepers.wrappingSubtract(1, ordering: .sequentiallyConsistent)
                    pthread_mutex_unlock(mutex)
                }
                current = epoch.load(ordering: .acquiring)
            }
            seen = current
            if stopping.load(ordering: .acquiring) { return }
            runClaimed(section: current)
        }
    }
}

import Glibc
import Synchronization

/// Work a pool runs in parallel: part 0 on the calling thread, parts 1..<count on the workers.
protocol ParallelWork: AnyObject {
    func work(part: Int)
}

/// A persistent pool of worker threads that run one parallel section per `run()` call. Workers spin
/// briefly for the next section (a step is microseconds long) and then park on a condition variable,
/// so an idle network does not burn the host's cores. One section costs one release store to start
/// and one counter to finish; there is no allocation and no lock on the hot path.
final class WorkerPool: @unchecked Sendable {
    /// Participants, including the calling thread.
    let count: Int
    private let epoch = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var threads: [pthread_t] = []
    /// The section to run; written by the caller before it publishes a new epoch.
    nonisolated(unsafe) private var work: (any ParallelWork)?
    /// Spins before a waiting thread starts yielding its core, and before a worker parks.
    private static let yieldAfter = 1 << 16
    private static let spinLimit = 1 << 18

    init(count: Int) throws(EngineError) {
        self.count = count
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        for index in 1..<max(count, 1) {
            let context = Unmanaged.passRetained(WorkerContext(pool: self, index: index)).toOpaque()
            var thread = pthread_t()
            guard pthread_create(&thread, nil, { raw in
                let context = Unmanaged<WorkerContext>.fromOpaque(raw!).takeRetainedValue()
                context.pool.takeUnretainedValue().workerLoop(index: context.index)
                return nil
            }, context) == 0 else {
                Unmanaged<WorkerContext>.fromOpaque(context).release()
                shutdown()
                throw EngineError(.outOfMemory, "cannot start worker thread \(index) of \(count)")
            }
            threads.append(thread)
        }
    }

    deinit {
        shutdown()
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// Run `work` on every part and return when all parts are done.
    func run(_ work: any ParallelWork) {
        if count == 1 {
            work.work(part: 0)
            return
        }
        self.work = work
        finished.store(0, ordering: .relaxed)
        epoch.wrappingAdd(1, ordering: .sequentiallyConsistent)
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 { wakeAll() }
        work.work(part: 0)
        let others = count - 1
        var spins = 0
        while finished.load(ordering: .acquiring) < others {
            // A worker that was descheduled (more threads than free cores) is waited for politely.
            spins += 1
            if spins >= WorkerPool.yieldAfter { sched_yield() }
        }
    }

    private func wakeAll() {
        pthread_mutex_lock(mutex)
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    private func shutdown() {
        guard !threads.isEmpty else { return }
        stopping.store(true, ordering: .sequentiallyConsistent)
        epoch.wrappingAdd(1, ordering: .sequentiallyConsistent)
        wakeAll()
        for thread in threads { pthread_join(thread, nil) }
        threads.removeAll()
    }

    private func workerLoop(index: Int) {
        var seen = 0
        while true {
            var spins = 0
            var current = epoch.load(ordering: .acquiring)
            while current == seen {
                if spins < WorkerPool.spinLimit {
                    spins += 1
                    if spins >= WorkerPool.yieldAfter { sched_yield() }
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
            work?.work(part: index)
            finished.wrappingAdd(1, ordering: .releasing)
        }
    }
}

/// What a worker thread is started with (the pool is not retained: the pool joins its threads in deinit).
private final class WorkerContext {
    let pool: Unmanaged<WorkerPool>
    let index: Int
    init(pool: WorkerPool, index: Int) {
        self.pool = Unmanaged.passUnretained(pool)
        self.index = index
    }
}

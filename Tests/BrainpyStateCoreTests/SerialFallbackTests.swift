import Testing
@testable import BrainpyStateCore

/// The one-thread fallback (SerialFallback) is for workers descheduled while the caller waits, and
/// only when waiting costs more than running alone would: a worker part somewhat longer than the
/// caller's (a training layer's unequal halves, a long network step's jitter) keeps the worker, even
/// when the wait is long enough to yield; waits far longer than the caller worked switch the pool
/// over, for a while (serialNanoseconds), after which the workers are tried again. The rule is fed
/// durations here, not timed: a test that sleeps in the parts depends on how the host schedules
/// them (on a loaded machine a worker claims its part late, the caller runs it, and nobody waits).
struct SerialFallbackTests {
    static let ms = 1_000_000

    /// Sections that each last `worked` + `waited` from `start`; returns the end of the last one.
    private func run(_ f: inout SerialFallback, from start: Int = 0, sections: Int,
                     worked: (Int) -> Int, waited: (Int) -> Int) -> Int {
        var now = start
        for s in 0..<sections {
            let serial = f.runsSerially(at: now)
            #expect(!serial)
            now += worked(s) + waited(s)
            f.record(worked: worked(s), waited: waited(s), now: now)
        }
        return now
    }

    @Test func keepsTheWorkersWhenWaitsAreShorterThanTheCallersPart() {
        var f = SerialFallback()
        _ = run(&f, sections: 300, worked: { _ in 5 * Self.ms }, waited: { _ in 3 * Self.ms / 10 })
        #expect(!f.isSerial, "waits of 0.3 ms against 5 ms of the caller's own work")
    }

    @Test func keepsTheWorkersThroughOccasionalLongWaits() {
        var f = SerialFallback()
        _ = run(&f, sections: 16, worked: { _ in 3 * Self.ms }, waited: { $0 % 4 == 3 ? 4 * Self.ms : 0 })
        #expect(!f.isSerial, "four waits of 4 ms (each longer than the caller's part) against 48 ms of own work")
    }

    @Test func slowSectionsOfEarlierWindowsAreForgotten() {
        var f = SerialFallback()
        let window = SerialFallback.window
        _ = run(&f, sections: 2 * window, worked: { _ in Self.ms },
                waited: { $0 % window == 0 || $0 % window == window - 1 ? 19 * Self.ms : 0 })
        #expect(!f.isSerial, "two slow sections per window of \(window)")
    }

    @Test func fallsBackWhileWaitsExceedItsWorkThenTriesTheWorkersAgain() {
        var f = SerialFallback()
        var now = run(&f, sections: 2, worked: { _ in Self.ms }, waited: { _ in 19 * Self.ms })
        #expect(!f.isSerial, "two slow sections are not yet three")
        now = run(&f, from: now, sections: 1, worked: { _ in Self.ms }, waited: { _ in 19 * Self.ms })
        #expect(f.isSerial, "waits of 19 ms against 1 ms of the caller's own work")
        let during = f.runsSerially(at: now + SerialFallback.serialNanoseconds - 1)
        let after = f.runsSerially(at: now + SerialFallback.serialNanoseconds)
        #expect(during && !after)
        #expect(!f.isSerial, "the workers are tried again after the serial period")
        _ = run(&f, from: now + SerialFallback.serialNanoseconds, sections: 2, worked: { _ in Self.ms },
                waited: { _ in 19 * Self.ms })
        #expect(!f.isSerial, "the slow sections before the serial period do not count after it")
    }
}

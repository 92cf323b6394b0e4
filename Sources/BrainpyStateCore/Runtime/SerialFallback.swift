/// When a worker pool runs its sections on the caller alone: the fallback for a host whose busy
/// cores keep descheduling a worker that has claimed a part. After `slowBeforeSerial` slow sections
/// within `window` sections, if the window's waiting exceeded the caller's own work (running alone
/// would then have been faster), sections run on the caller alone for `serialNanoseconds`, then the
/// workers are tried again. Slow means waiting longer than the caller's own part took (the pool
/// reports waits too short to yield as none): a shorter wait costs less than running that part
/// serially would. (The rule once took any wait long enough to
/// yield, for 4 096 sections: a network whose steps take milliseconds, 250 000 neurons and more,
/// met such waits from ordinary jitter and then ran on one thread for seconds.)
/// A value fed with measured durations, so that the rule itself is tested without timing anything.
struct SerialFallback {
    static let slowBeforeSerial = 3
    static let window = 256
    static let serialNanoseconds = 100_000_000
    private var slowSections = 0
    private var windowSections = 0
    private var windowWaited = 0
    private var windowWorked = 0
    private var serialUntil: Int?

    /// Whether a section starting at `now` runs on the caller alone; the serial period ends at the
    /// first section asked about after it.
    mutating func runsSerially(at now: Int) -> Bool {
        guard let until = serialUntil else { return false }
        if now < until { return true }
        serialUntil = nil
        return false
    }

    /// Whether the serial period is on (tests read it).
    var isSerial: Bool { serialUntil != nil }

    /// A parallel section that ended at `now`: the caller worked `worked` ns on its own part(s),
    /// then waited `waited` ns for the other participants (0 when the wait was too short to yield).
    mutating func record(worked: Int, waited: Int, now: Int) {
        if waited > worked { slowSections += 1 }
        windowWaited += waited
        windowWorked += worked
        windowSections += 1
        if slowSections >= Self.slowBeforeSerial, windowWaited > windowWorked {
            serialUntil = now + Self.serialNanoseconds
        }
        if serialUntil != nil || windowSections == Self.window {
            (slowSections, windowSections, windowWaited, windowWorked) = (0, 0, 0, 0)
        }
    }
}

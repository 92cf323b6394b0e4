import CBrainpyState

/// The progress closure behind the C callback's user_data.
private final class ProgressBox {
    let progress: (Int, Int) -> Bool
    init(_ progress: @escaping (Int, Int) -> Bool) { self.progress = progress }
}

/// The C progress callback: forwards to the closure; a `false` asks the engine to stop.
private let progressTrampoline: bps_progress_fn = { user, done, total in
    guard let user else { return 0 }
    let box = Unmanaged<ProgressBox>.fromOpaque(user).takeUnretainedValue()
    return box.progress(Int(done), Int(total)) ? 0 : 1
}

extension Network {
    /// Advance by `duration` (a whole number of steps). `progress(done, total)` is called on this
    /// thread every `progressInterval` steps (0 = about 1 % of the run) and once at the end; returning
    /// false cancels at the next step boundary and throws `.cancelled` with every completed step applied.
    public func run(_ duration: Time, progressInterval: Int = 0,
                    progress: ((_ done: Int, _ total: Int) -> Bool)? = nil) throws {
        try withRunOptions(progressInterval, progress) { opts in
            bps_network_run_for(unsafeHandle, duration.value, duration.unit.symbol, opts)
        }
    }

    /// Advance `steps` steps.
    public func run(steps: Int, progressInterval: Int = 0,
                    progress: ((_ done: Int, _ total: Int) -> Bool)? = nil) throws {
        try withRunOptions(progressInterval, progress) { opts in
            bps_network_run(unsafeHandle, Int64(steps), opts)
        }
    }

    private func withRunOptions(_ interval: Int, _ progress: ((Int, Int) -> Bool)?,
                                _ call: (UnsafePointer<bps_run_options>?) -> bps_status) throws {
        guard progress != nil || interval != 0 else { return try check(call(nil)) }
        var opts = bps_run_options()
        try check(bps_run_options_init(&opts))
        opts.progress_interval = Int64(interval)
        let box = progress.map(ProgressBox.init)
        if let box {
            opts.progress = progressTrampoline
            opts.user_data = Unmanaged.passUnretained(box).toOpaque()
        }
        let status = withExtendedLifetime(box) { call(&opts) }
        try check(status)
    }
}

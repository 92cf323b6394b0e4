import CBrainpyState

/// A network: the owner of one `bps_network*` handle. Describe it (`add`), `compile()` it, then
/// `run` or `step` it and read results. Deleting the network (the last reference going away)
/// deletes the handle and everything it owns; populations, projections and monitors keep their
/// network alive.
///
/// One network is used by one thread at a time (the engine's rule), so the class is not Sendable.
public final class Network {
    /// The C handle, for calls into the C ABI that this layer does not wrap. Owned by this object.
    public let unsafeHandle: OpaquePointer

    /// `bps_network_new`. `threads` 0 uses every core, 1 runs on the caller's thread only.
    /// `batchSize` 0 has no batch axis; B >= 1 gives every state B independent rows sharing parameters
    /// and connectivity (brainstate's init_all_states(net, batch_size=B)): states, spikes and inputs are
    /// then [B, N] row-major, recordings [T, B, width]; row 0 is the unbatched network.
    public init(dt: Time = 0.1.ms, seed: UInt64 = 0, precision: Precision = .float32, threads: Int = 0,
                batchSize: Int = 0) throws {
        var opts = bps_network_options()
        try check(bps_network_options_init(&opts))
        opts.dt = dt.value
        opts.seed = seed
        opts.precision = precision.rawValue
        opts.num_threads = Int32(clamping: threads)
        opts.batch_size = Int32(clamping: batchSize)
        var handle: OpaquePointer?
        try dt.unit.symbol.withCString { unit in
            opts.dt_unit = unit
            try check(bps_network_new(&opts, &handle))
        }
        guard let handle else { throw BrainpyStateError(status: .internalError, message: "bps_network_new returned no handle") }
        unsafeHandle = handle
    }

    deinit {
        _ = bps_network_delete(unsafeHandle)
    }

    // MARK: - properties

    /// The step size, in `unit`.
    public func dt(in unit: Unit<TimeDimension> = .ms) throws -> Double {
        var out = 0.0
        try check(bps_network_get_dt(unsafeHandle, unit.symbol, &out))
        return out
    }

    /// The step size in ms.
    public var dt: Time { get throws { Time(try dt(in: .ms), .ms) } }

    public var precision: Precision {
        get throws {
            var p: Int32 = 0
            try check(bps_network_get_precision(unsafeHandle, &p))
            return Precision(rawValue: p) ?? .float32
        }
    }

    /// Worker threads of the step (0 resolved to the number of cores).
    public var threads: Int {
        get throws {
            var n: Int32 = 0
            try check(bps_network_get_num_threads(unsafeHandle, &n))
            return Int(n)
        }
    }

    /// 0 without a batch axis, else the number of rows of every state.
    public var batchSize: Int {
        get throws {
            var n: Int32 = 0
            try check(bps_network_get_batch_size(unsafeHandle, &n))
            return Int(n)
        }
    }

    /// Rows of every state array (1 without a batch axis).
    var rows: Int { get throws { max(try batchSize, 1) } }

    /// The time at which the next step runs, in `unit` (brainstate.environ's `t`).
    public func time(in unit: Unit<TimeDimension> = .ms) throws -> Double {
        var t = 0.0
        try check(bps_network_get_time(unsafeHandle, unit.symbol, &t, nil))
        return t
    }

    /// The time at which the next step runs, in ms (brainstate.environ's `t`).
    public var t: Time { get throws { Time(try time(in: .ms), .ms) } }

    /// The index of the next step (brainstate.environ's `i`).
    public var i: Int {
        get throws {
            var step: Int64 = 0
            try check(bps_network_get_time(unsafeHandle, "ms", nil, &step))
            return Int(step)
        }
    }

    public var isCompiled: Bool {
        get throws {
            var c: Int32 = 0
            try check(bps_network_is_compiled(unsafeHandle, &c))
            return c != 0
        }
    }

    // MARK: - life cycle

    /// Build connectivity, allocate and initialise every state, and select the step kernels. After
    /// this, populations and projections can no longer be added.
    public func compile() throws {
        try check(bps_network_compile(unsafeHandle))
    }

    /// brainstate.nn.init_all_states: every state back to its initializer (the same draws as at
    /// compile), t and i back to 0, pending one-shot inputs dropped, recordings cleared.
    public func initAllStates() throws {
        try check(bps_network_init_states(unsafeHandle))
    }

    /// brainstate.nn.init_all_states(net, batch_size=B): B rows of every state (0: no batch axis),
    /// compiling the network if needed; after compile only the same size is accepted.
    public func initAllStates(batchSize: Int) throws {
        try check(bps_network_set_batch_size(unsafeHandle, Int32(clamping: batchSize)))
        if !(try isCompiled) { try compile() }
        try initAllStates()
    }

    // MARK: - description

    /// Add a population (`bps_population_new`, then one call per setting).
    @discardableResult
    public func add(_ neurons: some NeuronModel) throws -> Population {
        var id: Int32 = -1
        try check(bps_population_new(unsafeHandle, neurons.modelName, Int64(neurons.size), &id))
        for setting in neurons.settings {
            try setting.apply(to: .population(unsafeHandle, id))
        }
        return Population(network: self, id: id, size: neurons.size)
    }

    /// Add a projection (`bps_projection_new`, then one call per setting of stp, comm, syn and out).
    @discardableResult
    public func add(_ projection: AlignPostProj) throws -> Projection {
        try addProjection(kind: "AlignPostProj", pre: projection.pre, post: projection.post,
                          parts: [("stp", projection.stp), ("comm", projection.comm), ("syn", projection.syn),
                                  ("out", projection.out)],
                          delay: projection.delay, label: projection.label)
    }

    /// `bps_projection_new` for brainpy's align_post_projection wrapper (an AlignPostProj).
    @discardableResult
    public func add(_ projection: align_post_projection) throws -> Projection {
        try add(projection.projection)
    }

    /// `bps_projection_new` for an align_pre_projection (a synapse per presynaptic neuron).
    @discardableResult
    public func add(_ projection: align_pre_projection) throws -> Projection {
        try addProjection(kind: "align_pre_projection", pre: projection.pre, post: projection.post,
                          parts: [("stp", projection.stp), ("comm", projection.comm), ("syn", projection.syn),
                                  ("out", projection.out)],
                          delay: nil, label: nil)
    }

    /// `bps_projection_new` for a CurrentProj (comm bound to out, no synapse).
    @discardableResult
    public func add(_ projection: CurrentProj) throws -> Projection {
        try addProjection(kind: "CurrentProj", pre: projection.pre, post: projection.post,
                          parts: [("stp", projection.stp), ("comm", projection.comm), ("out", projection.out)],
                          delay: projection.delay, label: nil)
    }

    /// `bps_projection_new` for a DeltaProj (comm output added to V).
    @discardableResult
    public func add(_ projection: DeltaProj) throws -> Projection {
        try addProjection(kind: "DeltaProj", pre: projection.pre, post: projection.post,
                          parts: [("stp", projection.stp), ("comm", projection.comm)], delay: projection.delay,
                          label: projection.label)
    }

    /// One projection of any kind: the description, then the delay if it is not one value, then every
    /// part's settings, in order. Absent parts (nil) are skipped.
    private func addProjection(kind: String, pre: PopulationSlice, post: Population,
                               parts: [(String, (any ModelDescription)?)], delay: Parameter<TimeDimension>?,
                               label: String?) throws -> Projection {
        for view in [pre.population, post] where view.network !== self {
            throw BrainpyStateError(status: .invalidArgument,
                                    message: "population \(view.id) belongs to another network")
        }
        let parts = parts.compactMap { part, description in description.map { (part, $0) } }
        var desc = bps_projection_desc()
        try check(bps_projection_desc_init(&desc))
        desc.pre = pre.population.id
        desc.pre_start = Int64(pre.range.lowerBound)
        desc.pre_stop = Int64(pre.range.upperBound)
        desc.post = post.id
        var scalarDelay: Time?
        if case .value(let q)? = delay { scalarDelay = q }
        desc.delay = scalarDelay?.value ?? 0
        var id: Int32 = -1
        func model(_ part: String) -> String? { parts.first { $0.0 == part }?.1.modelName }
        let strings = [kind, model("comm"), model("syn"), model("out"), label, scalarDelay?.unit.symbol, model("stp")]
        try withCStrings(strings) { p in
            desc.kind = p[0]
            desc.comm = p[1]
            desc.syn = p[2]
            desc.out = p[3]
            desc.label = p[4]
            desc.delay_unit = p[5]
            desc.stp = p[6]
            try check(bps_projection_new(unsafeHandle, &desc, &id))
        }
        if let delay, scalarDelay == nil {
            try ModelSetting.parameter("delay", delay).apply(to: .projection(unsafeHandle, id, part: "proj"))
        }
        for (part, description) in parts {
            for setting in description.settings {
                try setting.apply(to: .projection(unsafeHandle, id, part: part))
            }
        }
        return Projection(network: self, id: id, postSize: post.size)
    }
}

/// Borrow C strings for the duration of `body` (nil stays NULL).
func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) throws -> R) throws -> R {
    func go(_ k: Int, _ acc: [UnsafePointer<CChar>?]) throws -> R {
        guard k < strings.count else { return try body(acc) }
        guard let s = strings[k] else { return try go(k + 1, acc + [nil]) }
        return try s.withCString { try go(k + 1, acc + [$0]) }
    }
    return try go(0, [])
}

/// brainstate.nn.Linear as a training layer: y = x·W + b over every (step, batch) row at once, one
/// OpenBLAS matrix product for the whole sequence. W is [in, out]; the bias is optional (b_init=None).
final class LinearLayer<F: SimFloat>: TrainLayer<F> {
    private var blas: OpenBLAS?
    /// The last forward's nonzero inputs (events), when the input was mostly zeros (spike trains): the
    /// product then costs one multiply-add per event and output instead of a dense matrix product,
    /// and the weight gradient reuses the list (backward then does not read x). An event is its flat
    /// index row·in + column (below 2^28, the engine's array limit) and its value, in input order.
    private(set) var sparse = false
    private var eventIndex: [Int32] = []
    private var eventValue: [F] = []
    /// The events each worker thread finds in its rows (kept for their capacity).
    private var partEvents: [EventList<F>] = []
    /// rows ones, for the bias gradient as a matrix product (Σ_r gy[r, :]).
    private var ones: [F] = []

    init(inSize: Int, outSize: Int) {
        super.init(kind: "Linear", inSize: inSize, outSize: outSize, settings: [])
        params = [TrainParam("weight", shape: [inSize, outSize], fill: 0, trainable: true),
                  TrainParam("bias", shape: [outSize], fill: 0, trainable: true)]
    }

    /// Drop the bias (brainpy's b_init=None).
    func removeBias() { params.removeAll { $0.name == "bias" } }

    override func prepare(dt: Double) throws(EngineError) { blas = try OpenBLAS.load() }

    /// Whether fewer than one input in ten is nonzero, judged on up to 1024 evenly spaced rows.
    private func mostlyZeros(_ x: UnsafePointer<F>, rows: Int) -> Bool {
        let sampled = min(rows, 1024), stride = max(1, rows / sampled)
        var nonzero = 0
        for s in 0..<sampled {
            let xr = x + s * stride * inSize
            for i in 0..<inSize where xr[i] != 0 { nonzero += 1 }
        }
        return nonzero * 10 < sampled * inSize
    }

    /// y = bias in every row (or 0).
    private func fillBias(_ y: UnsafeMutablePointer<F>, rows: Int) {
        let n = outSize
        guard let bias = param("bias") else { y.update(repeating: 0, count: rows * n); return }
        bias.value.withUnsafeBufferPointer { y.update(from: $0.baseAddress!, count: n) }
        // copy what is filled onto what is not, doubling each time (few long copies, not one per row)
        var filled = n
        while filled < rows * n {
            let more = min(filled, rows * n - filled)
            (y + filled).update(from: y, count: more)
            filled += more
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func forward(_ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>, steps: Int, batch: Int, checkpointEvery: Int) {
        let rows = steps * batch
        fillBias(y, rows: rows)
        sparse = mostlyZeros(x, rows: rows)
        if sparse {
            // a float's sign bit does not make it nonzero
            let signs: UInt64 = MemoryLayout<F>.size == 4 ? 0x8000_0000_8000_0000 : 0x8000_0000_0000_0000
            forwardEvents(x, y, rows: rows, ignoring: signs) { $0 }
        } else {
            params[0].value.withUnsafeBufferPointer { w in
                blas!.gemm(transA: false, transB: false, rows, outSize, inSize, alpha: 1, x, w.baseAddress!, beta: 1, y)
            }
        }
    }

    /// The forward pass from spikes given as bytes (0 or not; the value is the byte), the host's
    /// spike trains as they are: always event-driven, and backward does not read the input.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func forward(spikes x: UnsafePointer<UInt8>, _ y: UnsafeMutablePointer<F>, steps: Int, batch: Int) {
        let rows = steps * batch
        fillBias(y, rows: rows)
        sparse = true
        forwardEvents(x, y, rows: rows, ignoring: 0) { F($0) }
    }

    /// Collect the nonzero inputs as events and add value·W[column, :] to their rows of y (row by row,
    /// columns ascending: the dense product's order of terms).
    @inline(__always)
    private func forwardEvents<T: Equatable & Numeric>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<F>, rows: Int,
                                                        ignoring: UInt64, _ value: @escaping (T) -> F) {
        var index = eventIndex, vals = eventValue
        eventIndex = []; eventValue = []   // local arrays: a class's stored arrays pay an access check per append
        // each thread scans its own rows; their lists, in row order, are the events in input order
        let parts = pool?.count ?? 1, inSize = self.inSize
        if partEvents.count != parts { partEvents = (0..<parts).map { _ in EventList() } }
        let lists = partEvents
        for list in lists { list.clear() }   // a short input runs as one part
        inParallel(rows, align: 1) { range, p in
            let base = range.lowerBound * inSize
            self.nonzeroElements(x + base, count: range.count * inSize, base: base, ignoring: ignoring, into: lists[p], value)
        }
        index.removeAll(keepingCapacity: true)
        vals.removeAll(keepingCapacity: true)
        for list in lists {
            index.append(contentsOf: list.index)
            vals.append(contentsOf: list.value)
        }
        eventIndex = index; eventValue = vals
        let n = outSize
        params[0].value.withUnsafeBufferPointer { wb in
            let w = wb.baseAddress!
            forEachEvent { row, column, v in
                let yr = y + row * n, wi = w + column * n
                for o in 0..<n { yr[o] += v * wi[o] }
            }
        }
    }

    /// body(row, column, value) for every event of the last forward, in order. (A 32-bit division per
    /// event: cheaper than walking the rows, whose unpredictable steps cost a mispredicted branch each.)
    @inline(__always)
    private func forEachEvent(_ body: (Int, Int, F) -> Void) {
        let inSize = UInt32(truncatingIfNeeded: self.inSize)
        eventIndex.withUnsafeBufferPointer { index in
            eventValue.withUnsafeBufferPointer { vals in
                for e in 0..<index.count {
                    let (row, column) = UInt32(bitPattern: index[e]).quotientAndRemainder(dividingBy: inSize)
                    body(Int(row), Int(column), vals[e])
                }
            }
        }
    }

    /// The flat indices and values of the elements with a bit outside `ignoring` set. Read 64 bytes at
    /// a time as words: most blocks of a spike train are all zero; in a word that is not, its set bits
    /// lead to the elements. (Specialised per element type, so the element size is a constant.)
    @inline(__always)
    private func nonzeroElements<T>(_ x: UnsafePointer<T>, count: Int, base: Int, ignoring: UInt64, into list: EventList<F>,
                                    _ value: (T) -> F) {
        // local arrays while appending (a class's stored arrays pay an access check per append); the
        // list lets go of its buffers first, so the locals own them and keep their capacity
        var out = list.index, values = list.value
        list.index = []; list.value = []
        out.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        defer { list.index = out; list.value = values }
        let raw = UnsafeRawPointer(x), size = MemoryLayout<T>.stride
        let perWord = 8 / size, perBlock = 8 * perWord, blocks = count / perBlock, keep = ~ignoring
        for b in 0..<blocks {
            let p = raw + 64 &* b
            var any: UInt64 = 0
            for w in 0..<8 { any |= p.loadUnaligned(fromByteOffset: 8 &* w, as: UInt64.self) }
            guard any & keep != 0 else { continue }
            for w in 0..<8 {
                var bits = p.loadUnaligned(fromByteOffset: 8 &* w, as: UInt64.self) & keep
                while bits != 0 {
                    let k = bits.trailingZeroBitCount / (8 * size)
                    let e = perBlock &* b &+ perWord &* w &+ k
                    out.append(Int32(truncatingIfNeeded: base &+ e))
                    values.append(value(x[e]))   // read while the block is in cache
                    bits &= ~0 << (8 &* size &* (k &+ 1))   // past element k (a shift by 64 or more gives 0)
                }
            }
        }
        for f in (perBlock * blocks)..<count {
            var bits: UInt64 = 0
            withUnsafeMutableBytes(of: &bits) { $0.copyMemory(from: UnsafeRawBufferPointer(start: raw + f * size, count: size)) }
            if bits & keep != 0 {
                out.append(Int32(truncatingIfNeeded: base + f))
                values.append(value(x[f]))
            }
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func backward(_ x: UnsafePointer<F>, _ gy: UnsafePointer<F>, _ gx: UnsafeMutablePointer<F>?,
                           steps: Int, batch: Int) {
        let rows = steps * batch, n = outSize
        params[0].grad.withUnsafeMutableBufferPointer { gwb in
            let gw = gwb.baseAddress!
            if sparse {
                // dW[i, :] += x[r, i]·gy[r, :] over the events
                forEachEvent { row, column, v in
                    let gr = gy + row * n, wr = gw + column * n
                    for o in 0..<n { wr[o] += v * gr[o] }
                }
            } else {
                blas!.gemm(transA: true, transB: false, inSize, n, rows, alpha: 1, x, gy, beta: 1, gw)
            }
        }
        if let bias = param("bias") {
            if ones.count != rows { ones = [F](repeating: 1, count: rows) }
            ones.withUnsafeBufferPointer { one in
                bias.grad.withUnsafeMutableBufferPointer { gb in
                    blas!.gemm(transA: true, transB: false, n, 1, rows, alpha: 1, gy, one.baseAddress!, beta: 1, gb.baseAddress!)
                }
            }
        }
        if let gx {
            params[0].value.withUnsafeBufferPointer { w in
                blas!.gemm(transA: false, transB: true, rows, inSize, n, alpha: 1, gy, w.baseAddress!, beta: 0, gx)
            }
        }
    }
}

/// One worker thread's events (a class, so each thread appends to its own arrays).
final class EventList<F: SimFloat> {
    var index: [Int32] = []
    var value: [F] = []

    func clear() {
        index.removeAll(keepingCapacity: true)
        value.removeAll(keepingCapacity: true)
    }
}

/// LeakyRateReadout(in_size, out_size, tau): r ← decay·r + x·W with decay = exp(−dt/τ) fixed when the
/// network is prepared (brainpy.state computes it once at construction). W is [in, out], trainable.
final class ReadoutLayer<F: SimFloat>: TrainLayer<F> {
    private var blas: OpenBLAS?
    private var decay: F = 0

    init(inSize: Int, outSize: Int) {
        super.init(kind: "LeakyRateReadout", inSize: inSize, outSize: outSize,
                   settings: [LayerSetting("tau", 5, "ms", positive: true)])
        params = [TrainParam("weight", shape: [inSize, outSize], fill: 0, trainable: true)]
    }

    override func prepare(dt: Double) throws(EngineError) {
        blas = try OpenBLAS.load()
        decay = F(MathC.exp(-dt / setting("tau")))
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func forward(_ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>, steps: Int, batch: Int, checkpointEvery: Int) {
        let count = batch * outSize
        params[0].value.withUnsafeBufferPointer { w in
            blas!.gemm(transA: false, transB: false, steps * batch, outSize, inSize, alpha: 1, x, w.baseAddress!, beta: 0, y)
        }
        // r_t = decay·r_{t−1} + u_t, in place over the products u
        for t in 1..<max(1, steps) {
            for i in 0..<count { y[t * count + i] += decay * y[(t - 1) * count + i] }
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func backward(_ x: UnsafePointer<F>, _ gy: UnsafePointer<F>, _ gx: UnsafeMutablePointer<F>?,
                           steps: Int, batch: Int) {
        let count = batch * outSize
        // dL/du_t = λ_t = gy_t + decay·λ_{t+1}
        var gu = [F](repeating: 0, count: steps * count)
        gu.withUnsafeMutableBufferPointer { g in
            let gp = g.baseAddress!
            for t in stride(from: steps - 1, through: 0, by: -1) {
                for i in 0..<count {
                    gp[t * count + i] = gy[t * count + i] + (t + 1 < steps ? decay * gp[(t + 1) * count + i] : 0)
                }
            }
            params[0].grad.withUnsafeMutableBufferPointer { gw in
                blas!.gemm(transA: true, transB: false, inSize, outSize, steps * batch, alpha: 1, x, gp, beta: 1, gw.baseAddress!)
            }
            if let gx {
                params[0].value.withUnsafeBufferPointer { w in
                    blas!.gemm(transA: false, transB: true, steps * batch, inSize, outSize, alpha: 1, gp, w.baseAddress!, beta: 0, gx)
                }
            }
        }
    }
}

/// brainstate.nn.SparseLinear as a training layer: explicit connectivity (synapse k joins input
/// pre[k] to output post[k]) with one trainable weight per synapse, y[post] += x[pre]·w. It makes a
/// simulator connectivity (SparseLinear, or EventFixedProb's drawn indices) trainable.
final class SparseLinearLayer<F: SimFloat>: TrainLayer<F> {
    private(set) var pre: [Int] = []
    private(set) var post: [Int] = []

    init(inSize: Int, outSize: Int) {
        super.init(kind: "SparseLinear", inSize: inSize, outSize: outSize, settings: [])
        params = [TrainParam("weight", shape: [0], fill: 0, trainable: true)]
    }

    /// Define the synapses; their weights start at 0 (set or initialise "weight" next).
    func connect(pre: [Int], post: [Int]) throws(EngineError) {
        guard pre.count == post.count else { throw EngineError.range("SparseLinear: \(pre.count) pre indices, \(post.count) post indices") }
        guard pre.count <= SequentialEngine<F>.maxElements else {
            throw EngineError.range("SparseLinear: \(pre.count) connections, at most \(SequentialEngine<F>.maxElements)")
        }
        if let k = pre.indices.first(where: { pre[$0] < 0 || pre[$0] >= inSize || post[$0] < 0 || post[$0] >= outSize }) {
            throw EngineError.range("SparseLinear: synapse \(k) joins \(pre[k]) → \(post[k]), outside \(inSize) × \(outSize)")
        }
        self.pre = pre
        self.post = post
        let trainable = params[0].trainable
        params = [TrainParam("weight", shape: [pre.count], fill: 0, trainable: trainable)]
    }

    override func prepare(dt: Double) throws(EngineError) {
        guard !pre.isEmpty else { throw EngineError.state("SparseLinear: no connections (set them before running)") }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func forward(_ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>, steps: Int, batch: Int, checkpointEvery: Int) {
        let w = params[0].value, pre = self.pre, post = self.post
        y.update(repeating: 0, count: steps * batch * outSize)
        for r in 0..<(steps * batch) {
            let xr = x + r * inSize, yr = y + r * outSize
            for k in pre.indices { yr[post[k]] += xr[pre[k]] * w[k] }
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func backward(_ x: UnsafePointer<F>, _ gy: UnsafePointer<F>, _ gx: UnsafeMutablePointer<F>?,
                           steps: Int, batch: Int) {
        let p = params[0], w = p.value, pre = self.pre, post = self.post
        var dw = [F](repeating: 0, count: pre.count)
        gx?.update(repeating: 0, count: steps * batch * inSize)
        for r in 0..<(steps * batch) {
            let xr = x + r * inSize, gr = gy + r * outSize
            for k in pre.indices {
                let g = gr[post[k]]
                dw[k] += xr[pre[k]] * g
                if let gx { gx[r * inSize + pre[k]] += w[k] * g }
            }
        }
        for k in pre.indices { p.grad[k] += dw[k] }
    }
}

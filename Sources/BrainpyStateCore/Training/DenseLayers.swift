/// brainstate.nn.Linear as a training layer: y = x·W + b over every (step, batch) row at once, one
/// OpenBLAS matrix product for the whole sequence (events for spike trains, loops for narrow layers).
/// W is [in, out]; the bias is optional (b_init=None).
final class LinearLayer<F: SimFloat>: TrainLayer<F> {
    private var blas: OpenBLAS?
    /// The last forward's nonzero inputs (events), when the input was mostly zeros (spike trains): the
    /// product then costs one multiply-add per event and output instead of a dense matrix product,
    /// and the weight gradient reuses the list (backward then does not read x). An event is its flat
    /// index row·in + column (below 2^28, the engine's array limit) and its value; each worker thread
    /// finds the events of its own rows, so the lists in order are the events in input order, and
    /// (when there are worker threads) buckets them by column for the weight gradient.
    private(set) var sparse = false
    private var partEvents: [EventList<F>] = []
    /// W's columns four inputs per vector, for a narrow layer's dL/dx (kept between calls).
    private let packedColumns = TrainBuffer<F>(count: 0)

    init(inSize: Int, outSize: Int) {
        super.init(kind: "Linear", inSize: inSize, outSize: outSize, settings: [])
        params = [TrainParam("weight", shape: [inSize, outSize], fill: 0, trainable: true),
                  TrainParam("bias", shape: [outSize], fill: 0, trainable: true)]
    }

    /// Drop the bias (brainpy's b_init=None).
    func removeBias() { params.removeAll { $0.name == "bias" } }

    /// Narrow layers never call OpenBLAS (their products are loops), so they do not load it: loading
    /// starts its thread pool, which then stays for the life of the host process.
    override func prepare(dt: Double) throws(EngineError) {
        if !multipliesWithLoops { blas = try OpenBLAS.load() }
    }

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

    /// y = bias in `rows` (or 0).
    private func fillBias(_ y: UnsafeMutablePointer<F>, rows: Range<Int>) {
        let n = outSize, start = y + rows.lowerBound * n, total = rows.count * n
        guard total > 0 else { return }
        guard let bias = param("bias") else { start.update(repeating: 0, count: total); return }
        bias.value.withUnsafeBufferPointer { start.update(from: $0.baseAddress!, count: n) }
        // copy what is filled onto what is not, doubling each time (few long copies, not one per row)
        var filled = n
        while filled < total {
            let more = min(filled, total - filled)
            (start + filled).update(from: start, count: more)
            filled += more
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func forward(_ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>, steps: Int, batch: Int, checkpointEvery: Int) {
        let rows = steps * batch
        sparse = mostlyZeros(x, rows: rows)
        if sparse {
            forwardEvents(x, y, rows: rows) { $0 }
        } else {
            fillBias(y, rows: 0..<rows)
            params[0].value.withUnsafeBufferPointer { wb in
                let w = wb.baseAddress!, n = outSize, inSize = self.inSize
                if multipliesWithLoops {
                    for r in 0..<rows {
                        let xr = x + r * inSize, yr = y + r * n
                        for i in 0..<inSize {
                            let v = xr[i], wi = w + i * n
                            addScaled(n, v, wi, into: yr)
                        }
                    }
                } else {
                    blas!.gemm(transA: false, transB: false, rows, n, inSize, alpha: 1, x, w, beta: 1, y)
                }
            }
        }
    }

    /// The forward pass from spikes given as bytes (0 or not; the value is the byte), the host's
    /// spike trains as they are: always event-driven, and backward does not read the input.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func forward(spikes x: UnsafePointer<UInt8>, _ y: UnsafeMutablePointer<F>, steps: Int, batch: Int) {
        let rows = steps * batch
        sparse = true
        forwardEvents(x, y, rows: rows) { F($0) }
    }

    /// y = bias, then collect the nonzero inputs as events and add value·W[column, :] to their rows
    /// of y (row by row, columns ascending: the dense product's order of terms). Each worker thread
    /// fills and scans its own rows and adds its own events, so every row of y is written by one
    /// thread in the same order.
    @inline(__always)
    private func forwardEvents<T>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<F>, rows: Int,
                                  _ value: @escaping (T) -> F) {
        let parts = pool?.count ?? 1, inSize = self.inSize, n = outSize
        if partEvents.count != parts { partEvents = (0..<parts).map { _ in EventList() } }
        let lists = partEvents
        for list in lists { list.count = 0 }   // a short input runs as one part
        params[0].value.withUnsafeBufferPointer { wb in
            let w = wb.baseAddress!
            inParallel(rows, align: 1) { range, p in
                self.fillBias(y, rows: range)
                let base = range.lowerBound * inSize
                let list = lists[p]
                list.collect(x + base, count: range.count * inSize, base: base, value)
                let rowOf = RowDivider(inSize), index = list.index, values = list.value
                for e in 0..<list.count {
                    let (row, column) = rowOf.split(UInt32(bitPattern: index[e]))
                    let v = values[e], yr = y + row * n, wi = w + column * n
                    addScaled(n, v, wi, into: yr)
                }
                // for the weight gradient split by columns among the threads (one thread walks the
                // events as they are)
                if self.pool != nil { list.byColumn(inSize: inSize) }
            }
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func backward(_ x: UnsafePointer<F>, _ gy: UnsafePointer<F>, _ gx: UnsafeMutablePointer<F>?,
                           steps: Int, batch: Int) {
        let rows = steps * batch, n = outSize, inSize = self.inSize, sparse = self.sparse, lists = partEvents
        let small = multipliesWithLoops
        params[0].grad.withUnsafeMutableBufferPointer { gwb in
            let gw = gwb.baseAddress!
            if sparse && pool == nil {
                // one thread: dW[i, :] += x[r, i]·gy[r, :] for every event in input order (the order
                // of the column buckets' sums), gy read row after row
                let rowOf = RowDivider(inSize)
                for list in lists {
                    let index = list.index, values = list.value
                    for e in 0..<list.count {
                        let (row, column) = rowOf.split(UInt32(bitPattern: index[e]))
                        let v = values[e], gr = gy + row * n, wr = gw + column * n
                        addScaled(n, v, gr, into: wr)
                    }
                }
            } else if sparse || small {
                // Each thread adds the terms of its own rows i of dW (input columns), every event or
                // row in input order: the same sums in the same order for any number of threads.
                inParallel(inSize, align: 1) { columns, _ in
                    if sparse {
                        // dW[i, :] += x[r, i]·gy[r, :] over the events of column i (each list's, in
                        // order: the events in input order)
                        for list in lists where list.count > 0 {   // (a short input ran as one part)
                            let rowsOf = list.columnRow, values = list.columnValue
                            list.columnStart.withUnsafeBufferPointer { start in
                                for i in columns {
                                    let wr = gw + i * n, events = start[i]..<start[i + 1]
                                    guard n % 4 == 0 else {
                                        for e in events {
                                            let v = values[e], gr = gy + Int(rowsOf[e]) * n
                                            addScaled(n, v, gr, into: wr)
                                        }
                                        continue
                                    }
                                    // four outputs at a time summed in a register, stored once
                                    // per column (same terms, same order)
                                    for o in stride(from: 0, to: n, by: 4) {
                                        var sum = UnsafeRawPointer(wr + o).loadUnaligned(as: SIMD4<F>.self)
                                        for e in events {
                                            let g = UnsafeRawPointer(gy + Int(rowsOf[e]) * n + o).loadUnaligned(as: SIMD4<F>.self)
                                            sum += values[e] * g
                                        }
                                        UnsafeMutableRawPointer(wr + o).storeBytes(of: sum, as: SIMD4<F>.self)
                                    }
                                }
                            }
                        }
                    } else {
                        for r in 0..<rows {
                            let xr = x + r * inSize, gr = gy + r * n
                            for i in columns {
                                let v = xr[i], wr = gw + i * n
                                addScaled(n, v, gr, into: wr)
                            }
                        }
                    }
                }
            } else {
                blas!.gemm(transA: true, transB: false, inSize, n, rows, alpha: 1, x, gy, beta: 1, gw)
            }
        }
        if let bias = param("bias") {
            // db = Σ_r gy[r, :] (a loop: a matrix product with a column of ones made OpenBLAS start
            // its threads for a few hundred thousand additions), into the zeroed gradient
            bias.grad.withUnsafeMutableBufferPointer { g in Self.columnSums(gy, rows: rows, n, into: g.baseAddress!) }
        }
        if let gx {
            params[0].value.withUnsafeBufferPointer { wb in
                let w = wb.baseAddress!
                if small {
                    // gx[r, i] = Σ_o gy[r, o]·W[i, o] (o ascending), four inputs i at a time: W's
                    // columns packed four inputs per vector (zeros past inSize), each row's sums in
                    // a register (element by element, the loop's overhead was most of its cost).
                    // The threads split the batch rows, as the element layer that reads gx next
                    // splits its elements, so each writes what it reads.
                    let chunks = (inSize + 3) / 4
                    packedColumns.resize(n * chunks * 4)
                    let packed = packedColumns.pointer
                    for o in 0..<n {
                        for i in 0..<(chunks * 4) { packed[o * chunks * 4 + i] = i < inSize ? w[i * n + o] : 0 }
                    }
                    let raw = UnsafeRawPointer(packed), vector = 4 * MemoryLayout<F>.stride
                    inParallel(batch, align: 1) { batchRows, _ in
                        for t in 0..<steps {
                            for b in batchRows {
                                let r = t * batch + b
                                let gr = gy + r * n, xr = gx + r * inSize
                                for c in 0..<chunks {
                                    var sum = SIMD4(repeating: gr[0]) * raw.loadUnaligned(fromByteOffset: c * vector, as: SIMD4<F>.self)
                                    for o in 1..<n {
                                        sum += SIMD4(repeating: gr[o])
                                            * raw.loadUnaligned(fromByteOffset: (o * chunks + c) * vector, as: SIMD4<F>.self)
                                    }
                                    if 4 * c + 4 <= inSize {
                                        UnsafeMutableRawPointer(xr + 4 * c).storeBytes(of: sum, as: SIMD4<F>.self)
                                    } else {
                                        for l in 0..<(inSize - 4 * c) { xr[4 * c + l] = sum[l] }
                                    }
                                }
                            }
                        }
                    }
                } else {
                    blas!.gemm(transA: false, transB: true, rows, inSize, n, alpha: 1, gy, w, beta: 0, gx)
                }
            }
        }
    }

    /// sums[o] += Σ_r y[r, o] for rows × n values. When n divides 16, sixteen consecutive values at a
    /// time (whole rows) go into one vector of partial sums, folded at the end; otherwise row by row.
    @inline(__always)
    static func columnSums(_ y: UnsafePointer<F>, rows: Int, _ n: Int, into sums: UnsafeMutablePointer<F>) {
        var firstRow = 0
        if 16 % n == 0 {
            var lanes = SIMD16<F>()
            let raw = UnsafeRawPointer(y), chunks = rows * n / 16
            for c in 0..<chunks { lanes += raw.loadUnaligned(fromByteOffset: c * 16 * MemoryLayout<F>.stride, as: SIMD16<F>.self) }
            for l in 0..<16 { sums[l % n] += lanes[l] }
            firstRow = chunks * 16 / n
        }
        for r in firstRow..<rows {
            let yr = y + r * n
            for o in 0..<n { sums[o] += yr[o] }
        }
    }

    /// Weights up to which the products are plain loops: OpenBLAS's setup and threads cost more than
    /// the products of the narrow layers of small spiking networks (4 → 2 in example 200).
    private static var smallProduct: Int { 64 }
    /// Whether this layer's products are loops (and OpenBLAS is neither loaded nor called).
    private var multipliesWithLoops: Bool { inSize * outSize <= Self.smallProduct }
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

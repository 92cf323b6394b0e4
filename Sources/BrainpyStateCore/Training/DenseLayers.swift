/// brainstate.nn.Linear as a training layer: y = x·W + b over every (step, batch) row at once, one
/// OpenBLAS matrix product for the whole sequence. W is [in, out]; the bias is optional (b_init=None).
final class LinearLayer<F: SimFloat>: TrainLayer<F> {
    private var blas: OpenBLAS?
    /// The last forward's nonzero inputs, row by row, when the input was mostly zeros (spike trains):
    /// the product then costs one multiply-add per spike and output instead of a dense matrix product,
    /// and the weight gradient reuses the list.
    private var sparse = false
    private var rowStart: [Int] = []
    private var columns: [Int32] = []
    private var values: [F] = []

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

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func forward(_ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>, steps: Int, batch: Int, checkpointEvery: Int) {
        let rows = steps * batch, n = outSize, inSize = self.inSize
        if let bias = param("bias") {
            bias.value.withUnsafeBufferPointer { b in
                for r in 0..<rows { (y + r * n).update(from: b.baseAddress!, count: n) }
            }
        } else {
            y.update(repeating: 0, count: rows * n)
        }
        sparse = mostlyZeros(x, rows: rows)
        guard sparse else {
            params[0].value.withUnsafeBufferPointer { w in
                blas!.gemm(transA: false, transB: false, rows, n, inSize, alpha: 1, x, w.baseAddress!, beta: 1, y)
            }
            return
        }
        // fill local arrays (a class's stored arrays pay an access check on every append), then keep them
        var starts = rowStart, cols = columns, vals = values
        rowStart = []; columns = []; values = []
        starts.removeAll(keepingCapacity: true)
        cols.removeAll(keepingCapacity: true)
        vals.removeAll(keepingCapacity: true)
        starts.reserveCapacity(rows + 1)
        params[0].value.withUnsafeBufferPointer { wb in
            let w = wb.baseAddress!
            let chunks = inSize / laneCount, zero = Lanes<F>(repeating: 0)
            for r in 0..<rows {
                starts.append(cols.count)
                let xr = x + r * inSize, yr = y + r * n
                func add(_ i: Int) {
                    let v = xr[i], wi = w + i * n
                    cols.append(Int32(i))
                    vals.append(v)
                    for o in 0..<n { yr[o] += v * wi[o] }
                }
                // a lane block at a time (the concrete lane operations: generic SIMD compares are
                // per-lane loops): most blocks of a spike train are all zero
                for c in 0..<chunks {
                    let block = UnsafeRawPointer(xr + laneCount * c).loadUnaligned(as: Lanes<F>.self)
                    let magnitude = F.lanes(block, replacedBy: -block, where: F.lanes(block, less: zero))
                    guard F.any(F.lanes(zero, less: magnitude)) else { continue }
                    for i in (laneCount * c)..<(laneCount * (c + 1)) where xr[i] != 0 { add(i) }
                }
                for i in (laneCount * chunks)..<inSize where xr[i] != 0 { add(i) }
            }
        }
        starts.append(cols.count)
        rowStart = starts; columns = cols; values = vals
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func backward(_ x: UnsafePointer<F>, _ gy: UnsafePointer<F>, _ gx: UnsafeMutablePointer<F>?,
                           steps: Int, batch: Int) {
        let rows = steps * batch, n = outSize
        params[0].grad.withUnsafeMutableBufferPointer { gwb in
            let gw = gwb.baseAddress!
            if sparse {
                // dW[i, :] += x[r, i]·gy[r, :] over the nonzero inputs
                let starts = rowStart, cols = columns, vals = values
                for r in 0..<rows {
                    let gr = gy + r * n
                    for k in starts[r]..<starts[r + 1] {
                        let row = gw + Int(cols[k]) * n, v = vals[k]
                        for o in 0..<n { row[o] += v * gr[o] }
                    }
                }
            } else {
                blas!.gemm(transA: true, transB: false, inSize, n, rows, alpha: 1, x, gy, beta: 1, gw)
            }
        }
        if let bias = param("bias") {
            var sum = [F](repeating: 0, count: n)
            for r in 0..<rows { for o in 0..<n { sum[o] += gy[r * n + o] } }
            for o in 0..<n { bias.grad[o] += sum[o] }
        }
        if let gx {
            params[0].value.withUnsafeBufferPointer { w in
                blas!.gemm(transA: false, transB: true, rows, inSize, n, alpha: 1, gy, w.baseAddress!, beta: 0, gx)
            }
        }
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

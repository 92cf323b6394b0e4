internal import BrainpyStateAVX512

extension LIFPopulation {
    /// The step of neurons [lo, hi) through BrainpyStateAVX512 (the same kernel source compiled for
    /// AVX-512). Only called with `usesAVX512` set, which requires the CPU.
    func stepAVX512(_ lo: Int, _ hi: Int, _ drive: DriveChoice<F>, _ cols: LIFColumns<F>, t: F, dt: F,
                    blocks: UnsafeMutablePointer<UInt16>) {
        if F.self == Float.self {
            LIFStepAVX512.step(arguments(Float.self, lo, hi, drive, cols, t: t, dt: dt, blocks: blocks))
        } else {
            LIFStepAVX512.step(arguments(Double.self, lo, hi, drive, cols, t: t, dt: dt, blocks: blocks))
        }
    }

    /// The arguments with F spelled as T (the same type: Float or Double, as the caller tested).
    @inline(__always)
    private func arguments<T>(_: T.Type, _ lo: Int, _ hi: Int, _ drive: DriveChoice<F>, _ cols: LIFColumns<F>,
                              t: F, dt: F, blocks: UnsafeMutablePointer<UInt16>) -> LIFStepArguments<T> {
        @inline(__always) func v(_ x: F) -> T { unsafeBitCast(x, to: T.self) }
        @inline(__always) func m(_ p: UnsafeMutablePointer<F>) -> UnsafeMutablePointer<T> {
            UnsafeMutableRawPointer(p).assumingMemoryBound(to: T.self)
        }
        @inline(__always) func r(_ p: UnsafePointer<F>) -> UnsafePointer<T> {
            UnsafeRawPointer(p).assumingMemoryBound(to: T.self)
        }
        @inline(__always) func fused(_ f: FusedChannel<F>?)
            -> (g: UnsafeMutablePointer<T>, pending: UnsafeMutablePointer<T>, step: T, invTau: T, factor: T)? {
            guard let f else { return nil }
            return (m(f.g), m(f.pending), v(f.constants.step), v(f.constants.invTau), v(f.constants.factor))
        }
        let c = core
        var first: FusedChannel<F>?, second: FusedChannel<F>?
        var summed: (G: UnsafePointer<T>, GE: UnsafePointer<T>, iSyn: UnsafePointer<T>)?
        switch drive {
        case .fused(let a, let b): (first, second) = (a, b)
        case .summed(let d): summed = (r(d.G), r(d.GE), r(d.iSyn))
        case .none, .blocked: break  // .blocked never comes here (LIFPopulation.step)
        }
        let k = uniform.map { (v($0.R), v($0.invTau), v($0.vTh), v($0.vReset), v($0.vRest), v($0.tauRef), v($0.invDen)) }
        let p = perNeuron
        return (lo: lo, hi: hi, uniform: k,
                perNeuron: (r(p.R), r(p.invTau), r(p.vTh), r(p.vReset), r(p.vRest), r(p.tauRef), r(p.invDen)),
                columns: (m(cols.V), m(cols.lastSpikeTime), r(cols.iExternal), r(cols.iOnce), r(cols.deltaOnce)),
                uniformExternal: cols.uniformExternal.map(v),
                first: fused(first), second: fused(second),
                summed: summed,
                t: v(t), dt: v(dt), refractory: hasRefractory, hardReset: hardReset, useOnce: c.hasOnce,
                useDelta: c.deltaActive, blocks: blocks)
    }
}

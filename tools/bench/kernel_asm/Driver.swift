// Instantiates the LIF kernel the way the COBA benchmark runs it (LIFRef, homogeneous constants with
// the crossing spike test, two fused COBA channels, float32), so that run.sh can count the
// instructions of its block loop. Not part of the library.

@inline(never)
func cobaStep(_ lo: Int, _ hi: Int, k: LIFConstants<Float>, perNeuron: PerNeuronLIF<Float>,
              drive: FusedCOBAPair<Float>, c: LIFColumns<Float>, t: Float, dt: Float,
              options: (hardReset: Bool, useOnce: Bool, useDelta: Bool), blocks: UnsafeMutablePointer<UInt16>) {
    lifStep(lo, hi, uniform: k, perNeuron: perNeuron, refractory: true, drive, c, t: t, dt: dt,
            hardReset: options.hardReset, useOnce: options.useOnce, useDelta: options.useDelta, blocks: blocks)
}

/// Keeps cobaStep alive in a whole-module build; its arguments come from the caller.
public func kernelEntry(_ p: [UnsafeMutablePointer<Float>], _ s: [Float], flags: [Bool],
                        blocks: UnsafeMutablePointer<UInt16>) {
    let k = LIFConstants<Float>(R: s[0], invTau: s[1], vTh: s[2], vReset: s[3], vRest: s[4], tauRef: s[5],
                                invDen: s[6])
    let drive = FusedCOBAPair(first: FusedCOBA(g: p[6], pending: p[7], (s[7], s[8], s[9])),
                              second: FusedCOBA(g: p[8], pending: p[9], (s[10], s[11], s[12])))
    let c = LIFColumns(V: p[0], lastSpikeTime: p[1], iExternal: p[3], uniformExternal: flags[3] ? s[16] : nil,
                       iOnce: p[4], deltaOnce: p[5])
    let perNeuron = PerNeuronLIF<Float>(R: p[10], invTau: p[11], vTh: p[12], vReset: p[13], vRest: p[14],
                                        tauRef: p[15], invDen: p[16])
    cobaStep(0, Int(s[13]), k: k, perNeuron: perNeuron, drive: drive, c: c, t: s[14], dt: s[15],
             options: (flags[0], flags[1], flags[2]), blocks: blocks)
}

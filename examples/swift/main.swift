// coba-swift: brainpy.state's example 103 (COBA E/I network) through the Swift API.
//
//   4000 LIFRef neurons, 3200 excitatory and 800 inhibitory; V_rest -60, V_th -50, V_reset -60 mV,
//   tau 20 ms, tau_ref 5 ms, V ~ Normal(-55, 2) mV; EventFixedProb with conn_prob 0.02 (out-degree 80,
//   kept at 80 when --neurons changes), weights 0.6 mS (E: Expon 5 ms, COBA E = 0 mV) and 6.7 mS
//   (I: Expon 10 ms, COBA E = -80 mV); persistent input 20 mA; dt 0.1 ms; 1000 ms.
//
// Options: --weights example|brette (brette = x1000), --duration MS, --neurons N, --seed S,
//          --precision 32|64, --threads T (0 = all cores).
// The last line of the output is `RESULT {json}` for scripts.
import BrainpyState
import Glibc

struct Options {
    var weights = "example"
    var durationMs = 1000.0
    var neurons = 4000
    var seed: UInt64 = 42
    var precision = Precision.float32
    var threads = 0
}

func fail(_ message: String) -> Never {
    let line = "coba-swift: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }   // stderr (the C global is not concurrency-safe)
    exit(2)
}

func parse(_ args: [String]) -> Options {
    var o = Options()
    var k = 0
    func value() -> String {
        k += 1
        guard k < args.count else { fail("\(args[k - 1]) needs a value") }
        return args[k]
    }
    while k < args.count {
        switch args[k] {
        case "--weights":
            o.weights = value()
            guard ["example", "brette"].contains(o.weights) else { fail("--weights must be example or brette") }
        case "--duration":
            guard let d = Double(value()), d >= 0 else { fail("--duration needs a time in ms >= 0") }
            o.durationMs = d
        case "--neurons":
            guard let n = Int(value()), n >= 5 else { fail("--neurons needs an integer >= 5") }
            o.neurons = n
        case "--seed":
            guard let s = UInt64(value()) else { fail("--seed needs an unsigned integer") }
            o.seed = s
        case "--precision":
            switch value() {
            case "32": o.precision = .float32
            case "64": o.precision = .float64
            default: fail("--precision must be 32 or 64")
            }
        case "--threads":
            guard let t = Int(value()), t >= 0 else { fail("--threads needs an integer >= 0") }
            o.threads = t
        case "-h", "--help":
            print("usage: coba-swift [--weights example|brette] [--duration MS] [--neurons N] [--seed S] "
                  + "[--precision 32|64] [--threads T]")
            exit(0)
        default:
            fail("unknown option \(args[k]) (see --help)")
        }
        k += 1
    }
    return o
}

/// Seconds on the monotonic clock.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// The connection probability that gives an out-degree of exactly 80 (int(n * p) == 80).
func probability(outDegree k: Int, n: Int) -> Double {
    var p = Double(k) / Double(n)
    while (Double(n) * p).rounded(.down) < Double(k) { p = p.nextUp }
    return p
}

func format(_ x: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (x * scale).rounded() / scale
    return "\(r)"
}

func main() throws {
    let o = parse(Array(CommandLine.arguments.dropFirst()))
    let scale = o.weights == "brette" ? 1000.0 : 1.0
    let n = o.neurons
    let nExc = n * 4 / 5
    let p = probability(outDegree: 80, n: n)

    let net = try Network(dt: 0.1.ms, seed: o.seed, precision: o.precision, threads: o.threads)
    let N = try net.add(LIFRef(n, tau: 20.ms, tau_ref: 5.ms, V_th: -50.mV, V_reset: -60.mV, V_rest: -60.mV,
                               V_initializer: .normal(mean: -55.mV, std: 2.mV)))
    try net.add(AlignPostProj(pre: N[0..<nExc], comm: EventFixedProb(connProb: p, connWeight: 0.6.mS * scale, seed: 1),
                              syn: Expon(tau: 5.ms), out: COBA(E: 0.mV), post: N))
    try net.add(AlignPostProj(pre: N[nExc...], comm: EventFixedProb(connProb: p, connWeight: 6.7.mS * scale, seed: 2),
                              syn: Expon(tau: 10.ms), out: COBA(E: -80.mV), post: N))
    try N.addCurrentInput("ext", 20.mA)
    let spikes = try net.monitorSpikes(N)

    let t0 = now()
    try net.compile()
    let t1 = now()
    try net.run(o.durationMs.ms)
    let t2 = now()

    let (_, neurons) = try spikes.events()
    let nE = neurons.lazy.filter { $0 < nExc }.count
    let nI = neurons.count - nE
    let seconds = o.durationMs / 1000
    let rateE = seconds > 0 ? Double(nE) / Double(nExc) / seconds : 0
    let rateI = seconds > 0 ? Double(nI) / Double(n - nExc) / seconds : 0
    let threads = try net.threads

    print("COBA example 103: \(n) LIFRef (\(nExc) E, \(n - nExc) I), weights \(o.weights), "
          + "\(o.durationMs) ms, float\(o.precision.rawValue), \(threads) thread(s), seed \(o.seed)")
    print("  E rate: \(format(rateE, 3)) Hz   I rate: \(format(rateI, 3)) Hz   (\(neurons.count) spikes)")
    print("  compile: \(format(t1 - t0, 4)) s   run: \(format(t2 - t1, 4)) s")
    print("RESULT {\"E_rate_Hz\": \(rateE), \"I_rate_Hz\": \(rateI), \"run_s\": \(t2 - t1), "
          + "\"compile_s\": \(t1 - t0), \"threads\": \(threads)}")
}

do {
    try main()
} catch {
    fail("\(error)")
}

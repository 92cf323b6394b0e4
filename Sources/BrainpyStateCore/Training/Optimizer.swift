/// The optimizers of braintools.optim that training needs, with its update formulas and defaults
/// (spec §7.7). One step runs the reference's chain: clip by global norm → clip by value → coupled
/// L2 (g + wd·p) → the algorithm's scaling → decoupled decay (AdamW) → p ← p − lr·u.
public final class Optimizer<F: SimFloat> {
    public enum Kind: String, Sendable, CaseIterable {
        case sgd = "SGD", momentum = "Momentum", momentumNesterov = "MomentumNesterov"
        case adam = "Adam", adamW = "AdamW", rmsprop = "RMSprop"

        var defaults: [String: Double] {
            let clip: [String: Double] = ["grad_clip_norm": 0, "grad_clip_value": 0]
            switch self {
            case .sgd: return clip.merging(["lr": 1e-3, "momentum": 0, "weight_decay": 0, "nesterov": 0]) { $1 }
            case .momentum, .momentumNesterov: return clip.merging(["lr": 1e-3, "momentum": 0.9, "weight_decay": 0]) { $1 }
            case .adam: return clip.merging(["lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0, "amsgrad": 0]) { $1 }
            case .adamW: return clip.merging(["lr": 1e-3, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01, "amsgrad": 0]) { $1 }
            case .rmsprop: return clip.merging(["lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "momentum": 0, "centered": 0, "weight_decay": 0]) { $1 }
            }
        }
    }

    public let kind: Kind
    let settings: [String: Double]
    public var scheduler: LRScheduler
    public private(set) var stepCount = 0
    /// Per parameter: first and second moments, Adam's running maximum, RMSprop's mean, momentum buffer.
    private var m: [[F]], v: [[F]], vMax: [[F]], mean: [[F]], buffer: [[F]]
    let params: [TrainParam<F>]

    public init(named name: String, keys: [String], values: [Double], params: [TrainParam<F>]) throws(EngineError) {
        guard let kind = Kind(rawValue: name) else {
            throw EngineError.unknown("unknown optimizer '\(name)' (\(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var s = kind.defaults
        for (k, value) in zip(keys, values) {
            guard s[k] != nil else {
                throw EngineError.unknown("\(name) has no argument '\(k)' (it has: \(s.keys.sorted().joined(separator: ", ")))")
            }
            guard value.isFinite, value >= 0 else { throw EngineError.invalid("\(name).\(k) must be finite and ≥ 0, got \(value)") }
            s[k] = value
        }
        for k in ["beta1", "beta2", "alpha"] where s[k] != nil && !(s[k]! < 1) {
            throw EngineError.invalid("\(name).\(k) must be below 1, got \(s[k]!)")
        }
        self.kind = kind
        self.settings = s
        self.scheduler = LRScheduler(kind: .constant, baseLR: s["lr"]!)
        self.params = params
        let zeros = params.map { [F](repeating: 0, count: $0.count) }
        m = zeros; v = zeros; vMax = zeros; mean = zeros; buffer = zeros
    }

    public var lr: Double { scheduler.lr }

    /// p ← p + update(grad) for every registered parameter, from the gradients they hold.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    public func step() throws(EngineError) {
        let s = settings
        var scale = 1.0
        if let norm = s["grad_clip_norm"], norm > 0 {
            var sum = 0.0
            for p in params { for g in p.grad { sum += Double(g) * Double(g) } }
            let global = sum.squareRoot()
            if global >= norm { scale = norm / global }
        }
        let clip = F(s["grad_clip_value"] ?? 0)
        let lr = F(scheduler.lr), wd = F(s["weight_decay"] ?? 0)
        let t = stepCount + 1
        // the settings as scalars, read once per step (a dictionary lookup per element dominated steps)
        let mu = F(s["momentum"] ?? 0), nesterov = kind == .momentumNesterov || s["nesterov"] == 1
        let b1 = F(s["beta1"] ?? 0), b2 = F(s["beta2"] ?? 0), eps = F(s["eps"] ?? 0), alpha = F(s["alpha"] ?? 0)
        let amsgrad = s["amsgrad"] == 1, centered = s["centered"] == 1
        let correction1 = 1 - F(MathC.pow(Double(b1), Double(t))), correction2 = 1 - F(MathC.pow(Double(b2), Double(t)))
        // work on copies so that a refused step leaves parameters and moments as they were
        var m = self.m, v = self.v, vMax = self.vMax, mean = self.mean, buffer = self.buffer
        var updated: [[F]] = []
        for (pi, p) in params.enumerated() {
            var next = p.value
            for i in 0..<p.count {
                var g = p.grad[i]
                if scale != 1 { g = F(Double(g) * scale) }
                if clip > 0 { g = Swift.min(Swift.max(g, -clip), clip) }
                let x = p.value[i]
                if kind != .adamW { g += wd * x }
                let u: F
                switch kind {
                case .sgd, .momentum, .momentumNesterov:
                    if mu > 0 {
                        buffer[pi][i] = g + mu * buffer[pi][i]
                        u = nesterov ? g + mu * buffer[pi][i] : buffer[pi][i]
                    } else {
                        u = g
                    }
                case .adam, .adamW:
                    m[pi][i] = b1 * m[pi][i] + (1 - b1) * g
                    v[pi][i] = b2 * v[pi][i] + (1 - b2) * g * g
                    let mHat = m[pi][i] / correction1
                    var vHat = v[pi][i] / correction2
                    if amsgrad {
                        vMax[pi][i] = Swift.max(vMax[pi][i], vHat)
                        vHat = vMax[pi][i]
                    }
                    let adam = mHat / (vHat.squareRoot() + eps)
                    u = kind == .adamW ? adam + wd * x : adam
                case .rmsprop:
                    v[pi][i] = alpha * v[pi][i] + (1 - alpha) * g * g
                    var denom = v[pi][i]
                    if centered {
                        mean[pi][i] = alpha * mean[pi][i] + (1 - alpha) * g
                        denom -= mean[pi][i] * mean[pi][i]
                    }
                    var r = g / (denom + eps).squareRoot()
                    if mu > 0 {
                        buffer[pi][i] = r + mu * buffer[pi][i]
                        r = buffer[pi][i]
                    }
                    u = r
                }
                next[i] = x - lr * u
            }
            if let bad = next.firstIndex(where: { !$0.isFinite || (p.positive && $0 <= 0) }) {
                throw EngineError.invalid("\(kind.rawValue) step would make \(p.name)[\(bad)] \(next[bad]) (\(p.positive ? "must stay positive" : "not finite")); parameters left unchanged")
            }
            updated.append(next)
        }
        for (p, next) in zip(params, updated) { p.value = next }
        self.m = m; self.v = v; self.vMax = vMax; self.mean = mean; self.buffer = buffer
        stepCount = t
    }
}

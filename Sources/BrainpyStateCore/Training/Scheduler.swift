import Glibc

/// A learning-rate schedule of braintools.optim. It advances only when the host steps it (once per
/// epoch, as the reference examples do); optimizer steps leave it alone. A plain float lr is the
/// constant schedule.
public struct LRScheduler: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case constant = "Constant"
        case step = "StepLR", multiStep = "MultiStepLR", exponential = "ExponentialLR"
        case cosineAnnealing = "CosineAnnealingLR", constantFactor = "ConstantLR", linear = "LinearLR"
        case polynomial = "PolynomialLR", warmup = "WarmupScheduler"

        /// Keyword defaults of braintools (base_lr comes from the optimizer's lr unless given).
        var defaults: [String: Double] {
            switch self {
            case .constant: return [:]
            case .step: return ["step_size": 30, "gamma": 0.1]
            case .multiStep: return ["gamma": 0.1]
            case .exponential: return ["gamma": 0.95]
            case .cosineAnnealing: return ["T_max": 50, "eta_min": 0]
            case .constantFactor: return ["factor": 1.0 / 3, "total_iters": 5]
            case .linear: return ["start_factor": 1.0 / 3, "end_factor": 1, "total_iters": 5]
            case .polynomial: return ["total_iters": 5, "power": 1]
            case .warmup: return ["warmup_epochs": 5, "warmup_start_lr": 0]
            }
        }
    }

    public let kind: Kind
    public var baseLR: Double
    public private(set) var lastEpoch = 0
    var settings: [String: Double]
    /// MultiStepLR's milestones (default 30, 60, 90).
    var milestones: [Int] = [30, 60, 90]

    public init(kind: Kind, baseLR: Double) {
        self.kind = kind
        self.baseLR = baseLR
        self.settings = kind.defaults
    }

    /// By braintools class name, with keyword arguments ("milestones" may repeat).
    public init(named name: String, keys: [String], values: [Double], baseLR: Double) throws(EngineError) {
        guard let kind = Kind(rawValue: name) else {
            throw EngineError.unknown("unknown scheduler '\(name)' (\(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.init(kind: kind, baseLR: baseLR)
        var ms: [Int] = []
        for (k, v) in zip(keys, values) {
            guard v.isFinite else { throw EngineError.invalid("\(name).\(k) must be finite, got \(v)") }
            if k == "base_lr" { self.baseLR = v; continue }
            if k == "milestones" && kind == .multiStep { ms.append(Int(v)); continue }
            guard settings[k] != nil else {
                throw EngineError.unknown("\(name) has no argument '\(k)' (it has: \((["base_lr"] + settings.keys.sorted() + (kind == .multiStep ? ["milestones"] : [])).joined(separator: ", ")))")
            }
            settings[k] = v
        }
        if !ms.isEmpty { milestones = ms.sorted() }
        if kind == .step && !(settings["step_size"]! >= 1) { throw EngineError.invalid("StepLR.step_size must be ≥ 1") }
        if kind == .cosineAnnealing && !(settings["T_max"]! > 0) { throw EngineError.invalid("CosineAnnealingLR.T_max must be positive") }
        if kind == .warmup && !(settings["warmup_epochs"]! >= 0) { throw EngineError.invalid("WarmupScheduler.warmup_epochs must be ≥ 0") }
        if kind == .polynomial && !(settings["total_iters"]! > 0) { throw EngineError.invalid("PolynomialLR.total_iters must be positive") }
        if (kind == .linear || kind == .constantFactor) && !(settings["total_iters"]! >= 0) {
            throw EngineError.invalid("\(name).total_iters must be ≥ 0")
        }
    }

    /// The learning rate at the current epoch (closed forms, spec §7.8).
    public var lr: Double {
        let e = Double(lastEpoch)
        switch kind {
        case .constant: return baseLR
        case .step: return baseLR * pow(settings["gamma"]!, (e / settings["step_size"]!).rounded(.down))
        case .multiStep: return baseLR * pow(settings["gamma"]!, Double(milestones.filter { $0 <= lastEpoch }.count))
        case .exponential: return baseLR * pow(settings["gamma"]!, e)
        case .cosineAnnealing:
            let tMax = settings["T_max"]!, etaMin = settings["eta_min"]!
            return etaMin + (baseLR - etaMin) * (1 + cos(Double.pi * Swift.min(e, tMax) / tMax)) / 2
        case .constantFactor:
            return e < settings["total_iters"]! ? baseLR * settings["factor"]! : baseLR
        case .linear:
            let n = settings["total_iters"]!, s = settings["start_factor"]!, f = settings["end_factor"]!
            let frac = n > 0 ? Swift.min(Swift.max(e / n, 0), 1) : 1
            return baseLR * (s + (f - s) * frac)
        case .polynomial:
            let n = settings["total_iters"]!
            return baseLR * pow(1 - Swift.min(e, n) / n, settings["power"]!)
        case .warmup:
            let w = settings["warmup_epochs"]!, start = settings["warmup_start_lr"]!
            return e < w ? start + (baseLR - start) * e / w : baseLR
        }
    }

    /// One epoch on.
    public mutating func step() { lastEpoch += 1 }
}

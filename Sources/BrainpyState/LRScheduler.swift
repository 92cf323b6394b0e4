/// A learning-rate scheduler of braintools.optim, attached to a Sequential's optimizer with
/// `setScheduler`. As in braintools it advances only on `schedulerStep()` (once per epoch, as the
/// reference examples call `opt.lr.step_epoch()`); optimizer steps leave it where it is. `base_lr`
/// nil takes the optimizer's lr. e below is the number of scheduler steps taken.
public struct LRScheduler: BraintoolsCall {
    public let name: String
    public let arguments: [(name: String, value: Double)]

    /// Any scheduler by the engine's name ("milestones" may repeat).
    public init(_ name: String, _ arguments: [(name: String, value: Double)]) {
        self.name = name
        self.arguments = arguments
    }

    /// base_lr first when given (nil: the optimizer's lr).
    private init(_ name: String, _ baseLR: Double?, _ arguments: [(name: String, value: Double)]) {
        self.init(name, (baseLR.map { [(name: "base_lr", value: $0)] } ?? []) + arguments)
    }

    /// base_lr·gamma^⌊e/step_size⌋.
    public static func StepLR(base_lr: Double? = nil, step_size: Int = 30, gamma: Double = 0.1) -> LRScheduler {
        LRScheduler("StepLR", base_lr, [("step_size", Double(step_size)), ("gamma", gamma)])
    }

    /// base_lr·gamma^(number of milestones ≤ e).
    public static func MultiStepLR(base_lr: Double? = nil, milestones: [Int] = [30, 60, 90],
                                   gamma: Double = 0.1) -> LRScheduler {
        LRScheduler("MultiStepLR", base_lr, milestones.map { (name: "milestones", value: Double($0)) } + [("gamma", gamma)])
    }

    /// base_lr·gamma^e.
    public static func ExponentialLR(base_lr: Double? = nil, gamma: Double = 0.95) -> LRScheduler {
        LRScheduler("ExponentialLR", base_lr, [("gamma", gamma)])
    }

    /// eta_min + (base_lr − eta_min)·(1 + cos(π·min(e, T_max)/T_max))/2.
    public static func CosineAnnealingLR(base_lr: Double? = nil, T_max: Int = 50, eta_min: Double = 0) -> LRScheduler {
        LRScheduler("CosineAnnealingLR", base_lr, [("T_max", Double(T_max)), ("eta_min", eta_min)])
    }

    /// base_lr·factor while e < total_iters, then base_lr.
    public static func ConstantLR(base_lr: Double? = nil, factor: Double = 1.0 / 3, total_iters: Int = 5) -> LRScheduler {
        LRScheduler("ConstantLR", base_lr, [("factor", factor), ("total_iters", Double(total_iters))])
    }

    /// base_lr·(start + (end − start)·clip(e/total_iters, 0, 1)).
    public static func LinearLR(base_lr: Double? = nil, start_factor: Double = 1.0 / 3, end_factor: Double = 1,
                                total_iters: Int = 5) -> LRScheduler {
        LRScheduler("LinearLR", base_lr, [("start_factor", start_factor), ("end_factor", end_factor),
                                          ("total_iters", Double(total_iters))])
    }

    /// base_lr·(1 − min(e, total_iters)/total_iters)^power.
    public static func PolynomialLR(base_lr: Double? = nil, total_iters: Int = 5, power: Double = 1) -> LRScheduler {
        LRScheduler("PolynomialLR", base_lr, [("total_iters", Double(total_iters)), ("power", power)])
    }

    /// Linear from warmup_start_lr to base_lr over warmup_epochs, then base_lr.
    public static func WarmupScheduler(base_lr: Double? = nil, warmup_epochs: Int = 5, warmup_start_lr: Double = 0) -> LRScheduler {
        LRScheduler("WarmupScheduler", base_lr, [("warmup_epochs", Double(warmup_epochs)), ("warmup_start_lr", warmup_start_lr)])
    }
}

/// An optimizer of braintools.optim for a `Sequential`, with braintools' keyword names and defaults.
/// `Sequential.setOptimizer` registers it over every trainable array (register_trainable_weights);
/// each `optimizerStep()` then runs braintools' chain on the gradients of the last `grad` call:
/// clip by global norm → clip by value → coupled L2 (g + weight_decay·p) → the algorithm's scaling →
/// decoupled decay (AdamW only) → p ← p − lr·u. A clip left nil is off.
///
/// Its lr is also the base_lr of a scheduler attached later that names none; without a scheduler
/// the learning rate is constant (braintools turns a float lr into a ConstantLR with factor 1).
public struct Optimizer: BraintoolsCall {
    public let name: String
    public let arguments: [(name: String, value: Double)]

    /// Any optimizer by the engine's name (betas as beta1/beta2, booleans as 0/1).
    public init(_ name: String, _ arguments: [(name: String, value: Double)]) {
        self.name = name
        self.arguments = arguments
    }

    /// The clips follow the algorithm's keywords when set.
    private init(_ name: String, _ arguments: [(name: String, value: Double)], clipNorm: Double?, clipValue: Double?) {
        self.init(name, arguments + [("grad_clip_norm", clipNorm), ("grad_clip_value", clipValue)]
            .compactMap { key, value in value.map { (name: key, value: $0) } })
    }

    /// Plain SGD; with momentum b ← g + μb and the step uses b (nesterov: g + μb).
    public static func SGD(lr: Double = 1e-3, momentum: Double = 0, weight_decay: Double = 0, nesterov: Bool = false,
                           grad_clip_norm: Double? = nil, grad_clip_value: Double? = nil) -> Optimizer {
        Optimizer("SGD", [("lr", lr), ("momentum", momentum), ("weight_decay", weight_decay),
                          ("nesterov", nesterov ? 1 : 0)], clipNorm: grad_clip_norm, clipValue: grad_clip_value)
    }

    /// Heavy ball: b ← g + μb, p ← p − lr·b (no dampening).
    public static func Momentum(lr: Double = 1e-3, momentum: Double = 0.9, weight_decay: Double = 0,
                                grad_clip_norm: Double? = nil, grad_clip_value: Double? = nil) -> Optimizer {
        Optimizer("Momentum", [("lr", lr), ("momentum", momentum), ("weight_decay", weight_decay)],
                  clipNorm: grad_clip_norm, clipValue: grad_clip_value)
    }

    /// Nesterov momentum: b ← g + μb, p ← p − lr·(g + μb).
    public static func MomentumNesterov(lr: Double = 1e-3, momentum: Double = 0.9, weight_decay: Double = 0,
                                        grad_clip_norm: Double? = nil, grad_clip_value: Double? = nil) -> Optimizer {
        Optimizer("MomentumNesterov", [("lr", lr), ("momentum", momentum), ("weight_decay", weight_decay)],
                  clipNorm: grad_clip_norm, clipValue: grad_clip_value)
    }

    /// Adam with bias correction; weight_decay is coupled L2 (g + wd·p), as in braintools.
    public static func Adam(lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                            weight_decay: Double = 0, amsgrad: Bool = false,
                            grad_clip_norm: Double? = nil, grad_clip_value: Double? = nil) -> Optimizer {
        adam("Adam", lr, betas, eps, weight_decay, amsgrad, grad_clip_norm, grad_clip_value)
    }

    /// Adam with decoupled weight decay: p ← p − lr·(m̂/(√v̂ + eps) + wd·p).
    public static func AdamW(lr: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999), eps: Double = 1e-8,
                             weight_decay: Double = 0.01, amsgrad: Bool = false,
                             grad_clip_norm: Double? = nil, grad_clip_value: Double? = nil) -> Optimizer {
        adam("AdamW", lr, betas, eps, weight_decay, amsgrad, grad_clip_norm, grad_clip_value)
    }

    /// ν ← αν + (1 − α)g², p ← p − lr·g/√(ν + eps) (eps inside the root, no bias correction);
    /// centered subtracts the running mean's square, momentum accumulates the scaled step.
    public static func RMSprop(lr: Double = 1e-2, alpha: Double = 0.99, eps: Double = 1e-8, momentum: Double = 0,
                               centered: Bool = false, weight_decay: Double = 0,
                               grad_clip_norm: Double? = nil, grad_clip_value: Double? = nil) -> Optimizer {
        Optimizer("RMSprop", [("lr", lr), ("alpha", alpha), ("eps", eps), ("momentum", momentum),
                              ("centered", centered ? 1 : 0), ("weight_decay", weight_decay)],
                  clipNorm: grad_clip_norm, clipValue: grad_clip_value)
    }

    private static func adam(_ name: String, _ lr: Double, _ betas: (Double, Double), _ eps: Double, _ wd: Double,
                             _ amsgrad: Bool, _ clipNorm: Double?, _ clipValue: Double?) -> Optimizer {
        Optimizer(name, [("lr", lr), ("beta1", betas.0), ("beta2", betas.1), ("eps", eps), ("weight_decay", wd),
                         ("amsgrad", amsgrad ? 1 : 0)], clipNorm: clipNorm, clipValue: clipValue)
    }
}

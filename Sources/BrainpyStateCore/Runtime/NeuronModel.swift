/// Up to 8 state variables of 16 neurons, as a kernel reads and writes them.
public typealias StateLanes<F: SIMDScalar> = InlineArray<8, Lanes<F>>
/// Up to 24 kernel constants of 16 neurons (broadcast when homogeneous, loaded when per neuron).
public typealias ConstantLanes<F: SIMDScalar> = InlineArray<24, Lanes<F>>

/// What a neuron kernel gets besides its states and constants, for one block of 16 neurons.
struct KernelInputs<F: SimFloat, D: SynapticDrive> where D.F == F {
    /// The external input of this step (persistent + one-shot), in the model's input unit.
    let x: Lanes<F>
    /// One-shot delta input, added after integration (zero when there is none).
    let delta: Lanes<F>
    /// Synaptic drive: I_syn(v) = i + gE − g·v (+ MgBlock terms of v); the conductances enter the
    /// linearisation.
    let g: Lanes<F>
    let gE: Lanes<F>
    let i: Lanes<F>
    /// The drive and the block, for the terms that depend on v (MgBlock).
    let drive: D
    let block: Int
    /// The time of this step and dt.
    let t: Lanes<F>
    let dt: Lanes<F>
    let hardReset: Bool

    /// The input current at v, x + I_syn(v), and its slope conductance −∂I_syn/∂v (Σg for COBA): the
    /// models evaluate it at the V they integrate from and put the conductance into their Jacobian.
    @inline(__always)
    func current(at v: Lanes<F>) -> (current: Lanes<F>, conductance: Lanes<F>) {
        drive.current(block, (g, gE, i), x: x, at: v)
    }
}

/// A neuron model's step on 16 lanes: the only code a model writes. The population around it
/// (columns, parameters, inputs, synapses, tiles, spike lists) is ModelPopulation, generic over the
/// model, so every model gets the same specialised, vectorised, allocation-free loop.
protocol NeuronModel {
    /// The model's own state variables in kernel order (at most 8 with the refractory ones). A
    /// refractory variant (`*Ref`) has `last_spike_time` and `refractory` after them.
    static var stateNames: [String] { get }
    /// How many kernel constants `constants` returns (at most 24).
    static var constantCount: Int { get }
    /// The kernel constants of one neuron from its parameters (internal units, by brainpy name;
    /// `p("dt")` is the step in ms, so dt-dependent factors are computed once here).
    static func constants(_ p: (String) -> Double) -> [Double]
    /// One block: update `s` in place; return the spike mask of the new state (get_spike()).
    static func step<F: SimFloat, R: Refractoriness, D: SynapticDrive>(
        _ s: inout StateLanes<F>, _ k: ConstantLanes<F>, _ input: KernelInputs<F, D>, _: R.Type) -> LaneMask<F>
        where D.F == F
    /// get_spike() of stored states (after init or a state write).
    static func spiking<F: SimFloat>(_ s: StateLanes<F>, _ k: ConstantLanes<F>) -> LaneMask<F>
    /// States whose initial value depends on others (e.g. HH's gates at their steady state when their
    /// initializer is unset, marked NaN); called per neuron after the initializers. Default: nothing.
    static func completeInitialState(_ s: inout [Double], _ k: [Double])
}

extension NeuronModel {
    static func completeInitialState(_ s: inout [Double], _ k: [Double]) {}
}

/// Kernel helpers shared by the models (exponential Euler and the refractory hold).
enum Kernel {
    /// One exponential-Euler step x + dt·exprel(dt·J)·f (spec neurons §3), with a fused multiply-add.
    @inline(__always)
    static func expEuler<F: SimFloat>(_ x: Lanes<F>, drift f: Lanes<F>, jacobian j: Lanes<F>, dt: Lanes<F>) -> Lanes<F> {
        F.fma(x, dt * F.exprelLanes(dt * j), f)
    }

    /// 1 where the mask is set, 0 elsewhere.
    @inline(__always)
    static func indicator<F: SimFloat>(_ m: LaneMask<F>, _: F.Type = F.self) -> Lanes<F> {
        F.lanes(Lanes(repeating: 0), replacedBy: Lanes(repeating: 1), where: m)
    }

    /// The reset of last step's spike, applied at the start of this step as brainpy does:
    /// V + (V_reset − θ)·spike with θ = V_th ('soft') or V itself ('hard', which lands on V_reset).
    @inline(__always)
    static func pendingReset<F: SimFloat>(_ v: Lanes<F>, spike: Lanes<F>, threshold: Lanes<F>, reset: Lanes<F>,
                                          hard: Bool) -> Lanes<F> {
        F.fma(v, reset - (hard ? v : threshold), spike)
    }

    /// brainpy's scaled spike test H((V − θ)·invDen): sign-correct for any V_th − V_reset.
    @inline(__always)
    static func above<F: SimFloat>(_ v: Lanes<F>, _ threshold: Lanes<F>, _ invDen: Lanes<F>) -> LaneMask<F> {
        F.lanes((v - threshold) * invDen, greaterOrEqual: Lanes(repeating: 0))
    }
}

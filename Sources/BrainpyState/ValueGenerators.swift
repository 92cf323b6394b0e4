/// brainpy.state's value generators (inputs.py): each produces one value per element and step that the
/// populations it is bound to add to their input x. They are generic over the dimension of their
/// amplitudes (a current for the IF family, mV/ms for Izhikevich, ...): every amplitude of one
/// generator shares it, which the compiler checks here and the engine checks against the driven model.
/// Windows are evaluated in ms with t = i·dt in the network precision, as the reference does.

/// `brainpy.state.SectionInput(in_size, values, durations)`: values[k] for durations[k], one after
/// the other, then 0; a boundary instant belongs to the next section.
public struct SectionInput<D: PhysicalDimension>: InputGenerator {
    public var size: Int
    public var values: QuantityArray<D>
    public var durations: QuantityArray<TimeDimension>

    public init(_ size: Int, values: QuantityArray<D>, durations: QuantityArray<TimeDimension>) {
        self.size = size
        self.values = values
        self.durations = durations
    }

    public var modelName: String { "SectionInput" }
    public var settings: [ModelSetting] { [.parameter("values", values), .parameter("durations", durations)] }
}

/// `brainpy.state.ConstantInput(in_size, value, duration)`: value (one, or one per element) while
/// t < duration, then 0.
public struct ConstantInput<D: PhysicalDimension>: InputGenerator {
    public var size: Int
    public var value: Parameter<D>
    public var duration: Time

    public init(_ size: Int, value: some ParameterSource<D>, duration: Time) {
        self.size = size
        self.value = value.parameter
        self.duration = duration
    }

    public var modelName: String { "ConstantInput" }
    public var settings: [ModelSetting] { [.parameter("value", value), .parameter("duration", duration)] }
}

/// `brainpy.state.StepInput(in_size, amplitudes, step_times)`: amplitudes[k] from step_times[k] on
/// (the engine sorts the times; the last amplitude is held), 0 before the first.
public struct StepInput<D: PhysicalDimension>: InputGenerator {
    public var size: Int
    public var amplitudes: QuantityArray<D>
    public var step_times: QuantityArray<TimeDimension>

    public init(_ size: Int, amplitudes: QuantityArray<D>, step_times: QuantityArray<TimeDimension>) {
        self.size = size
        self.amplitudes = amplitudes
        self.step_times = step_times
    }

    public var modelName: String { "StepInput" }
    public var settings: [ModelSetting] { [.parameter("amplitudes", amplitudes), .parameter("step_times", step_times)] }
}

/// `brainpy.state.RampInput(in_size, c_start, c_end, duration, t_start=None)`:
/// c_start + (c_end − c_start)·(t − t_start)/duration inside [t_start, t_start + duration), 0 outside.
public struct RampInput<D: PhysicalDimension>: InputGenerator {
    public var size: Int
    public var c_start: Parameter<D>
    public var c_end: Parameter<D>
    public var duration: Time
    public var t_start: Time?

    public init(_ size: Int, c_start: some ParameterSource<D>, c_end: some ParameterSource<D>, duration: Time,
                t_start: Time? = nil) {
        self.size = size
        self.c_start = c_start.parameter
        self.c_end = c_end.parameter
        self.duration = duration
        self.t_start = t_start
    }

    public var modelName: String { "RampInput" }
    public var settings: [ModelSetting] {
        [.parameter("c_start", c_start), .parameter("c_end", c_end), .parameter("duration", duration),
         t_start.map { .parameter("t_start", $0) }].compactMap { $0 }
    }
}

/// `brainpy.state.SinusoidalInput(in_size, amplitude, frequency, duration, bias=None)`:
/// amplitude·sin(2π·frequency·t) + bias inside [0, duration), 0 outside (t in seconds, as brainpy).
public struct SinusoidalInput<D: PhysicalDimension>: InputGenerator {
    public var size: Int
    public var amplitude: Parameter<D>
    public var frequency: Frequency
    public var duration: Time
    public var bias: Parameter<D>?

    public init(_ size: Int, amplitude: some ParameterSource<D>, frequency: Frequency, duration: Time,
                bias: (any ParameterSource<D>)? = nil) {
        self.size = size
        self.amplitude = amplitude.parameter
        self.frequency = frequency
        self.duration = duration
        self.bias = bias?.parameter
    }

    public var modelName: String { "SinusoidalInput" }
    public var settings: [ModelSetting] {
        [.parameter("amplitude", amplitude), .parameter("frequency", frequency), .parameter("duration", duration),
         ModelSetting.optional("bias", bias)].compactMap { $0 }
    }
}

/// `brainpy.state.WienerProcessInput(in_size, sigma, duration)`: sigma·√dt·N(0, 1) per element and
/// step while t < duration, then 0. √dt is of dt's number in ms (brainpy's when its dt is in ms).
/// The draws come from the engine's counter-based generator, not JAX's stream.
public struct WienerProcessInput<D: PhysicalDimension>: InputGenerator {
    public var size: Int
    public var sigma: Parameter<D>
    public var duration: Time

    public init(_ size: Int, sigma: some ParameterSource<D>, duration: Time) {
        self.size = size
        self.sigma = sigma.parameter
        self.duration = duration
    }

    public var modelName: String { "WienerProcessInput" }
    public var settings: [ModelSetting] { [.parameter("sigma", sigma), .parameter("duration", duration)] }
}

/// `brainpy.state.OUProcessInput(in_size, mean, sigma, tau, duration)`: Euler–Maruyama
/// x += (mean − x)·dt/tau + sigma·√dt·N(0, 1) while t < duration (output x), then x is frozen and
/// the output is 0. State `.x` starts at mean; `initAllStates()` sets it back (brainpy's
/// reset_all_states would keep it).
public struct OUProcessInput<D: PhysicalDimension>: InputGenerator {
    public var size: Int
    public var mean: Parameter<D>
    public var sigma: Parameter<D>
    public var tau: Parameter<TimeDimension>
    public var duration: Time

    public init(_ size: Int, mean: some ParameterSource<D>, sigma: some ParameterSource<D>,
                tau: some ParameterSource<TimeDimension>, duration: Time) {
        self.size = size
        self.mean = mean.parameter
        self.sigma = sigma.parameter
        self.tau = tau.parameter
        self.duration = duration
    }

    public var modelName: String { "OUProcessInput" }
    public var settings: [ModelSetting] {
        [.parameter("mean", mean), .parameter("sigma", sigma), .parameter("tau", tau), .parameter("duration", duration)]
    }
}

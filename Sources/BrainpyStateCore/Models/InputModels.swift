/// brainpy.state's input generators (inputs.py, spec neurons §9) as catalogue entries. Each is a
/// population: the time and noise generators compute an `output` that a bound population adds to its
/// input x (`bps_population_add_current_source`), PoissonInput adds K·weight to a bound state
/// (`bps_population_add_state_source`), and the spike generators emit spikes that projections and
/// readouts read in the same step.
enum InputModels {
    /// A generator amplitude: any unit, shared by the generator's amplitudes and its output.
    static func amplitude(_ name: String, default value: Double? = nil, shape: ParamSpec.Shape = .perElement,
                          _ constraint: ParamSpec.Constraint = .any, doc: String) -> ParamSpec {
        ParamSpec(name, .current, default: value, unit: "mA", constraint, shape: shape, outputUnit: true,
                  doc: doc + " (any unit; every amplitude of one generator and its output share its dimension)")
    }

    static func duration(_ doc: String = "the output is 0 from this time on (window [0, duration))") -> ParamSpec {
        ParamSpec("duration", .time, default: nil, unit: "ms", .nonNegative, array: false, doc: doc)
    }

    static let output = StateSpec("output", .current, writable: false, outputUnit: true,
                                  doc: "the value this step adds to a bound population (brainpy: update()'s return)")
    static let spike = StateSpec("spike", .one, writable: false, doc: "this step's spikes (1 or 0)")

    static let SectionInput = ModelSpec(
        name: "SectionInput", role: .input,
        params: [amplitude("values", shape: .list, doc: "value of each section"),
                 ParamSpec("durations", .time, default: nil, unit: "ms", .nonNegative, shape: .list,
                           doc: "duration of each section (one per value)")],
        states: [output], options: [],
        doc: "piecewise constant: values[k] while the sum of durations[:k] <= t < the sum of durations[:k+1]; then 0",
        takesInput: false, offers: .current)
    static let ConstantInput = ModelSpec(
        name: "ConstantInput", role: .input,
        params: [amplitude("value", doc: "the value while t < duration"), duration()],
        states: [output], options: [], doc: "value while t < duration, then 0", takesInput: false, offers: .current)
    static let StepInput = ModelSpec(
        name: "StepInput", role: .input,
        params: [amplitude("amplitudes", shape: .list, doc: "amplitude from each step time on"),
                 ParamSpec("step_times", .time, default: nil, unit: "ms", shape: .list,
                           doc: "time each amplitude starts (sorted by the engine)")],
        states: [output], options: [], doc: "staircase: amplitudes[k] from step_times[k] on (last held), 0 before the first",
        takesInput: false, offers: .current)
    static let RampInput = ModelSpec(
        name: "RampInput", role: .input,
        params: [amplitude("c_start", doc: "value at t_start"), amplitude("c_end", doc: "value approached at t_start + duration"),
                 ParamSpec("duration", .time, default: nil, unit: "ms", .positive, array: false, doc: "length of the ramp"),
                 ParamSpec("t_start", .time, default: 0, unit: "ms", array: false, doc: "start of the ramp")],
        states: [output], options: [],
        doc: "linear ramp c_start + (c_end - c_start)(t - t_start)/duration inside [t_start, t_start + duration), 0 outside",
        takesInput: false, offers: .current)
    static let SinusoidalInput = ModelSpec(
        name: "SinusoidalInput", role: .input,
        params: [amplitude("amplitude", doc: "peak amplitude"),
                 ParamSpec("frequency", .frequency, default: nil, unit: "Hz", array: false, doc: "frequency"),
                 duration(), amplitude("bias", default: 0, doc: "offset added inside the window")],
        states: [output], options: [], doc: "amplitude*sin(2*pi*frequency*t) + bias inside [0, duration), 0 outside",
        takesInput: false, offers: .current)
    static let WienerProcessInput = ModelSpec(
        name: "WienerProcessInput", role: .input,
        params: [amplitude("sigma", .nonNegative, doc: "noise scale"), duration()],
        states: [output], options: [],
        doc: "white noise sigma*sqrt(dt/ms)*N(0,1) per element and step while t < duration (dt's number in ms)",
        takesInput: false, offers: .current)
    static let OUProcessInput = ModelSpec(
        name: "OUProcessInput", role: .input,
        params: [amplitude("mean", doc: "asymptotic mean (and the initial x)"),
                 amplitude("sigma", .nonNegative, doc: "noise scale"),
                 ParamSpec("tau", .time, default: nil, unit: "ms", .positive, doc: "relaxation time constant"), duration()],
        states: [StateSpec("x", .current, outputUnit: true, doc: "the process (starts at mean; frozen after duration)"),
                 output],
        options: [],
        doc: "Ornstein-Uhlenbeck x += (mean - x) dt/tau + sigma*sqrt(dt/ms)*N(0,1) while t < duration (then frozen, output 0)",
        takesInput: false, offers: .current)

    static let PoissonSpike = ModelSpec(
        name: "PoissonSpike", role: .input,
        params: [ParamSpec("freqs", .frequency, default: nil, unit: "Hz", .nonNegative, doc: "rate of each element")],
        states: [spike], options: [],
        doc: "independent Poisson spikes: P(spike) = 1 - exp(-freqs*dt) per element and step",
        takesInput: false, offers: .spikes)
    static let PoissonEncoder = ModelSpec(
        name: "PoissonEncoder", role: .input, params: [], states: [spike], options: [],
        doc: "Poisson spikes at the rates given as its input x each step (brainpy: update(freqs)); P = 1 - exp(-x*dt)",
        inputDimension: .frequency, takesInput: true, offers: .spikes)
    static let SpikeTime = ModelSpec(
        name: "SpikeTime", role: .input,
        params: [ParamSpec("indices", .one, default: nil, unit: "", .count, shape: .list, doc: "neuron of each event"),
                 ParamSpec("times", .time, default: nil, unit: "ms", shape: .list,
                           doc: "time of each event (step = rounding(time/dt)); an empty list means no events"),
                 ParamSpec("weights", .one, default: 1, unit: "", shape: .list,
                           doc: "weight of every event, or one per event; events of one neuron and step add up")],
        states: [StateSpec("spike", .one, writable: false, doc: "the summed weights of this step's events (0 = no spike)")],
        options: [OptionSpec(name: "time_as_step", allowed: ["round", "floor", "ceil"], defaultValue: "round",
                             doc: "rounding of time/dt (round: half to even, on the quotient in the network precision)")],
        doc: "spikes at given (neuron, time) events", takesInput: false, offers: .spikes)
    static let PoissonInput = ModelSpec(
        name: "PoissonInput", role: .input,
        params: [ParamSpec("num_input", .one, default: nil, unit: "", .count, array: false, doc: "number of Poisson sources N"),
                 ParamSpec("freq", .frequency, default: nil, unit: "Hz", .nonNegative, array: false, doc: "rate of each source"),
                 ParamSpec("weight", .voltage, default: nil, unit: "mV", outputUnit: true,
                           doc: "added per source spike (the bound state's unit)")],
        states: [StateSpec("output", .voltage, writable: false, outputUnit: true,
                           doc: "K*weight added to the bound state this step")],
        options: [],
        doc: "adds K*weight to a bound state before its update, K ~ Binomial(N, 1 - exp(-freq*dt)) (normal approximation when N*p > 5 and N*(1-p) > 5)",
        takesInput: false, offers: .stateKick)

    static let all: [ModelSpec] = [SpikeTime, PoissonSpike, PoissonEncoder, PoissonInput, SectionInput, ConstantInput,
                                   StepInput, RampInput, SinusoidalInput, WienerProcessInput, OUProcessInput]
}

/// brainpy.state's readout (readout.py, spec neurons §9.12).
enum ReadoutModels {
    static let LeakyRateReadout = ModelSpec(
        name: "LeakyRateReadout", role: .readout,
        params: [ParamSpec("in_size", .one, default: nil, unit: "", .count, array: false,
                           doc: "number of inputs (the source slice's length)"),
                 ParamSpec("tau", .time, default: 5, unit: "ms", .positive, doc: "time constant of each output"),
                 ParamSpec("w_init", .one, default: .nan, unit: "", shape: .matrix,
                           doc: "(in_size, out_size) weights, row-major, or an initializer; unset = KaimingNormal(): Normal(0, sqrt(2/in_size))")],
        states: [StateSpec("r", .one, doc: "the readout (starts at 0)")], options: [],
        doc: "r = exp(-dt/tau)*r + x @ W, x the spikes of its source in the same step",
        takesInput: false, offers: .nothing)

    static let all: [ModelSpec] = [LeakyRateReadout]
}

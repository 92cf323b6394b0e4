/*
 * brainpystate.h — the C ABI of brainpystate, a compiled spiking-network engine that re-implements
 * brainpy.state (BrainPy 2.9.0). This header is the single source of truth for the ABI: every function
 * declared here is exported by libbrainpystate.so and nothing else is.
 *
 * Life cycle: describe -> compile -> run -> read.
 *   1. bps_network_new                       a network (dt, seed, precision)
 *   2. bps_population_new / _set_param ...   populations of neurons (models by name: "IF", "LIF", "LIFRef"),
 *                                            input generators ("PoissonSpike", "SectionInput", ...) and
 *                                            readouts ("LeakyRateReadout")
 *      bps_projection_new / _set_param ...   projections: pre slice -> comm -> syn -> out -> post
 *      bps_population_add_current_input      persistent inputs
 *      bps_population_add_current_source ... generator outputs bound to the populations they drive
 *      bps_monitor_spikes / _state           recordings
 *   3. bps_network_compile                   build connectivity, allocate, specialise the step program
 *   4. bps_network_run / _run_for / _step    advance the simulation
 *   5. bps_population_get_state, bps_monitor_get_* ...   read results
 *
 * Conventions
 *   - Every fallible function returns a bps_status (BPS_OK == 0). Results are written through the
 *     trailing out_* pointers, which are left untouched on failure. After a failure,
 *     bps_last_error_message() returns a message naming the problem (a thread-local slot).
 *   - Populations, projections and monitors are small integer ids scoped to their network, counted
 *     from 0 in order of creation.
 *   - Arrays cross the ABI in caller-owned buffers as (pointer, length, element type, unit). Every read
 *     writes the needed length to *out_len (when given). A NULL buffer with capacity 0 asks for that
 *     length only and returns BPS_OK; a buffer that is too small gives BPS_ERR_BUFFER_TOO_SMALL.
 *   - Physical quantities carry a unit string (grammar below). Values are converted to the engine's
 *     internal units on the way in and to the unit the caller names on the way out; a unit of the
 *     wrong dimension is BPS_ERR_UNIT.
 *   - Options structs start with `uint32_t struct_size`; set it to sizeof(the struct) (the *_init
 *     functions do). The engine reads only the fields that lie within struct_size, so a program built
 *     against an older header keeps working.
 *   - Nothing reachable from this ABI aborts the host process on bad input: every argument is checked.
 *
 * Thread safety: distinct networks are independent and may be used from different threads at the
 * same time. One network must be used by one thread at a time. The error message slot is per thread.
 *
 * Time: step i of a float32 network runs at t = (float)i * (float)dt, exactly as brainpy.state's
 * compiled loops form it; float32 represents every step index exactly only up to 2^24 steps
 * (about 28 simulated minutes at dt = 0.1 ms), after which t stops advancing step by step. float64
 * networks form t = (double)i * dt.
 *
 * Unit grammar (strings such as "mV", "ms", "mS", "1/(ms*mM)", "nA", ""):
 *   unit    := ""  |  product
 *   product := factor { ("*" | "/") factor }
 *   factor  := atom [ "^" ["-"] integer ]
 *   atom    := symbol | "1" | "(" product ")"
 *   symbol  := [prefix] base
 *   prefix  := "p" (1e-12) | "n" (1e-9) | "u" or "µ" (1e-6) | "m" (1e-3) | "k" (1e3)
 *   base    := "s" | "V" | "A" | "S" | "ohm" | "Ω" | "F" | "Hz" | "M"
 * "M" is molar (mol/L), so "mM" is millimolar and there is no mega prefix; "S" is siemens and "s" the
 * second. Spaces around operators are allowed. "" and "1" are dimensionless.
 * Internally the engine uses one coherent system (ms, mV, uA, mS, kohm, uF, mM, 1/ms), so no factor
 * such as brainpy.state's 1e-3 for mS*mV -> mA ever appears inside the step.
 */
#ifndef BRAINPYSTATE_H
#define BRAINPYSTATE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- versions */

#define BPS_VERSION_MAJOR 0
#define BPS_VERSION_MINOR 1
#define BPS_VERSION_PATCH 0
#define BPS_VERSION_STRING "0.1.0"
/* Incremented on every incompatible ABI change; also the SONAME suffix (libbrainpystate.so.1). */
#define BPS_ABI_VERSION 1

/* The ABI version of the loaded library (compare with BPS_ABI_VERSION). */
uint32_t bps_abi_version(void);
/* The version of the loaded library, e.g. "0.1.0". Static storage. */
const char *bps_version_string(void);

/* ---------------------------------------------------------------- status codes */

typedef int32_t bps_status;
#define BPS_OK                    0
#define BPS_ERR_INVALID_ARGUMENT  1  /* a value is not acceptable: NaN, inf, negative size, bad option */
#define BPS_ERR_NULL_POINTER      2  /* a required pointer argument is NULL */
#define BPS_ERR_BAD_HANDLE        3  /* NULL, deleted or foreign network handle */
#define BPS_ERR_UNKNOWN_NAME      4  /* unknown model, parameter, state, initializer or option name */
#define BPS_ERR_UNIT              5  /* malformed unit string or unit of the wrong dimension */
#define BPS_ERR_OUT_OF_RANGE      6  /* id, index, slice or length outside its valid range */
#define BPS_ERR_BUFFER_TOO_SMALL  7  /* caller buffer smaller than needed (needed length in *out_len) */
#define BPS_ERR_TYPE              8  /* unsupported element type for this array */
#define BPS_ERR_BAD_STATE         9  /* wrong call order: structural change after compile, run before compile, ... */
#define BPS_ERR_CANCELLED        10  /* the progress callback asked to stop; the state is consistent */
#define BPS_ERR_OUT_OF_MEMORY    11  /* an allocation failed */
#define BPS_ERR_INTERNAL         12  /* a bug in the engine; please report it with the message */

/* The message of the last failed call on this thread ("" if none). Valid until the next failing call
   on this thread. */
const char *bps_last_error_message(void);
/* The symbolic name of a status code, e.g. "BPS_ERR_UNIT". Static storage. */
const char *bps_status_name(bps_status status);

/* ---------------------------------------------------------------- element types */

typedef int32_t bps_dtype;
#define BPS_DTYPE_FLOAT32 1
#define BPS_DTYPE_FLOAT64 2
#define BPS_DTYPE_INT32   3
#define BPS_DTYPE_INT64   4
#define BPS_DTYPE_UINT8   5

/* ---------------------------------------------------------------- units */

/* Convert value from one unit to another of the same dimension, e.g. (20, "mA", "uA") -> 20000. */
bps_status bps_unit_convert(double value, const char *from_unit, const char *to_unit, double *out_value);

/* ---------------------------------------------------------------- model catalogue */

/* Every model the library knows can be listed with its parameters, states and options, so hosts can
   build their interfaces and documentation from the library itself. Indices count from 0. Returned
   strings are static: valid for the life of the process, never freed by the caller. */

/* Number of models (neurons, synapses, short-term plasticity, synaptic outputs, communication layers,
   projection kinds (gap junctions included), input generators and readouts). */
bps_status bps_model_count(int32_t *out_count);
/* Model `model`: its brainpy.state class name, its role ("neuron", "synapse", "plasticity", "output",
   "comm", "projection", "input" or "readout"), a one-line description, and how many parameters, states
   and options it has. Any out pointer may be NULL. */
bps_status bps_model_info(int32_t model, const char **out_name, const char **out_role, const char **out_doc,
                          int32_t *out_num_params, int32_t *out_num_states, int32_t *out_num_options);
/* Parameter `param` of model `model`: its name, the unit brainpy.state gives it ("" if dimensionless),
   its default in that unit (*out_has_default is 0 for a required parameter), whether it is a state
   initializer (such as "V_initializer"), and a description. Any out pointer may be NULL. */
bps_status bps_model_param_info(int32_t model, int32_t param, const char **out_name, const char **out_unit,
                                double *out_default, int32_t *out_has_default, int32_t *out_is_initializer,
                                const char **out_doc);
/* State `state` of model `model`: its name, its unit, and a description. Any out pointer may be NULL. */
bps_status bps_model_state_info(int32_t model, int32_t state, const char **out_name, const char **out_unit,
                                const char **out_doc);
/* Option `option` of model `model` (a string setting such as "spk_reset"): its name, its default, and
   the allowed values separated by commas. Any out pointer may be NULL. */
bps_status bps_model_option_info(int32_t model, int32_t option, const char **out_name, const char **out_default,
                                 const char **out_allowed);

/* ---------------------------------------------------------------- networks */

typedef struct bps_network bps_network;

typedef struct bps_network_options {
    uint32_t struct_size;   /* sizeof(bps_network_options) */
    double dt;              /* time step, in dt_unit (default 0.1) */
    const char *dt_unit;    /* unit of dt (default "ms"; NULL means "ms") */
    uint64_t seed;          /* seed of every random draw of the network (default 0) */
    int32_t precision;      /* 32 (float32 states, default) or 64 (float64 states) */
    int32_t num_threads;    /* worker threads for the step; 0 = all cores (default: the CPUs of the process's
                               affinity mask), 1 = caller's thread only */
    int32_t batch_size;     /* 0 = no batch axis (default); B >= 1 = every state gets a leading batch axis of
                               B rows (see "Batched networks" below) */
} bps_network_options;

/* Fill *opts with the defaults and set struct_size. */
bps_status bps_network_options_init(bps_network_options *opts);

/* Create a network. opts may be NULL (defaults). */
bps_status bps_network_new(const bps_network_options *opts, bps_network **out_net);
/* Destroy a network and everything it owns. NULL is a no-op returning BPS_OK; a deleted or foreign
   handle returns BPS_ERR_BAD_HANDLE and is not touched. */
bps_status bps_network_delete(bps_network *net);

/* The step size in the requested unit. */
bps_status bps_network_get_dt(bps_network *net, const char *unit, double *out_dt);
/* 32 or 64. */
bps_status bps_network_get_precision(bps_network *net, int32_t *out_precision);
/* The number of worker threads the step uses (after resolving 0 = all cores). */
bps_status bps_network_get_num_threads(bps_network *net, int32_t *out_num_threads);

/* Batched networks (brainstate.nn.init_all_states(net, batch_size=B)). With batch_size B >= 1 the network
   holds B independent replicas ("rows") of every state; parameters and connectivity are shared by all
   rows (a parameter written after compile applies to every row). Each row draws its random initial
   states and run-time random inputs (PoissonSpike, PoissonInput, noise generators) with its own key;
   row 0 draws exactly what the unbatched network (batch_size 0) draws, so it reproduces it bit for bit.
   Shapes, row-major, with N the population (or synapse state) size:
     - population and projection states, spikes: read as [B, N]; written from [B, N], [N] or 1 value
       (broadcast to every row);
     - current inputs, one-shot inputs and bps_network_step's input: [B, N], [N] or 1 value;
       bps_network_step's spikes: [B, N] bytes, and the count is that of every row together;
     - state monitors: [T, B, width] values (time first, as brainpy.state's for_loop stacks states);
       spike monitors: a [T, B, width] raster; events ordered by step, then row, with the row of each
       event from bps_monitor_get_event_rows;
     - times, parameters and connectivity: as without a batch axis (shared).
   A length that fits neither N nor B*N is BPS_ERR_OUT_OF_RANGE; nothing is written then. Rows run one
   after another on the same worker threads. */
/* Set the batch size (0 = no batch axis, 1..65536 rows) before compile (BPS_ERR_BAD_STATE after
   compile unless unchanged; BPS_ERR_INVALID_ARGUMENT if negative or too large). Equivalent to
   bps_network_options.batch_size. */
bps_status bps_network_set_batch_size(bps_network *net, int32_t batch_size);
/* The batch size: 0 without a batch axis, else the number of rows. */
bps_status bps_network_get_batch_size(bps_network *net, int32_t *out_batch_size);
/* The index of the next step and its time t (in unit), formed as described under "Time" above. */
bps_status bps_network_get_time(bps_network *net, const char *unit, double *out_t, int64_t *out_step);

/* Compile the description into a step program: validate it, build connectivity (EventFixedProb draws
   brainpy.state's indices for the same seed), allocate every state, initialise the states from their
   initializers, merge identical post-aligned synapses, and select the specialised kernels. After
   compile, populations and projections can no longer be added (BPS_ERR_BAD_STATE). */
bps_status bps_network_compile(bps_network *net);
/* 1 if compiled, 0 otherwise. */
bps_status bps_network_is_compiled(bps_network *net, int32_t *out_compiled);
/* brainstate.nn.init_all_states: every state back to its initializer (fresh random draws are the
   same draws as at compile, they are keyed by seed), step index and t back to 0, pending one-shot
   inputs dropped, recordings cleared. Requires a compiled network. */
bps_status bps_network_init_states(bps_network *net);

/* Called on the caller's thread every `progress_interval` steps and once at the end of a run.
   Return 0 to continue; any other value cancels the run at the next step boundary: the call then
   returns BPS_ERR_CANCELLED with every completed step applied (t, states and recordings agree).
   The callback may read the network and change inputs, states and parameters (they apply from the
   next step); running, stepping, re-initialising, compiling, adding monitors or deleting that
   network from inside its callback returns BPS_ERR_BAD_STATE. */
typedef int32_t (*bps_progress_fn)(void *user_data, int64_t steps_done, int64_t steps_total);

typedef struct bps_run_options {
    uint32_t struct_size;       /* sizeof(bps_run_options) */
    bps_progress_fn progress;   /* may be NULL */
    void *user_data;            /* passed to progress */
    int64_t progress_interval;  /* steps between calls; 0 = about 1 % of the run (at least 1) */
} bps_run_options;

/* Fill *opts with the defaults (no callback) and set struct_size. */
bps_status bps_run_options_init(bps_run_options *opts);

/* Advance `steps` steps (>= 0). opts may be NULL. Recording buffers are sized when the run starts;
   the step loop itself allocates nothing. Requires a compiled network (BPS_ERR_BAD_STATE otherwise). */
bps_status bps_network_run(bps_network *net, int64_t steps, const bps_run_options *opts);
/* Advance by a duration: steps = round(duration / dt); the duration must be a whole number of steps
   (within 1e-6 relative), otherwise BPS_ERR_INVALID_ARGUMENT. */
bps_status bps_network_run_for(bps_network *net, double duration, const char *unit,
                               const bps_run_options *opts);

/* The fused closed-loop call: set this step's input current of `input_pop` (input_len 1 = the same
   value for every neuron, or one value per neuron; consumed by this step only, like a brainpy one-shot
   input), advance exactly one step, and write the spikes of `output_pop` emitted by this step as one
   byte (0/1) per neuron into out_spikes. input may be NULL (no input; input_pop is then ignored) and
   out_spikes may be NULL (no output). *out_spike_count (may be NULL) receives the number of spikes. */
bps_status bps_network_step(bps_network *net,
                            int32_t input_pop, const void *input, int64_t input_len,
                            bps_dtype input_dtype, const char *input_unit,
                            int32_t output_pop, uint8_t *out_spikes, int64_t out_capacity,
                            int64_t *out_spike_count);

/* ---------------------------------------------------------------- populations */

/* Add a population of `size` (> 0) elements of a model named as in brainpy.state: a neuron model
   ("IF", "LIF", "LIFRef", ...), an input generator ("SpikeTime", "PoissonSpike", "PoissonEncoder",
   "PoissonInput", "SectionInput", "ConstantInput", "StepInput", "RampInput", "SinusoidalInput",
   "WienerProcessInput", "OUProcessInput"; see "input generators and readouts" below) or a readout
   ("LeakyRateReadout", size = out_size). Every parameter starts at brainpy.state's default. Only
   before compile. */
bps_status bps_population_new(bps_network *net, const char *model, int64_t size, int32_t *out_pop);
/* Number of neurons. */
bps_status bps_population_size(bps_network *net, int32_t pop, int64_t *out_size);

/* Set a parameter to one value for every neuron, e.g. ("tau", 20.0, "ms"). State initializers are
   parameters too, named as in brainpy.state ("V_initializer"); a value there means Constant(value).
   After compile a parameter may still be changed if it stays homogeneous (the derived constants are
   recomputed); a state initializer change takes effect at the next bps_network_init_states. */
bps_status bps_population_set_param(bps_network *net, int32_t pop, const char *name,
                                    double value, const char *unit);
/* Set a parameter per neuron (len == size) or to one value (len == 1); list parameters of generators
   take any length (0 with values NULL for an empty list), LeakyRateReadout's w_init in_size*size
   values in row-major (in_size, out_size) order. */
bps_status bps_population_set_param_array(bps_network *net, int32_t pop, const char *name,
                                          const void *values, int64_t len, bps_dtype dtype,
                                          const char *unit);
/* Set a parameter from an initializer drawn with the counter-based generator keyed by (network seed,
   population, parameter, neuron): "Constant" (args: value), "Normal" (args: mean, std), "Uniform"
   (args: low, high). args are in `unit`. Parameters are drawn at compile, so this is only before
   compile for them; state initializers (V_initializer) are drawn at every init and may change any time. */
bps_status bps_population_set_param_init(bps_network *net, int32_t pop, const char *name,
                                         const char *initializer, const double *args, int32_t nargs,
                                         const char *unit);
/* Set a string option: "spk_reset" = "soft" | "hard". Only before compile. */
bps_status bps_population_set_option(bps_network *net, int32_t pop, const char *name, const char *value);
/* Read a parameter as one value per neuron (after compile; before compile only parameters given as
   values). */
bps_status bps_population_get_param(bps_network *net, int32_t pop, const char *name,
                                    void *out, int64_t capacity, bps_dtype dtype, const char *unit,
                                    int64_t *out_len);

/* Read a state variable ("V", "last_spike_time", "spike") as one value per neuron. After compile. */
bps_status bps_population_get_state(bps_network *net, int32_t pop, const char *state,
                                    void *out, int64_t capacity, bps_dtype dtype, const char *unit,
                                    int64_t *out_len);
/* Overwrite a state variable from host values (len == size, or 1 for all). After compile. Writing V
   also re-derives the pending spikes (brainpy.state's get_spike() reads V). */
bps_status bps_population_set_state(bps_network *net, int32_t pop, const char *state,
                                    const void *values, int64_t len, bps_dtype dtype, const char *unit);
/* The spikes of the last step (brainpy.state's get_spike() != 0) as one byte per neuron. After compile. */
bps_status bps_population_get_spikes(bps_network *net, int32_t pop, uint8_t *out, int64_t capacity,
                                     int64_t *out_len);

/* Register a persistent current input under `key` (brainpy.state's add_current_input with a
   constant): added to the neuron's current every step until changed. len 1 = every neuron, or one
   value per neuron. A key that already exists is BPS_ERR_INVALID_ARGUMENT. Allowed before and after
   compile. */
bps_status bps_population_add_current_input(bps_network *net, int32_t pop, const char *key,
                                            const void *values, int64_t len, bps_dtype dtype,
                                            const char *unit);
/* Change the value of an existing persistent current input (BPS_ERR_UNKNOWN_NAME if absent). */
bps_status bps_population_set_current_input(bps_network *net, int32_t pop, const char *key,
                                            const void *values, int64_t len, bps_dtype dtype,
                                            const char *unit);
/* Add a one-shot input consumed by the next step only (brainpy.state's non-callable inputs).
   kind "current": added to the current of the next step (unit of current, e.g. "mA");
   kind "delta": added to V after the next step's integration (unit of voltage, e.g. "mV").
   Several calls before a step add up. After compile. */
bps_status bps_population_add_one_shot_input(bps_network *net, int32_t pop, const char *kind,
                                             const void *values, int64_t len, bps_dtype dtype,
                                             const char *unit);

/* ---------------------------------------------------------------- input generators and readouts */

/* Generators (brainpy.state's inputs.py) are populations: they have a size, parameters (set with
   bps_population_set_param*, list parameters such as SectionInput's "values" as arrays of any length,
   an empty SpikeTime event list as length 0), states that can be read and monitored, and they run at
   the start of every step, before projections deliver and neurons update, so what they produce at
   step i is used at step i:
     - spike generators (SpikeTime, PoissonSpike, PoissonEncoder) emit spikes that projections
       (as `pre`), readouts and spike monitors read in the same step; PoissonEncoder's rates are its
       input x (bps_population_add_current_input / _add_one_shot_input / bps_network_step, in Hz);
     - value generators (SectionInput, ConstantInput, StepInput, RampInput, SinusoidalInput,
       WienerProcessInput, OUProcessInput) compute their state "output", which populations bound with
       bps_population_add_current_source add to their input x; their amplitudes may be in any unit
       (the first one set fixes the dimension, the others must agree, and it must be the driven
       model's input dimension: a current for the integrate-and-fire family);
     - PoissonInput adds K*weight to a state of the population it is bound to
       (bps_population_add_state_source), just before that population updates.
   Random draws use the counter-based generator keyed by (network seed, generator, step, element):
   independent of the thread count and of how a run is chunked; statistically equal to
   brainpy.state's (not its JAX stream). Times are compared in ms in the network precision with
   t = i*dt formed as under "Time"; the noise generators scale with sqrt(dt in ms), which equals
   brainpy.state's sqrt(dt) when its dt is given in ms. See docs/models.md for every parameter.
   A readout (LeakyRateReadout) computes r = exp(-dt/tau)*r + x @ W after the neurons of the step,
   with x the spikes its source emitted in the same step (bps_population_set_spike_source). */

/* brainpy.state's pop.add_current_input(key, generator): every step the output of the value
   generator `source` (size 1, or pop's size) is added to the input x of neuron population `pop`,
   under `key` (keys are shared with bps_population_add_current_input). Only before compile. */
bps_status bps_population_add_current_source(bps_network *net, int32_t pop, const char *key, int32_t source);
/* PoissonInput(target=pop.prefetch(state), indices, ...): every step, before `pop` updates, the
   PoissonInput population `source` adds its K*weight to state `state` ("V", ...) of the elements
   listed in `indices` (n_indices entries; repeated indices add up) or, with indices NULL, of every
   element. source's size must equal n_indices (or pop's size). Its weight unit must be the state's.
   Only before compile. */
bps_status bps_population_add_state_source(bps_network *net, int32_t pop, const char *state, int32_t source,
                                           const int64_t *indices, int64_t n_indices);
/* The input of readout `pop` (LeakyRateReadout): the spikes that population `source` (a neuron or
   spike generator population) emits in the same step, neurons [start, stop) (stop -1 = the end);
   stop - start must equal the readout's in_size. Only before compile. */
bps_status bps_population_set_spike_source(bps_network *net, int32_t pop, int32_t source, int64_t start,
                                           int64_t stop);

/* ---------------------------------------------------------------- projections */

typedef struct bps_projection_desc {
    uint32_t struct_size;   /* sizeof(bps_projection_desc) */
    const char *kind;       /* "AlignPostProj" (NULL means this; alias "align_post_projection"),
                               "CurrentProj" (comm -> out: the comm output is this step's conductance,
                               no synapse), "DeltaProj" (comm: the output is added to the post neurons'
                               V after integration), "align_pre_projection" (syn per presynaptic
                               neuron -> comm weighted by its value -> out), or the gap junctions
                               "SymmetryGapJunction" / "AsymmetryGapJunction" (pre and post whole
                               populations, comm/syn/out/stp NULL, no delay, no label) */
    int32_t pre;            /* presynaptic population id */
    int64_t pre_start;      /* presynaptic slice [pre_start, pre_stop) of pre (brainpy: N[a:b]) */
    int64_t pre_stop;       /* -1 means the end of pre */
    int32_t post;           /* postsynaptic population id (the whole population) */
    const char *comm;       /* required except for the gap junctions (NULL there);
                               event comms (any nonzero input counts as 1): "EventFixedProb",
                               "EventLinear" (float_as_event = "true"); comms weighted by the input value:
                               "FixedNumConn", "SparseLinear" (explicit connections), "Linear" (dense),
                               "AllToAll", "OneToOne", "EventLinear" with float_as_event = "false" */
    const char *syn;        /* AlignPostProj: "Expon" | "DualExpon" | "Alpha"; align_pre_projection: those
                               or "AMPA" | "GABAa" | "BioNMDA"; NULL for CurrentProj and DeltaProj */
    const char *out;        /* "COBA" | "CUBA" | "MgBlock" (all kinds but DeltaProj and the gap
                               junctions, which have none: NULL) */
    const char *label;      /* merge label as in brainpy.state (NULL = none) */
    double delay;           /* axonal delay of the input of comm (0 = none); a fraction of dt interpolates
                               between two steps as brainpy's InputDelay. Per-presynaptic-neuron delays:
                               bps_projection_set_param_array(net, proj, "proj", "delay", ...) */
    const char *delay_unit; /* unit of delay (NULL means "ms") */
    const char *stp;        /* short-term plasticity before the delay and comm: "STP" | "STD" | NULL;
                               its amplitudes need a value-weighted comm (or an align-pre synapse) */
} bps_projection_desc;

/* Fill *desc with defaults (AlignPostProj, whole-population slice, no delay, no stp) and set struct_size. */
bps_status bps_projection_desc_init(bps_projection_desc *desc);

/* Add a projection. Post-aligned synapses (Expon, DualExpon) with equal syn and out parameters onto
   the same post and label share one synapse state, as brainpy.state merges them; every other synapse,
   CurrentProj and DeltaProj have their own. Only before compile. Compile refuses an event comm after
   a plasticity module or an align-pre synapse (it would count each amplitude as a plain spike).
   Parameters of each part are set with bps_projection_set_param* (part = "proj", "stp", "comm", "syn",
   "out"); array parameters of "proj", "stp" and an align-pre "syn" have one value per presynaptic
   neuron, those of an AlignPostProj "syn" one per post neuron:
     proj:                delay (one value or one per presynaptic neuron)
     stp STP:             U, tau_f, tau_d                          (states u, x)
     stp STD:             tau, U                                   (states x)
     comm EventFixedProb, FixedNumConn:
                          conn_prob (probability p; out-degree int(n_post*p)) or conn_num (count),
                          conn_weight (scalar, or one value per synapse in row-major (n_pre, K) order),
                          seed (numpy MT19937 seed; unset = the network's numpy-style global stream)
     comm SparseLinear:   connections via bps_projection_set_connections
     comm Linear:         weight, a dense (n_pre, n_post) row-major matrix
     comm AllToAll:       weight (one value: y = w*sum(x); or a matrix); option include_self
     comm OneToOne:       weight (one value or one per neuron; pre and post of equal size)
     comm EventLinear:    weight (one value or a matrix); option float_as_event
     syn Expon:           tau, g_initializer                      (states g)
     syn DualExpon:       tau_decay, tau_rise, amplitude, g_initializer; option normalize
                                                                   (states g_rise, g_decay)
     syn Alpha:           tau, g_initializer                      (states g, h)
     syn AMPA, GABAa:     alpha, beta, T, T_dur, g_initializer    (states g, spike_arrival_time)
     syn BioNMDA:         alpha1, beta1, alpha2, beta2, T, T_dur, g_initializer, x_initializer
                                                                   (states g, x, spike_arrival_time)
     out COBA:            E;   out CUBA: scale
     out MgBlock:         E, cc_Mg, alpha, beta, V_offset: I = g*(E - V)/(1 + cc_Mg/beta*exp(alpha*(V_offset
                          - V))), evaluated inside the post neuron's exponential-Euler step with its
                          V-derivative in the linearisation (defaults 0 mV, 1.2 mM, 0.062 1/mV, 3.57 mM, 0 mV:
                          brainpy.state's bare defaults in the units it documents)
   Comm weights are conductances, except in a DeltaProj, where they have the post model's delta unit
   (a voltage for V).
   Gap junctions (spec: brainpy.state SymmetryGapJunction / AsymmetryGapJunction): every step, before
   any population updates, connection k adds g*(V_pre[pre_k] - V_post[post_k]) to the current of post
   neuron post_k and subtracts it from pre neuron pre_k (V as stored, i.e. before the step's spike reset;
   repeated pairs add up; mS*mV = uA). Both populations need V in mV and a current input
   (BPS_ERR_UNIT otherwise). Their index pairs come from bps_projection_set_connections (weight NULL),
   their conductance from the "proj" parameter "weight": SymmetryGapJunction one value or one per
   connection; AsymmetryGapJunction [g_pre, g_post] (2 values, the post side uses g_pre) or one pair per
   connection ((n, 2) row-major). The weight may be set again after compile (keeping one value or one
   per connection); bps_projection_get_connections reads back the post side's conductance. */
bps_status bps_projection_new(bps_network *net, const bps_projection_desc *desc, int32_t *out_proj);
bps_status bps_projection_set_param(bps_network *net, int32_t proj, const char *part, const char *name,
                                    double value, const char *unit);
/* Set a string option of a part (syn DualExpon "normalize", comm AllToAll "include_self", comm
   EventLinear "float_as_event": "true" | "false"). Only before compile. */
bps_status bps_projection_set_option(bps_network *net, int32_t proj, const char *part, const char *name,
                                     const char *value);
bps_status bps_projection_set_param_array(bps_network *net, int32_t proj, const char *part,
                                          const char *name, const void *values, int64_t len,
                                          bps_dtype dtype, const char *unit);
bps_status bps_projection_set_param_init(bps_network *net, int32_t proj, const char *part,
                                         const char *name, const char *initializer,
                                         const double *args, int32_t nargs, const char *unit);
/* Explicit connections for comm "SparseLinear": pre (index within the pre slice), post (index in
   post), and weight per connection (weight may be NULL: then the scalar comm parameter "weight" is
   used for all). For a gap junction: its (pre, post) index pairs, weight NULL. Only before compile. */
bps_status bps_projection_set_connections(bps_network *net, int32_t proj, const int64_t *pre,
                                          const int64_t *post, const void *weight, int64_t n,
                                          bps_dtype weight_dtype, const char *weight_unit);
/* Number of connections (after compile). */
bps_status bps_projection_num_connections(bps_network *net, int32_t proj, int64_t *out_n);
/* Read connectivity back (after compile), ordered by presynaptic neuron and, within a row, in
   generation order. Any of pre_out, post_out, weight_out may be NULL. */
bps_status bps_projection_get_connections(bps_network *net, int32_t proj, int64_t *pre_out,
                                          int64_t *post_out, void *weight_out, int64_t capacity,
                                          bps_dtype weight_dtype, const char *weight_unit,
                                          int64_t *out_len);
/* Read / write a state of the projection: of its synapse ("g"; DualExpon "g_rise", "g_decay"; Alpha "g",
   "h"; AMPA/GABAa/BioNMDA "g", "spike_arrival_time", BioNMDA "x"), of its plasticity module ("u", "x"),
   or a CurrentProj's bound conductance "g". A name may be qualified by its part ("syn.x", "stp.x");
   unqualified, it is the synapse's when both parts have it. One value per post neuron for an AlignPostProj synapse and
   the bound conductance, one per presynaptic neuron for the plasticity module and an align-pre
   synapse. After compile. */
bps_status bps_projection_get_state(bps_network *net, int32_t proj, const char *state, void *out,
                                    int64_t capacity, bps_dtype dtype, const char *unit,
                                    int64_t *out_len);
bps_status bps_projection_set_state(bps_network *net, int32_t proj, const char *state,
                                    const void *values, int64_t len, bps_dtype dtype, const char *unit);

/* ---------------------------------------------------------------- monitors */

/* Record the spikes of a population (indices NULL = every neuron, else n_indices neuron indices). */
bps_status bps_monitor_spikes(bps_network *net, int32_t pop, const int64_t *indices, int64_t n_indices,
                              int32_t *out_monitor);
/* Record a state variable of a population after every step ("V", "last_spike_time"). */
bps_status bps_monitor_state(bps_network *net, int32_t pop, const char *state, const int64_t *indices,
                             int64_t n_indices, int32_t *out_monitor);
/* Record a state of a projection's synapse ("g") after every step. */
bps_status bps_monitor_projection_state(bps_network *net, int32_t proj, const char *state,
                                        const int64_t *indices, int64_t n_indices, int32_t *out_monitor);
/* Number of recorded steps and of recorded neurons (the width of raster and values). */
bps_status bps_monitor_shape(bps_network *net, int32_t monitor, int64_t *out_steps, int64_t *out_width);
/* Spike monitors: the recorded spikes as events (step index since the last init, neuron index in the
   population), in time order (batched: then by row). Either buffer may be NULL. */
bps_status bps_monitor_get_events(bps_network *net, int32_t monitor, int64_t *steps_out,
                                  int64_t *neurons_out, int64_t capacity, int64_t *out_len);
/* Spike monitors of a batched network: the batch row of every event bps_monitor_get_events returns,
   in the same order (all 0 without a batch axis). */
bps_status bps_monitor_get_event_rows(bps_network *net, int32_t monitor, int64_t *rows_out, int64_t capacity,
                                      int64_t *out_len);
/* Spike monitors: a dense raster of steps x width bytes (0/1), row-major (steps x B x width when batched). */
bps_status bps_monitor_get_raster(bps_network *net, int32_t monitor, uint8_t *out, int64_t capacity,
                                  int64_t *out_len);
/* State monitors: steps x width values, row-major (steps x B x width when batched), converted to dtype
   and unit. */
bps_status bps_monitor_get_values(bps_network *net, int32_t monitor, void *out, int64_t capacity,
                                  bps_dtype dtype, const char *unit, int64_t *out_len);
/* The time of every recorded step (the t the step ran at) in unit. */
bps_status bps_monitor_get_times(bps_network *net, int32_t monitor, double *out, int64_t capacity,
                                 const char *unit, int64_t *out_len);
/* Drop everything recorded so far. */
bps_status bps_monitor_clear(bps_network *net, int32_t monitor);

/* ---------------------------------------------------------------- training: trainable Sequential networks */

/*
 * A bps_sequential is brainstate.nn.Sequential of training layers with a batch axis, trained with
 * surrogate gradients and backpropagation through time, as brainpy.state trains spiking networks.
 * Life cycle: bps_sequential_new -> bps_sequential_add_layer ... (each layer's input size is the
 * previous layer's output size) -> set parameters, options, initializers -> bps_sequential_grad
 * (forward over a [steps, batch, in] input from the initial states, loss, backward through time) ->
 * bps_sequential_optimizer_step; or bps_sequential_forward for simulation only.
 *
 * Layers ("kind", in_size, out_size):
 *   "Linear"            y = x·W + b; arrays "weight" [in, out] and "bias" [out] (option bias = "none"
 *                       drops it, brainpy's b_init=None), both trainable. Computed with OpenBLAS.
 *   "SparseLinear"      y[post[k]] += x[pre[k]]·w[k] over explicit synapses (bps_sequential_set_connections):
 *                       a simulator connectivity (SparseLinear, EventFixedProb's indices) made trainable;
 *                       array "weight" [n synapses], trainable
 *   "Expon"             g <- g·(decay) + x, output g; param tau (ms, per neuron: array "tau"),
 *                       g_initializer (constant)
 *   "DualExpon"         tau_decay, tau_rise (ms), amplitude, normalize (1/0), g_initializer
 *   "Alpha"             tau (ms; array "tau"), g_initializer
 *   "IF", "LIF", "LIFRef", "ALIF"   neurons; input x is a current in mA, output spikes 0/1.
 *                       params R (ohm), tau (ms; array "tau"), V_th, V_reset, V_rest, V_initializer (mV),
 *                       LIFRef tau_ref (ms), ALIF tau_a (ms), beta (mV), a_initializer; options
 *                       spk_reset = "soft" | "hard", spk_fun = a surrogate name (default "ReluGrad").
 *   "LeakyRateReadout"  r <- exp(-dt/tau)·r + x·W; array "weight" [in, out]; tau (ms)
 * Values are in the units of brainpy.state's training examples (ms, mV, mA, ohm), so R·I is in mV;
 * a unit string converts from another unit of the same dimension (NULL: the layer's own unit).
 * Arrays cross the ABI row-major: inputs [steps][batch][in], outputs [steps][batch][out].
 * Arrays that time constants fill ("tau") are trainable only when marked with set_trainable.
 *
 * Surrogates (spk_fun, braintools.surrogate, forward = Heaviside(x >= 0)): Sigmoid(alpha),
 * PiecewiseQuadratic(alpha), PiecewiseExp(alpha), SoftSign(alpha), Arctan(alpha), NonzeroSignLog(alpha),
 * ERF(alpha), PiecewiseLeakyRelu(c, w), SquarewaveFourierSeries(n, t_period), S2NN(alpha, beta, epsilon),
 * QPseudoSpike(alpha), LeakyRelu(alpha, beta), LogTailedRelu(alpha), ReluGrad(alpha, width),
 * GaussianGrad(sigma, alpha), MultiGaussianGrad(h, s, sigma, scale), InvSquareGrad(alpha), SlayerGrad(alpha).
 * Initializers (braintools.init; keys in parentheses): Constant(value), ZeroInit, Normal(mean, std),
 * Uniform(low, high), TruncatedNormal(mean, std, low, high), KaimingNormal(scale), KaimingUniform(scale),
 * XavierNormal(scale), XavierUniform(scale), LecunNormal(scale), LecunUniform(scale), and
 * "brainstate.KaimingNormal"(scale) (brainstate.nn.init's: a normal truncated at ±2σ).
 * Optimizers (braintools.optim, keys as its keywords, betas as beta1/beta2, booleans as 0/1, plus
 * grad_clip_norm and grad_clip_value, 0 = off): SGD(lr, momentum, nesterov, weight_decay),
 * Momentum(lr, momentum, weight_decay), MomentumNesterov(...), Adam(lr, beta1, beta2, eps,
 * weight_decay, amsgrad), AdamW(same; weight_decay default 0.01, decoupled), RMSprop(lr, alpha, eps,
 * momentum, centered, weight_decay). Schedulers: StepLR(step_size, gamma), MultiStepLR(milestones
 * (repeat the key), gamma), ExponentialLR(gamma), CosineAnnealingLR(T_max, eta_min),
 * ConstantLR(factor, total_iters), LinearLR(start_factor, end_factor, total_iters), PolynomialLR(total_iters,
 * power), WarmupScheduler(warmup_epochs, warmup_start_lr), each with an
 * optional base_lr (default: the optimizer's lr); they advance only on bps_sequential_scheduler_step.
 */
typedef struct bps_sequential bps_sequential;

/* Evaluate a surrogate spike function with keyword arguments at len points x: the forward value
   (Heaviside, 1 at x >= 0) and the derivative backpropagation uses. Either output may be NULL. */
bps_status bps_surrogate_eval(const char *name, int64_t n, const char *const *keys, const double *values,
                              const double *x, int64_t len, double *out_forward, double *out_grad);

typedef struct bps_sequential_options {
    uint32_t struct_size;   /* sizeof(bps_sequential_options) */
    double dt;              /* time step, in dt_unit (default 0.1, as bps_network_options) */
    const char *dt_unit;    /* unit of dt (default "ms"; NULL means "ms") */
    uint64_t seed;          /* seed of the initializers (default 0) */
    int32_t precision;      /* 32 (float32, default) or 64 (float64) */
    int32_t num_threads;    /* worker threads of the layers' time loops and the input scan; 0 = all
                               cores (default: the CPUs of the process's affinity mask), 1 = caller's
                               thread only. Results do not depend on it. */
} bps_sequential_options;

/* Fill *opts with the defaults (and struct_size). */
bps_status bps_sequential_options_init(bps_sequential_options *opts);
/* A new, empty network (opts NULL = defaults). Delete it with bps_sequential_delete. */
bps_status bps_sequential_new(const bps_sequential_options *opts, bps_sequential **out_seq);
/* Delete a network (NULL is a no-op). */
bps_status bps_sequential_delete(bps_sequential *seq);

/* Append a layer; *out_layer receives its index (0, 1, ...). Before an optimizer is set. */
bps_status bps_sequential_add_layer(bps_sequential *seq, const char *kind, int64_t in_size, int64_t out_size,
                                    int32_t *out_layer);
bps_status bps_sequential_num_layers(bps_sequential *seq, int32_t *out_count);
/* The number of worker threads (after resolving 0 = all cores). */
bps_status bps_sequential_get_num_threads(bps_sequential *seq, int32_t *out_num_threads);
/* A layer's kind (static storage) and sizes; any out pointer may be NULL. */
bps_status bps_sequential_layer_info(bps_sequential *seq, int32_t layer, const char **out_kind,
                                     int64_t *out_in_size, int64_t *out_out_size);
/* A layer's array number `index` (0, 1, ... until BPS_ERR_OUT_OF_RANGE): name (static storage),
   number of elements and whether the optimizer updates it. */
bps_status bps_sequential_array_info(bps_sequential *seq, int32_t layer, int32_t index, const char **out_name,
                                     int64_t *out_len, int32_t *out_trainable);

/* Scalar parameters of a layer (see the list above), value in unit (NULL: the layer's unit). */
bps_status bps_sequential_set_param(bps_sequential *seq, int32_t layer, const char *name, double value,
                                    const char *unit);
bps_status bps_sequential_get_param(bps_sequential *seq, int32_t layer, const char *name, const char *unit,
                                    double *out_value);
/* String options: spk_reset, spk_fun (a surrogate with its default parameters), bias = "none". */
bps_status bps_sequential_set_option(bps_sequential *seq, int32_t layer, const char *name, const char *value);
/* A neuron layer's surrogate with keyword arguments (n pairs; keys/values may be NULL when n is 0). */
bps_status bps_sequential_set_surrogate(bps_sequential *seq, int32_t layer, const char *name, int64_t n,
                                        const char *const *keys, const double *values);
/* Fill an array from an initializer drawn with the network's seed. */
bps_status bps_sequential_init_array(bps_sequential *seq, int32_t layer, const char *array,
                                     const char *initializer, int64_t n, const char *const *keys,
                                     const double *values);
/* Write / read an array ("weight", "bias", "tau"), all elements, row-major. */
bps_status bps_sequential_set_array(bps_sequential *seq, int32_t layer, const char *array, const void *values,
                                    int64_t len, bps_dtype dtype);
bps_status bps_sequential_get_array(bps_sequential *seq, int32_t layer, const char *array, void *out,
                                    int64_t capacity, bps_dtype dtype, int64_t *out_len);
/* A SparseLinear layer's synapses: n pairs pre[k] -> post[k] (input, output indices); the weights
   start at 0. Before an optimizer is set. */
bps_status bps_sequential_set_connections(bps_sequential *seq, int32_t layer, const int64_t *pre, const int64_t *post,
                                          int64_t n);
/* Mark an array trainable (1) or frozen (0). Before an optimizer is set. */
bps_status bps_sequential_set_trainable(bps_sequential *seq, int32_t layer, const char *array, int32_t trainable);
/* Keep the layer states of every `every`-th step only and recompute the others during backward
   (1, the default, keeps all; about sqrt(steps) minimises memory). */
bps_status bps_sequential_set_checkpointing(bps_sequential *seq, int32_t every);

/* Simulate: x holds steps*batch*in values; every state starts from its initializer. */
bps_status bps_sequential_forward(bps_sequential *seq, const void *x, bps_dtype x_dtype, int64_t steps,
                                  int64_t batch);
/* The last run's output of `layer` ([steps][batch][out]; layer -1: the network's output). */
bps_status bps_sequential_get_output(bps_sequential *seq, int32_t layer, void *out, int64_t capacity,
                                     bps_dtype dtype, int64_t *out_len);

typedef struct bps_loss_options {
    uint32_t struct_size;   /* sizeof(bps_loss_options) */
    /* "softmax_cross_entropy_with_integer_labels" (default; integer labels, one per batch row) or
       "squared_error" (float targets [batch][out], or integer labels meaning one-hot targets);
       the loss is averaged over the batch (and outputs), as .mean() in the reference examples */
    const char *loss;
    /* how the output is reduced over time first: "mean" (default), "sum", "max", "last" */
    const char *reduce;
} bps_loss_options;

bps_status bps_loss_options_init(bps_loss_options *opts);
/* Forward, loss and backpropagation through time: every array's gradient becomes dL/d(array) for this
   batch (read with bps_sequential_get_grad). *out_loss includes the regularizers; *out_accuracy is the
   fraction of rows whose largest reduced output is the label. Either out pointer may be NULL. */
bps_status bps_sequential_grad(bps_sequential *seq, const void *x, bps_dtype x_dtype, int64_t steps,
                               int64_t batch, const bps_loss_options *loss, const void *target,
                               int64_t target_len, bps_dtype target_dtype, double *out_loss,
                               double *out_accuracy);
/* The same loss and accuracy without gradients. */
bps_status bps_sequential_evaluate(bps_sequential *seq, const void *x, bps_dtype x_dtype, int64_t steps,
                                   int64_t batch, const bps_loss_options *loss, const void *target,
                                   int64_t target_len, bps_dtype target_dtype, double *out_loss,
                                   double *out_accuracy);
bps_status bps_sequential_get_grad(bps_sequential *seq, int32_t layer, const char *array, void *out,
                                   int64_t capacity, bps_dtype dtype, int64_t *out_len);
/* Replace a gradient (e.g. one the host changed) before an optimizer step. */
bps_status bps_sequential_set_grad(bps_sequential *seq, int32_t layer, const char *array, const void *values,
                                   int64_t len, bps_dtype dtype);
/* A penalty on a neuron layer's spikes added to the loss: "spike_count" (strength x the mean over the
   batch of the layer's total spike count), "firing_rate" (strength x the mean over batch rows and neurons
   of (rate in Hz - target)^2) or "none". */
bps_status bps_sequential_set_regularizer(bps_sequential *seq, int32_t layer, const char *kind, double strength,
                                          double target);

/* Register an optimizer over every trainable array (braintools' register_trainable_weights). */
bps_status bps_sequential_set_optimizer(bps_sequential *seq, const char *name, int64_t n, const char *const *keys,
                                        const double *values);
/* Attach a learning-rate scheduler to the optimizer. */
bps_status bps_sequential_set_scheduler(bps_sequential *seq, const char *name, int64_t n, const char *const *keys,
                                        const double *values);
/* One optimizer update from the current gradients (braintools' opt.update(grads)). A step that would
   make a parameter non-finite (or a time constant non-positive) is refused and changes nothing. */
bps_status bps_sequential_optimizer_step(bps_sequential *seq);
/* One scheduler epoch on. */
bps_status bps_sequential_scheduler_step(bps_sequential *seq);
bps_status bps_sequential_get_lr(bps_sequential *seq, double *out_lr);
bps_status bps_sequential_get_step_count(bps_sequential *seq, int64_t *out_count);

#ifdef __cplusplus
}
#endif

#endif /* BRAINPYSTATE_H */

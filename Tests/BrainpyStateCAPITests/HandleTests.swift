import BrainpyStateCAPI
import CBrainpyState
import Testing

/// The C ABI's handle registry and option structs, exercised from Swift through the exported functions.
struct HandleTests {
    func message() -> String { String(cString: bps_last_error_message()) }

    func newNetwork(_ configure: (inout bps_network_options) -> Void = { _ in }) -> OpaquePointer? {
        var opts = bps_network_options()
        #expect(bps_network_options_init(&opts) == BPS_OK)
        configure(&opts)
        var net: OpaquePointer?
        #expect(bps_network_new(&opts, &net) == BPS_OK)
        return net
    }

    @Test func deletedAndForeignHandlesAreRejected() {
        let net = newNetwork()
        var pop: Int32 = -1
        #expect(bps_population_new(net, "LIF", 10, &pop) == BPS_OK)
        #expect(bps_network_delete(net) == BPS_OK)
        #expect(bps_population_new(net, "LIF", 10, &pop) == BPS_ERR_BAD_HANDLE)
        #expect(message().contains("not a live network"))
        #expect(bps_network_delete(net) == BPS_ERR_BAD_HANDLE)
        var junk = [UInt64](repeating: 0xDEAD_BEEF, count: 8)
        junk.withUnsafeMutableBytes { raw in
            let foreign = OpaquePointer(raw.baseAddress!)
            #expect(bps_network_compile(foreign) == BPS_ERR_BAD_HANDLE)
        }
        #expect(bps_network_delete(nil) == BPS_OK)
        #expect(bps_network_compile(nil) == BPS_ERR_BAD_HANDLE)
        #expect(message().contains("NULL"))
    }

    /// An options struct from an older, shorter header: fields beyond struct_size keep their defaults.
    @Test func optionFieldsBeyondStructSizeAreIgnored() {
        let net = newNetwork { opts in
            opts.dt = 0.25
            opts.precision = 64
            opts.struct_size = UInt32(MemoryLayout<bps_network_options>.offset(of: \.precision)!)
        }
        defer { _ = bps_network_delete(net) }
        var dt = 0.0, precision: Int32 = 0
        #expect(bps_network_get_dt(net, "ms", &dt) == BPS_OK)
        #expect(bps_network_get_precision(net, &precision) == BPS_OK)
        #expect(dt == 0.25)
        #expect(precision == 32)
        var zero = bps_network_options()
        var other: OpaquePointer?
        #expect(bps_network_new(&zero, &other) == BPS_ERR_INVALID_ARGUMENT)
        #expect(message().contains("struct_size"))
    }

    /// Cancelling from the progress callback stops at a step boundary; the network runs on afterwards.
    @Test func cancelFromTheCallback() {
        let net = newNetwork()
        defer { _ = bps_network_delete(net) }
        var pop: Int32 = -1
        #expect(bps_population_new(net, "LIF", 50, &pop) == BPS_OK)
        var mon: Int32 = -1
        #expect(bps_monitor_state(net, pop, "V", nil, 0, &mon) == BPS_OK)
        #expect(bps_network_compile(net) == BPS_OK)
        var opts = bps_run_options()
        #expect(bps_run_options_init(&opts) == BPS_OK)
        opts.progress_interval = 7
        opts.progress = { _, done, _ in done >= 21 ? 1 : 0 }
        #expect(bps_network_run(net, 100, &opts) == BPS_ERR_CANCELLED)
        #expect(message().contains("cancelled"))
        var t = 0.0, step: Int64 = 0
        #expect(bps_network_get_time(net, "ms", &t, &step) == BPS_OK)
        #expect(step == 21)
        var steps: Int64 = 0, width: Int64 = 0
        #expect(bps_monitor_shape(net, mon, &steps, &width) == BPS_OK)
        #expect(steps == 21 && width == 50)
        #expect(bps_network_run(net, 9, nil) == BPS_OK)
        #expect(bps_network_get_time(net, "ms", &t, &step) == BPS_OK)
        #expect(step == 30)
        #expect(abs(t - 3.0) < 1e-6)
    }
}

/// What a progress callback may do to the network that is running it.
struct ReentrancyTests {
    /// user_data is the network handle; the callback tries the forbidden calls and counts refusals.
    final class Probe {
        let net: OpaquePointer?
        var refused = 0
        var readOK = false
        init(_ net: OpaquePointer?) { self.net = net }
    }

    @Test func callbackCannotRunDeleteOrReinitialiseItsNetwork() {
        var opts = bps_network_options()
        _ = bps_network_options_init(&opts)
        var net: OpaquePointer?
        #expect(bps_network_new(&opts, &net) == BPS_OK)
        defer { _ = bps_network_delete(net) }
        var pop: Int32 = -1
        #expect(bps_population_new(net, "LIF", 20, &pop) == BPS_OK)
        #expect(bps_network_compile(net) == BPS_OK)
        let probe = Probe(net)
        var run = bps_run_options()
        _ = bps_run_options_init(&run)
        run.progress_interval = 10
        run.user_data = Unmanaged.passUnretained(probe).toOpaque()
        run.progress = { user, done, _ in
            let probe = Unmanaged<Probe>.fromOpaque(user!).takeUnretainedValue()
            guard done == 10 else { return 0 }
            var mon: Int32 = -1
            if bps_network_run(probe.net, 5, nil) == BPS_ERR_BAD_STATE { probe.refused += 1 }
            if bps_network_step(probe.net, -1, nil, 0, BPS_DTYPE_FLOAT32, nil, -1, nil, 0, nil) == BPS_ERR_BAD_STATE { probe.refused += 1 }
            if bps_network_init_states(probe.net) == BPS_ERR_BAD_STATE { probe.refused += 1 }
            if bps_monitor_state(probe.net, 0, "V", nil, 0, &mon) == BPS_ERR_BAD_STATE { probe.refused += 1 }
            if bps_network_delete(probe.net) == BPS_ERR_BAD_STATE { probe.refused += 1 }
            var t = 0.0, step: Int64 = 0
            probe.readOK = bps_network_get_time(probe.net, "ms", &t, &step) == BPS_OK && step == 10
            return 0
        }
        #expect(bps_network_run(net, 30, &run) == BPS_OK)
        #expect(probe.refused == 5)
        #expect(probe.readOK)
        var t = 0.0, step: Int64 = 0
        #expect(bps_network_get_time(net, "ms", &t, &step) == BPS_OK)
        #expect(step == 30)
        #expect(bps_network_run(net, 5, nil) == BPS_OK)
    }
}

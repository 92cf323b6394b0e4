import BrainpyStateCAPI
import CBrainpyState
import Testing

/// The discovery calls list every model with brainpy.state's parameters, defaults and units.
struct CatalogTests {
    func text(_ p: UnsafePointer<CChar>?) -> String { p.map { String(cString: $0) } ?? "" }

    func model(named wanted: String) -> Int32? {
        var count: Int32 = 0
        #expect(bps_model_count(&count) == BPS_OK)
        for m in 0..<count {
            var name: UnsafePointer<CChar>?
            #expect(bps_model_info(m, &name, nil, nil, nil, nil, nil) == BPS_OK)
            if text(name) == wanted { return m }
        }
        return nil
    }

    @Test func lifRefParametersAndDefaults() throws {
        let m = try #require(model(named: "LIFRef"))
        var role: UnsafePointer<CChar>?
        var params: Int32 = 0, states: Int32 = 0, options: Int32 = 0
        #expect(bps_model_info(m, nil, &role, nil, &params, &states, &options) == BPS_OK)
        #expect(text(role) == "neuron")
        var found: [String: (Double, String, Bool)] = [:]
        for k in 0..<params {
            var name: UnsafePointer<CChar>?, unit: UnsafePointer<CChar>?
            var value = 0.0, has: Int32 = 0, initializer: Int32 = 0
            #expect(bps_model_param_info(m, k, &name, &unit, &value, &has, &initializer, nil) == BPS_OK)
            found[text(name)] = (value, text(unit), initializer == 1)
        }
        #expect(found["tau_ref"]?.0 == 5 && found["tau_ref"]?.1 == "ms")
        #expect(found["R"]?.0 == 1 && found["R"]?.1 == "ohm")
        #expect(found["V_initializer"]?.2 == true)
        var stateNames: [String] = []
        for k in 0..<states {
            var name: UnsafePointer<CChar>?
            #expect(bps_model_state_info(m, k, &name, nil, nil) == BPS_OK)
            stateNames.append(text(name))
        }
        #expect(stateNames.contains("last_spike_time"))
        var option: UnsafePointer<CChar>?, def: UnsafePointer<CChar>?, allowed: UnsafePointer<CChar>?
        #expect(options == 1)
        #expect(bps_model_option_info(m, 0, &option, &def, &allowed) == BPS_OK)
        #expect(text(option) == "spk_reset" && text(def) == "soft" && text(allowed) == "soft,hard")
    }

    @Test func requiredParametersHaveNoDefault() throws {
        let m = try #require(model(named: "COBA"))
        var has: Int32 = 1, value = 0.0
        #expect(bps_model_param_info(m, 0, nil, nil, &value, &has, nil, nil) == BPS_OK)
        #expect(has == 0 && value.isNaN)
    }

    @Test func outOfRangeIndicesAreRefused() {
        var count: Int32 = 0
        #expect(bps_model_count(&count) == BPS_OK)
        #expect(bps_model_info(count, nil, nil, nil, nil, nil, nil) == BPS_ERR_OUT_OF_RANGE)
        #expect(bps_model_info(-1, nil, nil, nil, nil, nil, nil) == BPS_ERR_OUT_OF_RANGE)
        #expect(bps_model_param_info(0, 999, nil, nil, nil, nil, nil, nil) == BPS_ERR_OUT_OF_RANGE)
        #expect(String(cString: bps_last_error_message()).contains("999"))
        #expect(bps_model_count(nil) == BPS_ERR_NULL_POINTER)
    }
}

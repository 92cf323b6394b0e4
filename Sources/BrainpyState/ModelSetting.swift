import CBrainpyState

/// One named setting of a model description: a parameter, a string option, or explicit connections.
/// Settings are applied in order by `Network.add`, each with the one C call that takes it, so a bad
/// setting fails with the engine's own message naming the model and the parameter.
public struct ModelSetting: Sendable {
    let name: String
    let payload: Payload

    enum Payload: Sendable {
        case parameter(@Sendable () throws -> CParameter)
        case option(String)
        case connections(pre: [Int64], post: [Int64], weight: (values: [Double], unit: String)?)
    }

    /// A parameter named as in brainpy.state ("tau", "V_initializer", "conn_weight", ...).
    public static func parameter<D: PhysicalDimension>(_ name: String, _ value: any ParameterSource<D>) -> ModelSetting {
        let p = value.parameter
        return ModelSetting(name: name, payload: .parameter { try p.cParameter() })
    }

    /// A string option ("spk_reset" = "soft" | "hard").
    public static func option(_ name: String, _ value: String) -> ModelSetting {
        ModelSetting(name: name, payload: .option(value))
    }

    /// Explicit connections of a "SparseLinear" comm: pre index within the pre slice, post index,
    /// and optionally one weight per connection (a conductance, a current or a voltage, as the
    /// projection kind needs).
    public static func connections<D>(pre: [Int], post: [Int], weight: QuantityArray<D>?) -> ModelSetting {
        ModelSetting(name: "connections",
                     payload: .connections(pre: pre.map(Int64.init), post: post.map(Int64.init),
                                           weight: weight.map { ($0.values, $0.unit.symbol) }))
    }

    /// `parameter(name, value)` if the value is given, else nothing (the engine keeps its default).
    static func optional<D>(_ name: String, _ value: Parameter<D>?) -> ModelSetting? {
        value.map { parameter(name, $0) }
    }
}

/// Where a setting is applied: a population, or one part ("comm", "syn", "out") of a projection.
enum SettingTarget {
    case population(OpaquePointer, Int32)
    case projection(OpaquePointer, Int32, part: String)
}

extension ModelSetting {
    func apply(to target: SettingTarget) throws {
        switch (payload, target) {
        case (.parameter(let make), .population(let net, let pop)):
            switch try make() {
            case .scalar(let v, let unit):
                try check(bps_population_set_param(net, pop, name, v, unit))
            case .array(let values, let unit):
                try check(bps_population_set_param_array(net, pop, name, values, Int64(values.count),
                                                         BPS_DTYPE_FLOAT64, unit))
            case .initializer(let initName, let args, let unit):
                try check(bps_population_set_param_init(net, pop, name, initName, args, Int32(args.count), unit))
            }
        case (.parameter(let make), .projection(let net, let proj, let part)):
            switch try make() {
            case .scalar(let v, let unit):
                try check(bps_projection_set_param(net, proj, part, name, v, unit))
            case .array(let values, let unit):
                try check(bps_projection_set_param_array(net, proj, part, name, values, Int64(values.count),
                                                         BPS_DTYPE_FLOAT64, unit))
            case .initializer(let initName, let args, let unit):
                try check(bps_projection_set_param_init(net, proj, part, name, initName, args,
                                                        Int32(args.count), unit))
            }
        case (.option(let value), .population(let net, let pop)):
            try check(bps_population_set_option(net, pop, name, value))
        case (.connections(let pre, let post, let weight), .projection(let net, let proj, _)):
            guard pre.count == post.count else {
                throw BrainpyStateError(status: .invalidArgument,
                                        message: "connections: \(pre.count) pre indices but \(post.count) post indices")
            }
            if let weight {
                guard weight.values.count == pre.count else {
                    throw BrainpyStateError(status: .invalidArgument,
                                            message: "connections: \(pre.count) connections but \(weight.values.count) weights")
                }
                try check(bps_projection_set_connections(net, proj, pre, post, weight.values, Int64(pre.count),
                                                         BPS_DTYPE_FLOAT64, weight.unit))
            } else {
                try check(bps_projection_set_connections(net, proj, pre, post, nil, Int64(pre.count),
                                                         BPS_DTYPE_FLOAT64, nil))
            }
        case (.option(let value), .projection(let net, let proj, let part)):
            try check(bps_projection_set_option(net, proj, part, name, value))
        case (.connections, .population):
            throw BrainpyStateError(status: .invalidArgument, message: "connections apply to a SparseLinear comm only")
        }
    }
}

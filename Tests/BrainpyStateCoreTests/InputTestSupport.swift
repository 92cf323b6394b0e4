@testable import BrainpyStateCore

/// Small helpers for the generator tests: set parameters from plain numbers and arrays.
extension Network {
    func set(_ pop: Int, _ name: String, _ value: Double, _ unit: String) throws {
        try setPopulationParam(pop, name, .scalar(value, unit: unit))
    }

    func set(_ pop: Int, _ name: String, _ values: [Double], _ unit: String) throws {
        try values.withUnsafeBufferPointer { b in
            try setPopulationParam(pop, name, .array(.float64(b), unit: unit))
        }
    }

    func addConstant(_ pop: Int, _ key: String, _ value: Double, _ unit: String) throws {
        try [value].withUnsafeBufferPointer { b in
            try addCurrentInput(pop, key: key, .float64(b), unit: unit, replace: false)
        }
    }

    /// Record `state` of `pop` for `steps` steps (steps × size values).
    func record(_ pop: Int, _ state: String, unit: String, steps: Int) throws -> [[Double]] {
        let size = try populationSize(pop)
        let m = try addStateMonitor(pop, state, indices: nil)
        try run(steps: steps)
        let values = try monitorValues(m, unit: unit)
        return (0..<steps).map { Array(values[($0 * size)..<(($0 + 1) * size)]) }
    }
}

/// The status of a failing call (nil when it succeeds).
func status(_ body: () throws -> Void) -> EngineError.Status? {
    do { try body(); return nil } catch let error as EngineError { return error.status } catch { return .internal }
}

/// Mean and (population) variance.
func moments(_ xs: [Double]) -> (mean: Double, variance: Double) {
    let m = xs.reduce(0, +) / Double(xs.count)
    return (m, xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count))
}

import BrainpyStateCore
import CBrainpyState
import Glibc

/// The catalogue's strings as C strings, made once and kept for the life of the process: the ABI
/// hands out pointers that hosts may keep (immutable after their one-time creation).
private final class CatalogStrings: Sendable {
    struct Entry: Sendable {
        let name: CString, role: CString, doc: CString
        let params: [(name: CString, unit: CString, doc: CString)]
        let states: [(name: CString, unit: CString, doc: CString)]
        let options: [(name: CString, defaultValue: CString, allowed: CString)]
    }

    /// A NUL-terminated copy that is never freed.
    struct CString: @unchecked Sendable {
        let pointer: UnsafePointer<CChar>
        init(_ s: String) { pointer = UnsafePointer(strdup(s)!) }
    }

    static let shared = CatalogStrings()
    let entries: [Entry]

    private init() {
        entries = ModelCatalog.all.map { m in
            Entry(name: CString(m.name), role: CString(m.role.rawValue), doc: CString(m.doc),
                  params: m.params.map { (CString($0.name), CString($0.unit), CString($0.doc)) },
                  states: m.states.map { (CString($0.name), CString($0.unit), CString($0.doc)) },
                  options: m.options.map { (CString($0.name), CString($0.defaultValue),
                                            CString($0.allowed.joined(separator: ","))) })
        }
    }
}

private func entry(_ model: Int32) throws(EngineError) -> (CatalogStrings.Entry, ModelSpec) {
    let all = ModelCatalog.all
    guard model >= 0, Int(model) < all.count else {
        throw EngineError(.outOfRange, "model index \(model) outside [0, \(all.count))")
    }
    return (CatalogStrings.shared.entries[Int(model)], all[Int(model)])
}

private func index(_ i: Int32, _ count: Int, _ what: String, _ model: String) throws(EngineError) -> Int {
    guard i >= 0, Int(i) < count else { throw EngineError(.outOfRange, "\(model) has \(count) \(what)s; index \(i) is out of range") }
    return Int(i)
}

@c @implementation
public func bps_model_count(_ outCount: UnsafeMutablePointer<Int32>?) -> bps_status {
    capi { () throws(EngineError) in try out(outCount, "out_count").pointee = Int32(ModelCatalog.all.count) }
}

@c @implementation
public func bps_model_info(_ model: Int32, _ outName: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                           _ outRole: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                           _ outDoc: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                           _ outNumParams: UnsafeMutablePointer<Int32>?, _ outNumStates: UnsafeMutablePointer<Int32>?,
                           _ outNumOptions: UnsafeMutablePointer<Int32>?) -> bps_status {
    capi { () throws(EngineError) in
        let (e, spec) = try entry(model)
        outName?.pointee = e.name.pointer
        outRole?.pointee = e.role.pointer
        outDoc?.pointee = e.doc.pointer
        outNumParams?.pointee = Int32(spec.params.count)
        outNumStates?.pointee = Int32(spec.states.count)
        outNumOptions?.pointee = Int32(spec.options.count)
    }
}

@c @implementation
public func bps_model_param_info(_ model: Int32, _ param: Int32, _ outName: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                 _ outUnit: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                 _ outDefault: UnsafeMutablePointer<Double>?, _ outHasDefault: UnsafeMutablePointer<Int32>?,
                                 _ outIsInitializer: UnsafeMutablePointer<Int32>?,
                                 _ outDoc: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> bps_status {
    capi { () throws(EngineError) in
        let (e, spec) = try entry(model)
        let k = try index(param, spec.params.count, "parameter", spec.name)
        let p = spec.params[k]
        outName?.pointee = e.params[k].name.pointer
        outUnit?.pointee = e.params[k].unit.pointer
        outDefault?.pointee = p.defaultValue ?? .nan
        outHasDefault?.pointee = p.defaultValue == nil ? 0 : 1
        outIsInitializer?.pointee = p.isInitializer ? 1 : 0
        outDoc?.pointee = e.params[k].doc.pointer
    }
}

@c @implementation
public func bps_model_state_info(_ model: Int32, _ state: Int32, _ outName: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                 _ outUnit: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                 _ outDoc: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> bps_status {
    capi { () throws(EngineError) in
        let (e, spec) = try entry(model)
        let k = try index(state, spec.states.count, "state", spec.name)
        outName?.pointee = e.states[k].name.pointer
        outUnit?.pointee = e.states[k].unit.pointer
        outDoc?.pointee = e.states[k].doc.pointer
    }
}

@c @implementation
public func bps_model_option_info(_ model: Int32, _ option: Int32, _ outName: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                  _ outDefault: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                  _ outAllowed: UnsafeMutablePointer<UnsafePointer<CChar>?>?) -> bps_status {
    capi { () throws(EngineError) in
        let (e, spec) = try entry(model)
        let k = try index(option, spec.options.count, "option", spec.name)
        outName?.pointee = e.options[k].name.pointer
        outDefault?.pointee = e.options[k].defaultValue.pointer
        outAllowed?.pointee = e.options[k].allowed.pointer
    }
}

// swift-tools-version: 6.2
// brainpystate: a compiled spiking-network engine with a stable C ABI (include/brainpystate.h).
// The shipping library is built by CMake / tools/build-release.sh in its own scratch path with
// -static-stdlib (see README "Building"); keep that flag out of this file: `swift test` cannot link it.
import PackageDescription

// The CPU the Swift code is compiled for. tools/build-release.sh (and CMake through it) sets
// BPS_TARGET_CPU: haswell (AVX2 + FMA) for the shipped library, "native", or "generic" (no flag).
// Only then does this manifest carry compiler flags (SwiftPM refuses packages with unsafe flags as
// versioned dependencies); a plain `swift build` compiles for the toolchain's default CPU.
let targetCPU = Context.environment["BPS_TARGET_CPU"]
let cpuFlags: [SwiftSetting] = targetCPU.map { $0.isEmpty || $0 == "generic" ? [] : [.unsafeFlags(["-target-cpu", $0])] } ?? []
// The AVX-512 build of the LIF-family kernels (Sources/BrainpyStateAVX512: links to the engine's
// kernel files and one entry point), chosen at run time on CPUs that have it.
let avx512Flags: [SwiftSetting] = targetCPU == nil ? [] : [.unsafeFlags(["-target-cpu", "skylake-avx512"])]

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)] + cpuFlags

let package = Package(
    name: "brainpystate",
    products: [
        // libbrainpystate.so: the C ABI.
        .library(name: "brainpystate", type: .dynamic, targets: ["BrainpyStateCAPI"]),
        // The Swift API, a thin layer over the same C handles.
        .library(name: "BrainpyState", targets: ["BrainpyState"]),
    ],
    targets: [
        // The public header, imported by Swift through include/module.modulemap.
        .systemLibrary(name: "CBrainpyState", path: "include"),
        // Thread-local error slot (Swift has no thread-locals), prefetch, spin-wait hint, CPUID, movemasks.
        .target(name: "_BrainpyStateShims"),
        // The engine: pure Swift, no Foundation, no C types in its public surface. OpenBLAS is loaded
        // at run time, when a network first compiles a dense projection (Runtime/OpenBLAS.swift).
        .target(name: "BrainpyStateAVX512", dependencies: ["_BrainpyStateShims"], swiftSettings: [.treatAllWarnings(as: .error)] + avx512Flags),
        // MemberImportVisibility: the AVX-512 module's copies of the kernel helpers are visible only
        // in the one file that imports it, not as look-alikes of the engine's own everywhere.
        .target(name: "BrainpyStateCore", dependencies: ["_BrainpyStateShims", "BrainpyStateAVX512"],
                swiftSettings: strict + [.enableUpcomingFeature("MemberImportVisibility")]),
        // The exported C entry points (@c @implementation, checked against the header).
        .target(name: "BrainpyStateCAPI",
                dependencies: ["BrainpyStateCore", "CBrainpyState", "_BrainpyStateShims"],
                swiftSettings: strict),
        // The Swift API.
        .target(name: "BrainpyState", dependencies: ["BrainpyStateCAPI", "CBrainpyState"],
                swiftSettings: strict),
        .executableTarget(name: "coba-swift", dependencies: ["BrainpyState"], path: "examples/swift",
                          swiftSettings: strict),
        .testTarget(name: "BrainpyStateCoreTests", dependencies: ["BrainpyStateCore"],
                    swiftSettings: strict + [.enableUpcomingFeature("MemberImportVisibility")]),
        .testTarget(name: "BrainpyStateCAPITests",
                    dependencies: ["BrainpyStateCAPI", "CBrainpyState"], swiftSettings: strict),
        .testTarget(name: "BrainpyStateTests", dependencies: ["BrainpyState"], swiftSettings: strict),
    ]
)

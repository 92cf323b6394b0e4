// swift-tools-version: 6.2
// brainpystate: a compiled spiking-network engine with a stable C ABI (include/brainpystate.h).
// The shipping library is built by CMake / tools/build-release.sh in its own scratch path with
// -static-stdlib (see README "Building"); keep that flag out of this file: `swift test` cannot link it.
import PackageDescription

let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

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
        // Thread-local error slot (Swift has no thread-locals) and a prefetch hint.
        .target(name: "_BrainpyStateShims"),
        // The engine: pure Swift, no Foundation, no C types in its public surface. OpenBLAS is loaded
        // at run time, when a network first compiles a dense projection (Runtime/OpenBLAS.swift).
        .target(name: "BrainpyStateCore", dependencies: ["_BrainpyStateShims"], swiftSettings: strict),
        // The exported C entry points (@c @implementation, checked against the header).
        .target(name: "BrainpyStateCAPI",
                dependencies: ["BrainpyStateCore", "CBrainpyState", "_BrainpyStateShims"],
                swiftSettings: strict),
        // The Swift API.
        .target(name: "BrainpyState", dependencies: ["BrainpyStateCAPI", "CBrainpyState"],
                swiftSettings: strict),
        .executableTarget(name: "coba-swift", dependencies: ["BrainpyState"], path: "examples/swift",
                          swiftSettings: strict),
        .testTarget(name: "BrainpyStateCoreTests", dependencies: ["BrainpyStateCore"], swiftSettings: strict),
        .testTarget(name: "BrainpyStateCAPITests",
                    dependencies: ["BrainpyStateCAPI", "CBrainpyState"], swiftSettings: strict),
        .testTarget(name: "BrainpyStateTests", dependencies: ["BrainpyState"], swiftSettings: strict),
    ]
)

// swift-tools-version:6.0
import PackageDescription

// One target per pipeline stage (Dataset -> Task -> Model -> Trainer -> Metrics), plus
// system-library shims for the C libraries that come from Debian -dev packages.
let package = Package(
    name: "SwiftHealth",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "swifthealth", targets: ["swifthealth"]),
        .library(name: "HealthData", targets: ["HealthData"]),
        .library(name: "Autograd", targets: ["Autograd"]),
        .library(name: "NeuralNet", targets: ["NeuralNet"]),
        .library(name: "Metrics", targets: ["Metrics"]),
        .library(name: "HealthModels", targets: ["HealthModels"]),
        .library(name: "Training", targets: ["Training"]),
        .library(name: "MedCode", targets: ["MedCode"]),
    ],
    targets: [
        // ncursesw has no pkgConfig on purpose: SwiftPM drops its cflags, so the shim
        // defines NCURSES_WIDECHAR itself and `link "ncursesw"` pulls in tinfo.
        .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
        .systemLibrary(name: "COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "Autograd", dependencies: ["COpenBLAS"]),
        .target(name: "NeuralNet", dependencies: ["Autograd"]),
        .target(name: "HealthData", dependencies: ["CZlib"]),
        .target(name: "Metrics"),
        .target(name: "MedCode", dependencies: ["CZlib"]),
        .target(name: "HealthModels", dependencies: ["NeuralNet", "Autograd", "HealthData"]),
        .target(name: "Training", dependencies: ["HealthModels", "NeuralNet", "Autograd", "HealthData", "Metrics"]),
        // The workbench: a terminal-free core that renders into a cell grid, and the only code that calls ncurses.
        .target(name: "Workbench", dependencies: ["HealthData", "HealthModels", "Training", "Metrics", "MedCode"]),
        .target(name: "WorkbenchCurses", dependencies: ["Workbench", "CNcursesw"]),
        .target(
            name: "SwiftHealthCLI",
            dependencies: ["Training", "HealthModels", "HealthData", "Metrics", "NeuralNet", "Autograd", "MedCode", "Workbench", "WorkbenchCurses"]),
        .executableTarget(name: "swifthealth", dependencies: ["SwiftHealthCLI"]),
        .executableTarget(
            name: "swifthealth-bench",
            dependencies: ["SwiftHealthCLI", "Workbench", "MedCode", "CZlib", "Training", "HealthModels", "HealthData", "Metrics", "NeuralNet", "Autograd"],
            exclude: ["PyHealthBaseline"]),

        // Shared by the test targets: finds the real data under SWIFTHEALTH_TEST_DATA.
        .target(name: "TestSupport", path: "Tests/TestSupport"),

        .testTarget(name: "AutogradTests", dependencies: ["Autograd", "TestSupport"]),
        .testTarget(name: "NeuralNetTests", dependencies: ["NeuralNet", "Autograd", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "HealthDataTests", dependencies: ["HealthData", "CZlib", "TestSupport"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "TestSupport"]),
        .testTarget(name: "MedCodeTests", dependencies: ["MedCode", "CZlib", "TestSupport"]),
        .testTarget(name: "HealthModelsTests", dependencies: ["HealthModels", "NeuralNet", "Autograd", "HealthData", "TestSupport"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "HealthModels", "HealthData", "Metrics", "TestSupport"]),
        .testTarget(name: "SwiftHealthCLITests", dependencies: ["SwiftHealthCLI", "MedCode", "TestSupport"]),
        .testTarget(name: "WorkbenchTests", dependencies: ["Workbench", "HealthData", "MedCode", "TestSupport"]),
        .testTarget(name: "WorkbenchCursesTests", dependencies: ["WorkbenchCurses", "Workbench", "CNcursesw"]),
    ]
)

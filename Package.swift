// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Settle",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "settle", targets: ["settle"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // Pure: money, calendar, contracts as values, the settlement engine. No I/O, no C.
        .target(
            name: "SettleCore",
            dependencies: [.product(name: "BigInt", package: "BigInt")],
            swiftSettings: swiftSettings
        ),
        // Contract files (YAML) -> SettleCore.Contract, with file:line:column diagnostics.
        .target(
            name: "SettleContracts",
            dependencies: ["SettleCore", "CLibYAML"],
            swiftSettings: swiftSettings
        ),
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // PostgreSQL on libpq: connection, private cluster, migrations, imports, settlement storage.
        .target(
            name: "SettleStore",
            dependencies: ["SettleCore", "CLibPQ"],
            swiftSettings: swiftSettings
        ),
        // Month end: run, close, verify (reads facts from the store, runs the engine, stores results).
        .target(
            name: "SettleMonthEnd",
            dependencies: ["SettleCore", "SettleStore"],
            swiftSettings: swiftSettings
        ),
        // The UBL 2.1 XSDs (Sources/SettleExport/Standards/UBL-2.1), built into the binary with the
        // assembler's `.incbin`: at 2.9 MB they are beyond what `.embedInCode` can compile.
        .target(
            name: "CStandards",
            cSettings: [.headerSearchPath("../SettleExport/Standards/UBL-2.1")]
        ),
        // Statements (JSON, CSV, HTML), ISO 20022 payout files, UBL invoices and the journal.
        .target(
            name: "SettleExport",
            dependencies: ["SettleCore", "CLibXML2", "CStandards", .product(name: "Mustache", package: "swift-mustache")],
            exclude: ["Standards/README.md", "Standards/UBL-2.1"],
            // Built into the binary, so that `settle` works from any folder.
            resources: [
                .embedInCode("Standards/pain.001.001.09.xsd"),
                .embedInCode("Standards/pain.002.001.10.xsd"),
                .embedInCode("Standards/pain.002.001.03.xsd"),
                .embedInCode("Standards/camt.054.001.08.xsd"),
                .embedInCode("Templates/statement.html"),
            ],
            swiftSettings: swiftSettings
        ),
        // Deterministic, realistic sample data: the demo, the benchmark and tests.
        .target(
            name: "SettleSampleData",
            dependencies: ["SettleCore"],
            swiftSettings: swiftSettings
        ),
        // The product's workflows (write statements, reports and payout files, load contracts, the
        // demo): what a command line, a server or a scheduler calls; no terminal, no arguments.
        .target(
            name: "SettleOperations",
            dependencies: ["SettleCore", "SettleContracts", "SettleStore", "SettleMonthEnd", "SettleExport", "SettleSampleData"],
            swiftSettings: swiftSettings
        ),
        // The command line: arguments, terminal output and exit codes over the operations.
        .executableTarget(
            name: "settle",
            dependencies: [
                "SettleCore",
                "SettleContracts",
                "SettleStore",
                "SettleMonthEnd",
                "SettleExport",
                "SettleSampleData",
                "SettleOperations",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SettleCoreTests",
            dependencies: ["SettleCore", .product(name: "BigInt", package: "BigInt")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SettleContractsTests",
            dependencies: ["SettleContracts", "SettleCore"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SettleExportTests",
            dependencies: ["SettleExport", "SettleCore"],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        // The month end's own decisions, without a database.
        .testTarget(
            name: "SettleMonthEndTests",
            dependencies: ["SettleMonthEnd", "SettleStore", "SettleCore"],
            swiftSettings: swiftSettings
        ),
        // What the store and the CLI tests share: the private test cluster, a database per test,
        // the built `settle` binary, and the August every month-end test starts from.
        .target(
            name: "SettleTestSupport",
            dependencies: ["SettleStore", "SettleCore", "SettleContracts", "SettleMonthEnd"],
            path: "Tests/SettleTestSupport",
            swiftSettings: swiftSettings
        ),
        // The store, imports and the month end against a real PostgreSQL.
        .testTarget(
            name: "SettleStoreTests",
            dependencies: ["SettleTestSupport", "SettleStore", "SettleCore", "SettleContracts", "SettleMonthEnd",
                           "SettleSampleData"],
            swiftSettings: swiftSettings
        ),
        // `settle` run as a user runs it: commands, help, exit codes, files written, kills.
        .testTarget(
            name: "SettleCLITests",
            dependencies: ["SettleTestSupport", "SettleStore", "SettleCore", "SettleContracts", "SettleMonthEnd",
                           "SettleSampleData", "SettleExport"],
            swiftSettings: swiftSettings
        ),
    ]
)

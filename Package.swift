// swift-tools-version: 6.1
import PackageDescription

// Targets are cut where a heavy dependency starts: GRDB only in DropIndex, libarchive only in Archives,
// AsyncHTTPClient only in TeamleaderAPI, Hummingbird in the sandbox and the status page; DropAgent
// stands on Core/ (docs/architecture.md draws the graph, the floors and a run's stages in order).
let package = Package(
    name: "tldrop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tldrop", targets: ["tldrop"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // NIOCore: the status page and the sandbox answer with ByteBuffers; the client's deadlines.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.77.0"),
    ],
    targets: [
        .executableTarget(
            name: "tldrop", dependencies: ["DropCommands", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .target(
            name: "DropCommands",
            dependencies: [
                "DropAgent", "DropWeb", "LoopbackServer", "TeamleaderSandbox", "DropIndex", "TeamleaderAPI", "DropFiles",
                "DropValues", "Wording",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .target(
            name: "DropAgent",
            dependencies: [
                "DropIndex", "PaymentFiles", "Archives", "TeamleaderAPI", "StrictXML", "Wording", "DropFiles", "DropValues",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]),
        // The status page and the OAuth loopback redirect (Hummingbird, on 127.0.0.1 only).
        .target(
            name: "DropWeb",
            dependencies: [
                "DropAgent", "DropIndex", "LoopbackServer", "TeamleaderAPI", "DropFiles", "DropValues", "Wording",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // GRDBSQLite: the SQLite C API under GRDB, for the measured hot path of applying inbox files.
        .target(
            name: "DropIndex",
            dependencies: ["DropValues", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(
            name: "PaymentFiles",
            dependencies: [
                "Archives", "DropValues", "StrictXML", "Wording", .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Calendar dates, months and decimal amounts: the values every layer and the index speak.
        .target(name: "DropValues"),
        // Durable, no-clobber files and raw folder names: what every stage writes and reads through.
        .target(
            name: "DropFiles",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        // What people read in the folders and on the status page, in English, Dutch and French: one
        // phrase table per language, and Belgian dates and amounts.
        .target(name: "Wording", dependencies: ["DropValues"]),
        // A small, strict XML scanner (UTF-8 only, no DTD): camt, XLSX parts, UBL documents.
        .target(name: "StrictXML"),
        .target(name: "Archives", dependencies: ["CArchive", .product(name: "SystemPackage", package: "swift-system")]),
        .systemLibrary(
            name: "CArchive", pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"]), .brew(["libarchive"])]),
        .target(
            name: "TeamleaderAPI",
            dependencies: [
                "DropValues",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        // How tldrop serves HTTP: on 127.0.0.1 only, stopped gracefully.
        .target(
            name: "LoopbackServer",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]),
        // A Teamleader of our own on 127.0.0.1, as free as the real one where its documentation is silent.
        // It speaks DropValues, not the client's module: a double that shared the client's codec could not
        // catch a bug in it.
        .target(
            name: "TeamleaderSandbox",
            dependencies: [
                "LoopbackServer",
                "DropValues",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        // `swift run -c release tldrop-bench`: every measurement the README reports, printed as a table.
        .executableTarget(
            name: "tldrop-bench",
            dependencies: [
                "DropAgent", "DropIndex", "TeamleaderSandbox", "TeamleaderAPI", "Archives", "DropFiles", "DropValues", "PaymentFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Sources/DropBenchmarks"),
        // Test support, not a product: a sandbox plus a throw-away tldrop root, for every agent-level test.
        .target(
            name: "DropTestSupport",
            dependencies: [
                "DropAgent", "DropIndex", "TeamleaderSandbox", "TeamleaderAPI", "DropFiles", "DropValues",
                .product(name: "Logging", package: "swift-log"),
            ]),
        // The index's own tests read the file through a second GRDB connection, as another program would.
        .testTarget(
            name: "DropIndexTests", dependencies: ["DropIndex", "DropTestSupport", "DropValues", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "ArchivesTests", dependencies: ["Archives"]),
        .testTarget(
            name: "PaymentFilesTests", dependencies: ["PaymentFiles", "Archives", "DropTestSupport", "DropValues", "TeamleaderSandbox"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "DropAgentTests",
            dependencies: [
                "DropAgent", "DropIndex", "DropTestSupport", "TeamleaderSandbox", "TeamleaderAPI", "Archives", "Wording", "DropFiles",
                "DropValues", "PaymentFiles", .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]),
        .testTarget(
            name: "ResilienceTests",
            dependencies: [
                "DropAgent", "DropIndex", "DropTestSupport", "TeamleaderSandbox", "TeamleaderAPI", "Archives", "PaymentFiles", "DropFiles",
                "DropValues",
            ]),
        .testTarget(
            name: "DropWebTests",
            dependencies: [
                "DropWeb", "DropAgent", "DropIndex", "DropTestSupport", "TeamleaderSandbox", "TeamleaderAPI", "Wording",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
        .testTarget(
            name: "TeamleaderAPITests",
            dependencies: [
                "TeamleaderAPI", "TeamleaderSandbox", "DropValues", "DropTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "TeamleaderSandboxTests",
            dependencies: [
                "TeamleaderSandbox", "TeamleaderAPI", "DropValues",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)

// The checks Hummingbird turns on: every module a file uses is imported by that file, existentials
// are spelled `any`, and an import is internal unless a signature needs it (`package import`).
for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("MemberImportVisibility"), .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}

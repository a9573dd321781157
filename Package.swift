// swift-tools-version:6.1
// disklessd: diskless network-boot server. One target per layer; imports go one way:
// Domain → (ProcessSpawn) → Store → Services → doors (API, BootHTTP, PresetThrift, TFTP, ProxyDHCP)
// and drivers (Storage, ISCSITargets, Power, Render) → DisklessdApp → disklessd.
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let log = Target.Dependency.product(name: "Logging", package: "swift-log")
let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let lifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let metrics = Target.Dependency.product(name: "Metrics", package: "swift-metrics")

let package = Package(
    name: "disklessd",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "disklessd", targets: ["disklessd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Metrics API (Hummingbird already depends on it) and its Prometheus backend for /metrics.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // Reads and writes the seed zip (POST /import/seed, GET /export/seed.zip); see docs/migration.md.
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
    ],
    targets: [
        // System libraries (Debian -dev packages).
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLVM2", providers: [.apt(["liblvm2-dev"])]),

        // sd_notify and the process's Linux capabilities (Glibc only; no NIO in sight of its sockaddr).
        .target(name: "SystemdSupport", swiftSettings: swiftSettings),
        // Connection guards shared by every listener: pause accepting while descriptors run out
        // (EMFILE), close a connection that stays idle past its timeout.
        .target(name: "AcceptPause", dependencies: [nioCore], swiftSettings: swiftSettings),
        // Value types, validation, naming rules and the driver protocols. No dependencies.
        .target(name: "Domain", swiftSettings: swiftSettings),
        // Metric names and recording (swift-metrics API; the backend is chosen by the app).
        .target(name: "Telemetry", dependencies: [metrics], swiftSettings: swiftSettings),
        // Password hashing, random secrets, HMAC (OpenSSL 3).
        .target(name: "Secrets", dependencies: ["COpenSSL"], swiftSettings: swiftSettings),
        // SQLite through GRDB: schema migrations and records.
        .target(name: "Store", dependencies: ["Domain", "Secrets", "Telemetry", .product(name: "GRDB", package: "GRDB.swift"), log],
                swiftSettings: swiftSettings),
        // iPXE scripts, dnsmasq and isc-dhcp configs, seed-compatible file export. Pure.
        .target(name: "Render", dependencies: ["Domain"], swiftSettings: swiftSettings),
        // Storage drivers: file (reflink) and lvm (liblvm2cmd).
        .target(name: "Storage", dependencies: ["Domain", "CLVM2", log], swiftSettings: swiftSettings),
        // The one subprocess runner (posix_spawn + poll + timeout + kill) behind Domain's `CommandRunner`.
        .target(name: "ProcessSpawn", dependencies: ["Domain"], swiftSettings: swiftSettings),
        // Thrift binary protocol codec and the Preset IDL types (pure); the Preset door: NIO server
        // mapped onto the service layer, and the agent client that forwards calls to client OSes.
        .target(name: "ThriftCodec", swiftSettings: swiftSettings),
        .target(name: "PresetThrift", dependencies: ["Domain", "Services", "ThriftCodec", "AcceptPause", nioCore, nioPosix, lifecycle, log],
                swiftSettings: swiftSettings),
        // The built-in iSCSI target (the `disklessd target` data plane): PDUs, login, SCSI, base +
        // overlay disks, the portal and its control socket.
        .target(name: "BuiltinTarget", dependencies: ["Domain", "Secrets", "AcceptPause", nioCore, nioPosix, lifecycle, log,
                                                      .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
                swiftSettings: swiftSettings),
        // iSCSI target drivers: tgt (tgtadm), lio (configfs) and builtin (the control socket of `disklessd target`).
        .target(name: "ISCSITargets", dependencies: ["Domain", "ProcessSpawn", "BuiltinTarget", log], swiftSettings: swiftSettings),
        // Power drivers: wol, agent, ipmi, webhook.
        .target(name: "Power", dependencies: ["Domain", "ProcessSpawn", "ThriftCodec", nioCore, nioPosix, log], swiftSettings: swiftSettings),
        // Built-in TFTP (read-only, with the kernel neighbour table that maps a client's address to
        // its MAC) and ProxyDHCP servers.
        .target(name: "TFTP", dependencies: ["Domain", "Telemetry", nioCore, nioPosix, lifecycle, log], swiftSettings: swiftSettings),
        .target(name: "ProxyDHCP", dependencies: ["Domain", "Telemetry", nioCore, nioPosix, lifecycle, log],
                swiftSettings: swiftSettings),
        // The service layer every door uses.
        .target(name: "Services", dependencies: ["Domain", "Store", "Telemetry", "Render", "Secrets", "ThriftCodec", "ProcessSpawn", log],
                swiftSettings: swiftSettings),
        // Doors over HTTP: the REST API + console, and the unauthenticated boot endpoints.
        .target(name: "API", dependencies: ["Domain", "Services", "ThriftCodec", "AcceptPause", hummingbird, lifecycle, log,
                                            .product(name: "NIOHTTP1", package: "swift-nio"),
                                            .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                swiftSettings: swiftSettings),
        .target(name: "BootHTTP", dependencies: ["Domain", "Services", "API", "Telemetry", hummingbird, log, metrics, nioCore,
                                                 .product(name: "NIOHTTP1", package: "swift-nio")], swiftSettings: swiftSettings),
        // Composition root: config → store → services → drivers → servers.
        .target(name: "DisklessdApp",
                dependencies: ["Domain", "Store", "Services", "API", "BootHTTP", "Storage", "ISCSITargets", "BuiltinTarget", "Power",
                               "PresetThrift", "TFTP", "ProxyDHCP", "Render", "Secrets", "ProcessSpawn", "Telemetry", "SystemdSupport", "AcceptPause", hummingbird, lifecycle, nioCore,
                               .product(name: "Prometheus", package: "swift-prometheus"), metrics,
                               .product(name: "UnixSignals", package: "swift-service-lifecycle"), log],
                swiftSettings: swiftSettings),
        .executableTarget(name: "disklessd",
                          dependencies: ["DisklessdApp", "BuiltinTarget", "Domain", .product(name: "ArgumentParser", package: "swift-argument-parser"), log,
                                         lifecycle, .product(name: "UnixSignals", package: "swift-service-lifecycle")],
                          swiftSettings: swiftSettings),

        // Test helpers shared by test targets: blocking work off the cooperative pool, child processes.
        .target(name: "TestSupport", dependencies: ["ProcessSpawn", "Domain"], path: "Tests/TestSupport", swiftSettings: swiftSettings),
        // A private tgtd, a private `disklessd target` and user-space initiators, for the real-target tests.
        .target(name: "TgtSupport", dependencies: ["ISCSITargets", "BuiltinTarget", "ProcessSpawn", "TestSupport", "Domain"], path: "Tests/TgtSupport", swiftSettings: swiftSettings),
        .testTarget(name: "DomainTests", dependencies: ["Domain"], swiftSettings: swiftSettings),
        .testTarget(name: "SecretsTests", dependencies: ["Secrets"], swiftSettings: swiftSettings),
        .testTarget(name: "StoreTests", dependencies: ["TestSupport", "Store", "Domain"], swiftSettings: swiftSettings),
        .testTarget(name: "RenderTests", dependencies: ["TestSupport", "Render", "Domain"], resources: [.copy("Golden")],
                    swiftSettings: swiftSettings),
        // Storage drivers, and the provisioner over them (real SQLite, real files, tgt).
        .testTarget(name: "StorageTests", dependencies: ["TestSupport", "TgtSupport", "ProcessSpawn", "Storage", "ISCSITargets", "Services", "Store", "Domain"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "BuiltinTargetTests", dependencies: ["BuiltinTarget", "Domain", "TestSupport", nioCore, nioPosix, log], swiftSettings: swiftSettings),
        .testTarget(name: "ISCSITargetsTests", dependencies: ["ISCSITargets", "BuiltinTarget", "TgtSupport", "TestSupport", "ProcessSpawn", "Domain"], swiftSettings: swiftSettings),
        .testTarget(name: "ThriftTests", dependencies: ["ThriftCodec", "PresetThrift", "AcceptPause", "Services", "Store", "Domain", nioCore, nioPosix,
                                                     .product(name: "NIOEmbedded", package: "swift-nio")],
                    swiftSettings: swiftSettings),
        .testTarget(name: "PowerTests", dependencies: ["TestSupport", "Power", "ProcessSpawn", "Services", "Domain", "ThriftCodec", nioCore, nioPosix], swiftSettings: swiftSettings),
        .testTarget(name: "TFTPTests", dependencies: ["TestSupport", "TFTP", "Domain", nioCore, nioPosix,
                                                      .product(name: "NIOEmbedded", package: "swift-nio")],
                    swiftSettings: swiftSettings),
        .testTarget(name: "ProxyDHCPTests", dependencies: ["TestSupport", "ProxyDHCP", "Domain", nioCore,
                                                           .product(name: "NIOEmbedded", package: "swift-nio")],
                    swiftSettings: swiftSettings),
        .testTarget(name: "ServicesTests", dependencies: ["Services", "Store", "Domain"], swiftSettings: swiftSettings),
        .testTarget(name: "BootHTTPTests", dependencies: ["BootHTTP", "API", "Services", "Store", "Domain", "TestSupport", hummingbird, nioCore,
                                                          .product(name: "HummingbirdTesting", package: "hummingbird")],
                    swiftSettings: swiftSettings),
        .testTarget(name: "APITests", dependencies: ["TestSupport", "DisklessdApp", "SystemdSupport", "API", "ProxyDHCP", "Services", "Store", "Domain", lifecycle, log,
                                                 nioCore, nioPosix],
                    swiftSettings: swiftSettings),
    ]
)

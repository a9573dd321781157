import Domain
import Logging
import ServiceLifecycle
import Services

/// The optional second HTTP port, serving only the unauthenticated boot endpoints and `/healthz`,
/// kept in step with the settings while running: a change of `http.bootPort` rebinds it before
/// the settings update is saved (`ListenerSupervisor`: a port in use is a 409 naming it, the old
/// listener keeps serving).
///
/// Which port: `http.bootPort` when it is not 0, else `--boot-port` (`AppConfig.bootOnlyPort`),
/// else none. The setting wins because it is the one that can change live; the flag is the value
/// for an installation whose settings leave it at 0 (and `bench/`, the tiers).
struct BootPortServer: Service {
    let services: ServiceContainer
    /// The app's listen address.
    let host: String
    /// `--boot-port` / `DISKLESSD_BOOT_PORT`.
    let flagPort: Int?
    /// Binds the boot-only HTTP server for `key` and serves it (throws when it cannot bind);
    /// returns how to stop it (`App.startBootOnlyServer`).
    let start: @Sendable (BootPortKey) async throws -> @Sendable () async -> Void
    let logger: Logger

    func run() async throws {
        let settings = (try? await services.settings.get()) ?? Settings()
        let listener = supervisor()
        await listener.start(settings)
        let id = services.liveSettings.register(listener)
        // Returns on graceful shutdown; throws on cancellation. Either way: stop.
        try? await gracefulShutdown()
        services.liveSettings.unregister(id)
        await listener.stop()
    }

    func supervisor() -> ListenerSupervisor<BootPortKey> {
        let flag = flagPort, host = self.host
        return ListenerSupervisor(name: "boot port", logger: logger, key: { settings in
            Self.port(settings, flag: flag).map { BootPortKey(host: host, port: $0, settings: settings) }
        }, endpoint: { ListenEndpoint(proto: "tcp", address: $0.host, port: $0.port) }, start: start)
    }

    /// The port the boot endpoints get besides the main one, or nil for none.
    static func port(_ settings: Settings, flag: Int?) -> Int? {
        settings.http.bootPort != 0 ? settings.http.bootPort : flag
    }
}

/// What the boot port's listener is made from. Only the address and port tell two apart: the HTTP
/// limits ride along to the next bind, and a change of them alone does not rebind (on the main
/// port too they apply at the next start).
struct BootPortKey: Hashable, Sendable {
    var host: String
    var port: Int
    var limits: LimitSettings
    var trustedProxies: [IPv4Address]

    init(host: String, port: Int, settings: Settings) {
        self.host = host
        self.port = port
        limits = settings.limits
        trustedProxies = settings.http.trustedProxies
    }

    static func == (a: Self, b: Self) -> Bool { a.host == b.host && a.port == b.port }
    func hash(into hasher: inout Hasher) {
        hasher.combine(host)
        hasher.combine(port)
    }
}

enum BootPortError: Error, CustomStringConvertible {
    case endedBeforeListening(port: Int)

    var description: String {
        switch self {
        case .endedBeforeListening(let port): "the boot port server on \(port) ended before it listened"
        }
    }
}

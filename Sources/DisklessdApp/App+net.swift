import Domain
import Foundation
import Logging
import ProxyDHCP
import ServiceLifecycle
import Services
import TFTP

/// net: the built-in TFTP server, ProxyDHCP and the Preset Thrift port, started from the settings
/// (settings.tftp.builtIn; settings.dhcp.mode == proxy; settings.thrift.enabled) and kept in step
/// with them while running: a settings update rebinds them (`ListenerSupervisor`) before it is
/// saved, and a listener that cannot bind refuses the update (409) with the old one still serving.
struct NetworkBootServers: Service {
    let services: ServiceContainer
    let boot: BootService
    /// Address the TFTP server binds (the app's listen address).
    let host: String
    /// Binds and serves the Preset port (`PowerParts.startThrift`).
    let startThrift: @Sendable (ThriftListenKey) async throws -> @Sendable () async -> Void
    /// ProxyDHCP's socket factory (`AppConfig.proxyDHCPSocket`); nil = the standard one.
    var proxyDHCPSocket: ProxyDHCPServer.SocketFactory? = nil
    let logger: Logger

    func run() async throws {
        let settings = try await services.settings.get()
        let listeners: [any SupervisedListener] = [tftpListener(), proxyDHCPListener(), thriftListener()]
        for listener in listeners { await listener.start(settings) }
        let ids = listeners.map { services.liveSettings.register($0) }
        // Returns on graceful shutdown; throws on cancellation. Either way: stop.
        try? await gracefulShutdown()
        for id in ids { services.liveSettings.unregister(id) }
        for listener in listeners { await listener.stop() }
    }

    func tftpListener() -> ListenerSupervisor<TFTPListenKey> {
        let host = self.host
        return ListenerSupervisor(name: "tftp", logger: logger, key: { settings in
            guard settings.tftp.builtIn else { return nil }
            let l = settings.limits
            return TFTPListenKey(host: host, port: settings.tftp.port, root: settings.tftp.root,
                                 limits: TFTPLimits(maxTransfers: l.tftpMaxTransfers, maxTransfersPerClient: l.tftpMaxTransfersPerClient,
                                                    maxReadAheadBytes: l.tftpMaxReadAheadMiB << 20,
                                                    maxTransferSeconds: l.tftpMaxTransferSeconds))
        }, endpoint: { ListenEndpoint(proto: "udp", address: $0.host, port: $0.port) }, start: { key in
            let tftp = try makeTFTP(key)
            do { try await tftp.start() } catch {
                await tftp.stop()
                throw error
            }
            return { await tftp.stop() }
        })
    }

    func proxyDHCPListener() -> ListenerSupervisor<ProxyDHCPConfiguration> {
        let boot = self.boot
        return ListenerSupervisor(name: "proxydhcp", logger: logger, key: { settings in
            guard settings.dhcp.mode == .proxy else { return nil }
            let server = settings.dhcp.nextServer ?? settings.iscsi.serverAddress
            let bios = settings.dhcp.bootFilename.isEmpty ? settings.tftp.biosBootFile : settings.dhcp.bootFilename
            return ProxyDHCPConfiguration(serverAddress: server, nextServer: server, biosBootFile: bios,
                                          uefiBootFile: settings.tftp.uefiBootFile,
                                          ipxeScriptURL: boot.baseURL(settings) + "/boot.ipxe", interface: settings.dhcp.interface)
        }, endpoint: { ListenEndpoint(proto: "udp", address: $0.interface.isEmpty ? $0.bindAddress : "\($0.bindAddress)%\($0.interface)",
                             port: $0.dhcpPort) }, start: { configuration in
            let proxy = try makeProxyDHCP(configuration.validated())
            do { try await proxy.start() } catch {
                await proxy.stop()
                throw error
            }
            return { await proxy.stop() }
        })
    }

    func thriftListener() -> ListenerSupervisor<ThriftListenKey> {
        ListenerSupervisor(name: "thrift", logger: logger, key: { settings in
            settings.thrift.enabled ? ThriftListenKey(settings.thrift, limits: settings.limits) : nil
        }, endpoint: { ListenEndpoint(proto: "tcp", address: $0.host, port: $0.port) }, start: startThrift)
    }

    /// A TFTP server over `key.root` or `<dataDir>/tftp`, seeded with Debian's iPXE loaders when missing.
    func makeTFTP(_ key: TFTPListenKey) throws -> TFTPServer {
        let root = key.root.isEmpty ? (services.config.dataDir as NSString).appendingPathComponent("tftp") : key.root
        let seeded = try TFTPRootSeeder().seed(root: root)
        if !seeded.isEmpty { logger.notice("tftp: seeded the root", metadata: ["root": "\(root)", "files": "\(seeded)"]) }
        let services = self.services, logger = self.logger
        let neighbors = NeighborTable()
        return TFTPServer(configuration: TFTPServerConfiguration(host: key.host, port: key.port, rootPath: root, limits: key.limits),
                          logger: logger, onTransfer: { report in
            guard case .completed = report.outcome, let text = report.clientIPAddress,
                  let ip = IPv4Address(text), let mac = neighbors.mac(for: ip) else { return }
            Task {
                do { try await services.machines.recordBootPhase(mac: mac, phase: .tftp, ip: ip) }
                catch { logger.warning("tftp: cannot record the boot phase", metadata: ["mac": "\(mac)", "error": "\(error)"]) }
            }
        })
    }

    /// The ProxyDHCP for `configuration`: next server, boot files and the boot.ipxe URL.
    func makeProxyDHCP(_ configuration: ProxyDHCPConfiguration) -> ProxyDHCPServer {
        let services = self.services, logger = self.logger
        return ProxyDHCPServer(configuration: configuration, logger: logger, policy: { mac in
            do {
                guard let machine = try await services.machines.byMAC(mac) else { return .unknown }
                return machine.allowBoot ? .allowed : .denied
            } catch {
                logger.warning("proxydhcp: machine lookup failed", metadata: ["mac": "\(mac)", "error": "\(error)"])
                return .unknown
            }
        }, onDecision: { event in
            // One record per DISCOVER (firmware, then iPXE): REQUESTs repeat the same boot.
            guard case .answered = event.decision, event.messageType == .discover else { return }
            let platform = event.architecture == 0 ? "pcbios" : "efi"
            Task {
                do { try await services.machines.recordBootPhase(mac: event.mac, phase: .dhcp, platform: platform) }
                catch { logger.warning("proxydhcp: cannot record the boot phase", metadata: ["mac": "\(event.mac)", "error": "\(error)"]) }
            }
        }, makeSocket: proxyDHCPSocket)
    }
}

/// What the TFTP listener is made from.
struct TFTPListenKey: Hashable, Sendable {
    var host: String
    var port: Int
    /// `""` = `<dataDir>/tftp`.
    var root: String
    var limits: TFTPLimits
}

/// What the Preset port's listener is made from (allowed clients are read per connection).
struct ThriftListenKey: Hashable, Sendable {
    var host: String
    var port: Int
    var maxConnections: Int
    var maxConnectionsPerClient: Int

    init(_ thrift: ThriftSettings, limits: LimitSettings) {
        host = thrift.listenAddress
        port = thrift.port
        maxConnections = limits.thriftMaxConnections
        maxConnectionsPerClient = limits.thriftMaxConnectionsPerClient
    }
}

/// A `ListenerSupervisor` of any key, as `NetworkBootServers` holds them.
protocol SupervisedListener: LiveSettingsApplier {
    func start(_ settings: Settings) async
    func stop() async
}

extension ListenerSupervisor: SupervisedListener {}

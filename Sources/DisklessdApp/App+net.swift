import Domain
import Foundation
import Logging
import ProxyDHCP
import ServiceLifecycle
import Services
import TFTP

/// net: the built-in TFTP server and ProxyDHCP, started from the settings at start-up
/// (settings.tftp.builtIn; settings.dhcp.mode == proxy). A change to those settings applies at
/// the next start.
struct NetworkBootServers: Service {
    let services: ServiceContainer
    let boot: BootService
    /// Address the TFTP server binds (the app's listen address).
    let host: String
    let logger: Logger

    func run() async throws {
        let settings = try await services.settings.get()
        var running: [@Sendable () async -> Void] = []
        // A UDP server that cannot start (port 69 or 67 taken, not root) is logged and left out:
        // the API, console and HTTP boot endpoints keep serving.
        if settings.tftp.builtIn {
            do {
                let tftp = try startTFTP(settings)
                try await tftp.start()
                running.append { await tftp.stop() }
            } catch {
                logger.error("tftp: not started", metadata: ["port": "\(settings.tftp.port)", "error": "\(error)"])
            }
        }
        if settings.dhcp.mode == .proxy {
            do {
                let proxy = try makeProxyDHCP(settings)
                try await proxy.start()
                running.append { await proxy.stop() }
            } catch {
                logger.error("proxydhcp: not started", metadata: ["interface": "\(settings.dhcp.interface)", "error": "\(error)"])
            }
        }
        // Returns on graceful shutdown; throws on cancellation. Either way: stop.
        try? await gracefulShutdown()
        for stop in running { await stop() }
    }

    /// settings.tftp.root or `<dataDir>/tftp`, seeded with Debian's iPXE loaders when missing.
    func startTFTP(_ settings: Settings) throws -> TFTPServer {
        let root = settings.tftp.root.isEmpty
            ? (services.config.dataDir as NSString).appendingPathComponent("tftp") : settings.tftp.root
        let seeded = try TFTPRootSeeder().seed(root: root)
        if !seeded.isEmpty { logger.notice("tftp: seeded the root", metadata: ["root": "\(root)", "files": "\(seeded)"]) }
        let services = self.services, logger = self.logger
        let neighbors = NeighborTable()
        let l = settings.limits
        let limits = TFTPLimits(maxTransfers: l.tftpMaxTransfers, maxTransfersPerClient: l.tftpMaxTransfersPerClient,
                                maxReadAheadBytes: l.tftpMaxReadAheadMiB << 20, maxTransferSeconds: l.tftpMaxTransferSeconds)
        return TFTPServer(configuration: TFTPServerConfiguration(host: host, port: settings.tftp.port, rootPath: root, limits: limits),
                          logger: logger, onTransfer: { report in
            guard case .completed = report.outcome, let text = report.clientIPAddress,
                  let ip = IPv4Address(text), let mac = neighbors.mac(for: ip) else { return }
            Task {
                do { try await services.machines.recordBootPhase(mac: mac, phase: .tftp, ip: ip) }
                catch { logger.warning("tftp: cannot record the boot phase", metadata: ["mac": "\(mac)", "error": "\(error)"]) }
            }
        })
    }

    /// The ProxyDHCP for settings.dhcp: next server, boot files and the boot.ipxe URL.
    func makeProxyDHCP(_ settings: Settings) throws -> ProxyDHCPServer {
        let server = settings.dhcp.nextServer ?? settings.iscsi.serverAddress
        let bios = settings.dhcp.bootFilename.isEmpty ? settings.tftp.biosBootFile : settings.dhcp.bootFilename
        let configuration = try ProxyDHCPConfiguration(
            serverAddress: server, nextServer: server, biosBootFile: bios, uefiBootFile: settings.tftp.uefiBootFile,
            ipxeScriptURL: boot.baseURL(settings) + "/boot.ipxe", interface: settings.dhcp.interface).validated()
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
        })
    }
}

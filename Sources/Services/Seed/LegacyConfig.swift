import Domain
import Foundation

/// The prototype's `config.json` (its `global_config.py`): the settings sections it kept there
/// before it moved them to its diskcache. Every value is a string; unknown keys (the old
/// column tables `hosts`, `operation_system` …) are ignored.
public struct LegacyConfig: Codable, Sendable, Hashable {
    public struct DHCPServer: Codable, Sendable, Hashable {
        public var network_name, interface, subnet, subnet_mask, range_from, range_to: String?
        public var routers, dns_servers, broadcast_address, filename, next_server: String?
    }

    public struct HTTPServer: Codable, Sendable, Hashable {
        public var root_path, base_url: String?
    }

    public struct ISCSISetting: Codable, Sendable, Hashable {
        public var server, iscsi_target_prefix, initiator_iqn: String?
    }

    public var dhcp_server: DHCPServer?
    public var http_server: HTTPServer?
    public var iscsi_setting: ISCSISetting?
    public var volume_group_name: String?

    static let file = "config.json"

    /// Parses the file; a syntax or type error is a field error on `config.json`.
    static func parse(_ data: Data, errors: inout FieldErrorsBox) -> LegacyConfig? {
        do {
            return try JSONDecoder().decode(LegacyConfig.self, from: data)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            errors.add("\(file).\(path)", "expected a string")
        } catch {
            errors.add(file, "not a JSON object: \(error.localizedDescription)")
        }
        return nil
    }

    /// The legacy key of a settings field (`dhcp.rangeStart` → `dhcp_server.range_from`), for
    /// errors the cross-checks find; a field the file has no key for keeps its settings name.
    static func legacyKey(_ field: String) -> String {
        let keys = ["dhcp.networkName": "dhcp_server.network_name", "dhcp.interface": "dhcp_server.interface",
                    "dhcp.subnet": "dhcp_server.subnet", "dhcp.subnetMask": "dhcp_server.subnet_mask",
                    "dhcp.rangeStart": "dhcp_server.range_from", "dhcp.rangeEnd": "dhcp_server.range_to",
                    "dhcp.routers": "dhcp_server.routers", "dhcp.dnsServers": "dhcp_server.dns_servers",
                    "dhcp.broadcastAddress": "dhcp_server.broadcast_address", "dhcp.bootFilename": "dhcp_server.filename",
                    "dhcp.nextServer": "dhcp_server.next_server", "http.rootPath": "http_server.root_path",
                    "http.publicBaseURL": "http_server.base_url", "iscsi.serverAddress": "iscsi_setting.server",
                    "iscsi.targetPrefix": "iscsi_setting.iscsi_target_prefix", "storage.volumeGroup": "volume_group_name"]
        return keys[field] ?? field
    }

    /// The legacy keys of `settings` (the seed export writes them back).
    public init(_ settings: Settings) {
        let d = settings.dhcp
        dhcp_server = DHCPServer(network_name: d.networkName, interface: d.interface, subnet: "\(d.subnet)",
                                 subnet_mask: "\(d.subnetMask)", range_from: "\(d.rangeStart)", range_to: "\(d.rangeEnd)",
                                 routers: d.routers.map(\.description).joined(separator: ","),
                                 dns_servers: d.dnsServers.map(\.description).joined(separator: ","),
                                 broadcast_address: "\(d.broadcastAddress)", filename: d.bootFilename,
                                 next_server: d.nextServer.map(\.description) ?? "")
        http_server = HTTPServer(root_path: settings.http.rootPath, base_url: settings.http.publicBaseURL)
        iscsi_setting = ISCSISetting(server: "\(settings.iscsi.serverAddress)", iscsi_target_prefix: settings.iscsi.targetPrefix,
                                     initiator_iqn: settings.iscsi.globalInitiatorIQN)
        volume_group_name = settings.storage.volumeGroup
    }

    /// `base` with every key the file sets. Bad values are field errors named by their legacy
    /// key (`config.json.dhcp_server.range_from`); `notes` says what was deliberately not taken.
    func applied(to base: Settings, errors: inout FieldErrorsBox, notes: inout [String]) -> Settings {
        var s = base
        let f = Self.file
        func ip(_ value: String?, _ key: String) -> IPv4Address? {
            guard let value, !value.isEmpty else { return nil }
            return errors.check("\(f).\(key)") { try Validate.ipv4(value, field: "\(f).\(key)") }
        }
        func ips(_ value: String?, _ key: String) -> [IPv4Address]? {
            guard let value, !value.isEmpty else { return nil }
            let parts = value.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" })
            let parsed = parts.compactMap { p in errors.check("\(f).\(key)") { try Validate.ipv4(String(p), field: "\(f).\(key)") } }
            return parsed.count == parts.count ? parsed : nil
        }
        if let d = dhcp_server {
            if let v = d.network_name, !v.isEmpty { s.dhcp.networkName = v }
            if let v = d.interface { s.dhcp.interface = v }
            if let v = ip(d.subnet, "dhcp_server.subnet") { s.dhcp.subnet = v }
            if let v = ip(d.subnet_mask, "dhcp_server.subnet_mask") { s.dhcp.subnetMask = v }
            if let v = ip(d.range_from, "dhcp_server.range_from") { s.dhcp.rangeStart = v }
            if let v = ip(d.range_to, "dhcp_server.range_to") { s.dhcp.rangeEnd = v }
            if let v = ips(d.routers, "dhcp_server.routers") { s.dhcp.routers = v }
            if let v = ips(d.dns_servers, "dhcp_server.dns_servers") { s.dhcp.dnsServers = v }
            if let v = ip(d.broadcast_address, "dhcp_server.broadcast_address") { s.dhcp.broadcastAddress = v }
            if let v = ip(d.next_server, "dhcp_server.next_server") { s.dhcp.nextServer = v }
            if let v = d.filename, !v.isEmpty {
                if v.contains("://") {
                    // The prototype pointed DHCP at its nginx's boot.ipxe; disklessd answers iPXE
                    // with its own /boot.ipxe, so only a TFTP file name is worth keeping.
                    notes.append("\(f): dhcp_server.filename \(Validate.shown(v)) is a URL; disklessd serves boot.ipxe itself, so it was not taken")
                } else {
                    s.dhcp.bootFilename = v
                }
            }
        }
        if let h = http_server {
            if let v = h.root_path { s.http.rootPath = v }
            if let v = h.base_url { s.http.publicBaseURL = v }
        }
        if let i = iscsi_setting {
            if let v = ip(i.server, "iscsi_setting.server") { s.iscsi.serverAddress = v }
            if let v = i.iscsi_target_prefix, !v.isEmpty { s.iscsi.targetPrefix = v }
            if let v = i.initiator_iqn, !v.isEmpty, v != s.iscsi.globalInitiatorIQN {
                // The prototype never used it (each host got `<prefix>:sn.<menu>.<mac>`); sharing
                // one IQN would let every machine log in to every target.
                notes.append("\(f): iscsi_setting.initiator_iqn \(Validate.shown(v)) was not taken; each machine keeps its own initiator IQN")
            }
        }
        if let v = volume_group_name, !v.isEmpty { s.storage.volumeGroup = v }
        return s
    }
}

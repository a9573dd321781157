import Domain
import Render

/// What `GET /api/v1/settings/preview/{kind}` can show.
public enum ConfigPreviewKind: String, Sendable, CaseIterable {
    case dnsmasq
    case dnsmasqProxy = "dnsmasq-proxy"
    case isc
    case bootIPXECfg = "boot.ipxe.cfg"
    case bootIPXE = "boot.ipxe"
}

extension BootService {
    /// The script of one boot item as `machine` would get it (no boot event). Without a machine,
    /// a sample machine stands in so the item can be checked before it is assigned.
    public func preview(bootItem id: Int64, machine machineID: Int64? = nil) async throws -> String {
        let item = try await services.bootItems.get(id: id)
        let settings = try await services.settings.get()
        var machine: Machine
        if let machineID {
            machine = try await services.machines.get(id: machineID)
        } else if let sample = MACAddress(bytes: [0x52, 0x54, 0, 0, 0, 1]) {
            machine = Machine(id: 0, name: "preview", mac: sample)
        } else {
            throw ServiceError.internal("no sample MAC address")
        }
        // The item alone, as the menu's only and default entry.
        machine.bootItems = [item.id] + machine.bootItems.filter { $0 != item.id }
        machine.defaultBootItem = item.id
        var plan = try await plan(for: machine, settings: settings)
        plan.entries = plan.entries.filter { $0.item.id == item.id }
        return try render { try MachineScript.render(plan) }
    }

    /// A generated configuration as it would be written now.
    public func configPreview(_ kind: ConfigPreviewKind) async throws -> String {
        let settings = try await services.settings.get()
        switch kind {
        case .bootIPXE:
            return try render { try BootScripts.generic(baseURL: baseURL(settings)) }
        case .bootIPXECfg:
            return try render {
                try SeedExport.config(baseURL: exportBaseURL(settings), iscsiServer: settings.iscsi.serverAddress,
                                      menuTimeoutSeconds: settings.http.menuTimeoutSeconds)
            }
        case .dnsmasq, .dnsmasqProxy, .isc:
            let input = DHCPConfigInput(settings: settings, machines: try await services.machines.all(),
                                        bootScriptURL: baseURL(settings) + "/boot.ipxe")
            return try render {
                switch kind {
                case .dnsmasqProxy: try DnsmasqConfig.proxy(input)
                case .isc: try ISCDHCPConfig.render(input)
                default: try DnsmasqConfig.full(input)
                }
            }
        }
    }

    /// The base URL of the seed export: where an external web server serves the HTTP root.
    func exportBaseURL(_ settings: Settings) -> String { baseURL(settings) }

    /// Runs a renderer, turning its error into a validation error the doors show as 422.
    func render<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as RenderError {
            switch e {
            case let .unsafeValue(field, _, _), let .missingValue(field, _):
                throw ServiceError.invalid(field, e.description)
            }
        }
    }
}

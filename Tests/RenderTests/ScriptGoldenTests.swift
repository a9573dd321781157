import Domain
import Render
import Testing

@Suite struct ScriptGoldenTests {
    @Test func genericBootScriptChainsTheMachineScriptByMAC() throws {
        let script = try BootScripts.generic(baseURL: Fixtures.baseURL)
        try Golden.check(script, "boot.ipxe")
        #expect(script.contains("${mac:hexraw}.ipxe?platform=${platform}&buildarch=${buildarch}"))
        #expect(script.contains("serial=${serial:uristring}"))
    }

    @Test func machineScriptOnTgtHasEveryItemKind() throws {
        let script = try MachineScript.render(Fixtures.pc01Plan)
        try Golden.check(script, "machine-pc01-tgt.ipxe")
        // tgt: LUN 0 is the controller, so the OS disk is LUN 1 and the data disk LUN 2.
        #expect(script.contains("sanhook --drive 0x80 iscsi:10.99.0.1::3260:1:iqn.2022-10.org.dbc.iscsi:pc01 || goto failed"))
        #expect(script.contains("sanhook --drive 0x81 --no-describe iscsi:10.99.0.1::3260:2:iqn.2022-10.org.dbc.iscsi:pc01 || goto failed"))
        #expect(script.contains("choose --default boot-win10 --timeout 5000 selected"))
    }

    @Test func machineScriptOnLIOStartsAtLUNZeroWithoutCHAP() throws {
        let script = try MachineScript.render(Fixtures.pc02Plan)
        try Golden.check(script, "machine-pc02-lio.ipxe")
        #expect(script.contains(":0:iqn.2022-10.org.dbc.iscsi:pc02"))
        #expect(!script.contains("set password"))
        #expect(script.contains("goto boot-win11\n"))
    }

    @Test func lunsAreWrittenInHexadecimal() throws {
        var plan = Fixtures.pc02Plan
        plan.entries[0].iscsi?.osLUN = 10
        plan.entries[0].iscsi?.dataLUNs = [26]
        let script = try MachineScript.render(plan)
        #expect(script.contains("::3260:a:iqn"))
        #expect(script.contains("::3260:1a:iqn"))
    }

    @Test func machineWithoutItemsSaysSoAndRetries() throws {
        let plan = MachineBootPlan(machine: Fixtures.pc02, entries: [], baseURL: Fixtures.baseURL, assetsURL: Fixtures.assetsURL)
        try Golden.check(try MachineScript.render(plan), "machine-no-items.ipxe")
    }

    @Test func unknownMachineScriptShowsMACAndServer() throws {
        let script = try BootScripts.unknownMachine(mac: Fixtures.mac("52:54:00:de:ad:01"), baseURL: Fixtures.baseURL)
        try Golden.check(script, "unknown.ipxe")
        #expect(script.contains("echo MAC address: 52:54:00:de:ad:01"))
        #expect(script.contains("echo boot server: http://10.99.0.1:8050"))
    }

    @Test func notAllowedScriptSaysSo() throws {
        try Golden.check(try BootScripts.notAllowed(machine: Fixtures.blocked, baseURL: Fixtures.baseURL), "not-allowed.ipxe")
    }

    @Test func errorScriptPrintsTheReasonSafely() throws {
        let script = try BootScripts.error("storage: volume 'dl_m1_img1' missing\nchain http://evil", mac: Fixtures.pc01.mac,
                                           baseURL: Fixtures.baseURL)
        try Golden.check(script, "error.ipxe")
        #expect(!script.split(separator: "\n").contains { $0.hasPrefix("chain http://evil") })
    }

    @Test func seedExportHasThePrototypeLayout() throws {
        let files = try SeedExport.files(baseURL: "http://10.99.0.1", iscsiServer: Fixtures.server, menuTimeoutSeconds: 5,
                                         plans: [Fixtures.pc01Plan, Fixtures.pc02Plan,
                                                 MachineBootPlan(machine: Fixtures.blocked, entries: Fixtures.pc02Plan.entries,
                                                                 baseURL: "http://10.99.0.1", assetsURL: "http://10.99.0.1")])
        #expect(files.keys.sorted() == ["ipxe/boot.ipxe", "ipxe/boot.ipxe.cfg", "ipxe/cfg/mac-525400aabb01.ipxe.cfg",
                                         "ipxe/cfg/mac-525400aabb02.ipxe.cfg"])
        try Golden.check(files["ipxe/boot.ipxe"] ?? "", "seed-boot.ipxe")
        try Golden.check(files["ipxe/boot.ipxe.cfg"] ?? "", "seed-boot.ipxe.cfg")
        #expect(files["ipxe/cfg/mac-525400aabb01.ipxe.cfg"] == (try MachineScript.render(Fixtures.pc01Plan)))
    }
}

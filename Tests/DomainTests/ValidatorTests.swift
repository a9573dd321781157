import Domain
import Testing

@Suite struct MACAddressTests {
    @Test(arguments: ["52:54:00:12:34:56", "52-54-00-12-34-56", "525400123456", "52:54:00:12:34:56".uppercased()])
    func acceptsEveryCommonForm(_ text: String) throws {
        let mac = try Validate.mac(text)
        #expect(mac.description == "52:54:00:12:34:56")
        #expect(mac.hexraw == "525400123456")
    }

    @Test(arguments: ["", "52:54:00:12:34", "52:54:00:12:34:5g", "52:54-00:12:34:56", "5254001234567",
                      "52:54:00:12:34:56\n", " 52:54:00:12:34:56", "52:54:00:12:34:56;reboot"])
    func rejectsMalformed(_ text: String) {
        #expect(throws: ValidationError.self) { try Validate.mac(text) }
    }

    @Test func errorNamesTheField() {
        do {
            _ = try Validate.mac("nope", field: "lines[3].mac")
            Issue.record("expected a validation error")
        } catch let error as ValidationError {
            #expect(error.errors.map(\.field) == ["lines[3].mac"])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

@Suite struct IPv4AddressTests {
    @Test func parsesAndPrints() throws {
        let ip = try Validate.ipv4("192.168.1.20")
        #expect(ip.description == "192.168.1.20")
        #expect(ip.octets == [192, 168, 1, 20])
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "1.2.3.4 ", "a.b.c.d", "1..3.4"])
    func rejectsMalformed(_ text: String) {
        #expect(throws: ValidationError.self) { try Validate.ipv4(text) }
    }

    @Test func netmasks() {
        #expect(IPv4Address(255, 255, 255, 0).isNetmask)
        #expect(!IPv4Address(255, 0, 255, 0).isNetmask)
        #expect(IPv4Address(10, 0, 0, 9).sameNetwork(as: IPv4Address(10, 0, 0, 200), mask: IPv4Address(255, 255, 255, 0)))
    }
}

@Suite struct NameValidatorTests {
    @Test(arguments: ["pc01", "PC-01", "a", String(repeating: "a", count: 63), "host_01", "HOST_01_a", "a_-b"])
    func hostnamesAccepted(_ name: String) throws {
        #expect(try Validate.hostname(name) == name)
    }

    @Test(arguments: ["", "-pc", "pc-", "pc 01", "pc\n01", "pc.lan", "pc'01", "pc\"", String(repeating: "a", count: 64), "../x",
                      "_pc", "pc_", "_", "pc\u{00e9}", "pc\u{4e00}", "pc\u{ff10}"])
    func hostnamesRejected(_ name: String) {
        #expect(throws: ValidationError.self) { try Validate.hostname(name) }
    }

    @Test(arguments: ["iqn.2022-10.org.dbc.iscsi", "iqn.2022-10.org.dbc.iscsi:pc01", "iqn.1991-05.com.microsoft:pc-1.lan",
                      "iqn.2022-10.org.dbc.iscsi:client.525400123456"])
    func iqnsAccepted(_ iqn: String) throws {
        #expect(try Validate.iqn(iqn) == iqn)
    }

    @Test(arguments: ["", "iqn", "iqn.2022-13.org.x", "iqn.22-10.org.x", "IQN.2022-10.org.x", "iqn.2022-10.Org.x",
                      "iqn.2022-10.org.x:", "iqn.2022-10.org x", "iqn.2022-10.org.x\n", "eui.0123456789abcdef",
                      "iqn.2022-10..x", "iqn.2022-10.org.x:a'b"])
    func iqnsRejected(_ iqn: String) {
        #expect(throws: ValidationError.self) { try Validate.iqn(iqn) }
    }

    @Test(arguments: ["vg0", "disklessd", "pool_1", "a+b.c-d"])
    func lvmNamesAccepted(_ name: String) throws {
        #expect(try Validate.lvmName(name, field: "vg") == name)
    }

    @Test(arguments: ["", "-vg", ".", "..", "vg/lv", "vg lv", "lv_tmeta", "snapshot1", "pvmove0", "vg\n",
                      String(repeating: "a", count: 128)])
    func lvmNamesRejected(_ name: String) {
        #expect(throws: ValidationError.self) { try Validate.lvmName(name, field: "vg") }
    }

    @Test func interfaceNames() throws {
        #expect(try Validate.interfaceName("eth0") == "eth0")
        #expect(try Validate.interfaceName("br-lan.10") == "br-lan.10")
        for bad in ["", "a/b", "eth 0", "averyveryverylongname", "..", "eth0\n"] {
            #expect(throws: ValidationError.self) { try Validate.interfaceName(bad) }
        }
    }

    @Test func fileNamesAndPaths() throws {
        #expect(try Validate.fileName("undionly.kpxe", field: "f") == "undionly.kpxe")
        #expect(try Validate.relativePath("win10/boot.wim", field: "f") == "win10/boot.wim")
        #expect(try Validate.absolutePath("/srv/disklessd/disks", field: "f") == "/srv/disklessd/disks")
        for bad in ["", ".hidden", "a/b", "..", "a b", "a\nb", "a'b"] {
            #expect(throws: ValidationError.self) { try Validate.fileName(bad, field: "f") }
        }
        for bad in ["../etc/passwd", "a/../b", "/abs", "a//b", "a/"] {
            #expect(throws: ValidationError.self) { try Validate.relativePath(bad, field: "f") }
        }
        for bad in ["relative", "/a/../b", "/a b", "/a\n"] {
            #expect(throws: ValidationError.self) { try Validate.absolutePath(bad, field: "f") }
        }
    }

    @Test func configTextRefusesInjection() throws {
        #expect(try Validate.configText("Windows 10 (café)", field: "label") == "Windows 10 (café)")
        for bad in ["a\nchain http://evil", "x\" y", "${evil}", "a#b", "tab\there", ""] {
            #expect(throws: ValidationError.self) { try Validate.configText(bad, field: "label") }
        }
    }

    @Test func urls() throws {
        #expect(try Validate.url("http://10.0.0.1:8080/x.ipxe", field: "u") == "http://10.0.0.1:8080/x.ipxe")
        for bad in ["ftp://x", "http://a b", "http://x\n", "javascript:alert(1)", "http://"] {
            #expect(throws: ValidationError.self) { try Validate.url(bad, field: "u") }
        }
    }
}

@Suite struct NamingTests {
    @Test func diskNamesRoundTrip() throws {
        #expect(DiskNames.parse(DiskNames.working(image: 3)) == .working(image: 3))
        #expect(DiskNames.parse(DiskNames.version(image: 3, n: 12)) == .version(image: 3, n: 12))
        #expect(DiskNames.parse(DiskNames.machineDisk(machine: 7, image: 3)) == .machineDisk(machine: 7, image: 3))
        #expect(DiskNames.parse("root") == nil)
        #expect(DiskNames.parse("dl_imgX_work") == nil)
        for name in [DiskNames.working(image: 1), DiskNames.version(image: 1, n: 2), DiskNames.machineDisk(machine: 1, image: 2)] {
            #expect(try Validate.lvmName(name, field: "lv") == name)
        }
    }

    @Test func iscsiNames() throws {
        let mac = try Validate.mac("52:54:00:AB:CD:EF")
        let target = ISCSINames.target(prefix: "iqn.2022-10.org.dbc.iscsi", machineName: "PC01")
        #expect(target == "iqn.2022-10.org.dbc.iscsi:pc01")
        #expect(try Validate.iqn(target) == target)
        let initiator = ISCSINames.initiator(prefix: "iqn.2022-10.org.dbc.iscsi", mac: mac)
        #expect(initiator == "iqn.2022-10.org.dbc.iscsi:client.525400abcdef")
        #expect(try Validate.iqn(initiator) == initiator)
    }
}

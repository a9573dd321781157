import Domain
import Render
import Testing

@Suite struct ConfigGoldenTests {
    @Test func dnsmasqProxyModeOnlyAddsBootInformation() throws {
        let conf = try DnsmasqConfig.proxy(Fixtures.dhcpInput)
        try Golden.check(conf, "dnsmasq-proxy.conf")
        #expect(conf.contains("dhcp-range=10.99.0.0,proxy,255.255.255.0\n"))
        #expect(conf.contains("dhcp-host=52:54:00:aa:bb:03,ignore\n"))
    }

    @Test func dnsmasqFullModeHasAHostLinePerMachine() throws {
        let conf = try DnsmasqConfig.full(Fixtures.dhcpInput)
        try Golden.check(conf, "dnsmasq-full.conf")
        #expect(conf.contains("dhcp-host=52:54:00:aa:bb:01,10.99.0.101,pc01\n"))
        #expect(conf.contains("dhcp-host=52:54:00:aa:bb:02,PC02\n"))
        #expect(conf.contains("dhcp-host=52:54:00:aa:bb:03,set:noboot,10.99.0.103,blocked\n"))
    }

    @Test func iscConfigSplitsOnTheIPXEUserClass() throws {
        let conf = try ISCDHCPConfig.render(Fixtures.dhcpInput)
        try Golden.check(conf, "isc-dhcpd.conf")
        #expect(conf.contains("if exists user-class and option user-class = \"iPXE\" {"))
        #expect(conf.contains("  hardware ethernet 52:54:00:aa:bb:01;\n  fixed-address 10.99.0.101;"))
    }

    @Test func bootFilenameSettingOverridesTheBIOSFile() throws {
        var input = Fixtures.dhcpInput
        input.settings.dhcp.bootFilename = "ipxe.pxe"
        #expect(try DnsmasqConfig.full(input).contains("tag:!efi64,ipxe.pxe,,10.99.0.1"))
        #expect(try ISCDHCPConfig.render(input).contains("filename \"ipxe.pxe\";"))
    }

    @Test func externalTFTPRootIsServedByDnsmasqWhenTheBuiltInIsOff() throws {
        var input = Fixtures.dhcpInput
        input.settings.tftp.builtIn = false
        input.settings.tftp.root = "/srv/tftp"
        #expect(try DnsmasqConfig.proxy(input).contains("enable-tftp\ntftp-root=/srv/tftp\n"))
    }
}

import Domain
import Testing
@testable import ProxyDHCP

@Suite struct ProxyDHCPResponderTests {
    static let server = IPv4Address(10, 0, 0, 2)
    static let url = "http://10.0.0.2:8080/boot.ipxe"
    let responder = ProxyDHCPResponder(configuration: ProxyDHCPConfiguration(
        serverAddress: server, nextServer: IPv4Address(10, 0, 0, 3), biosBootFile: "undionly.kpxe",
        uefiBootFile: "ipxe.efi", ipxeScriptURL: url))

    struct Row: Sendable, CustomTestStringConvertible {
        var arch: UInt16
        var ipxe: Bool
        var policy: BootPolicy
        var file: String?
        var testDescription: String { "arch \(arch) ipxe \(ipxe) \(policy) → \(file ?? "nothing")" }
    }

    /// arch 0/7/9/6/11 × iPXE or not × allowed/denied/unknown.
    static let table: [Row] = [UInt16(0), 7, 9, 6, 11].flatMap { arch in
        [false, true].flatMap { ipxe in
            [BootPolicy.allowed, .denied, .unknown].map { policy in
                let file: String? = switch (policy, ipxe, arch) {
                case (.denied, _, _): nil
                case (_, true, _): url
                case (_, false, 0): "undionly.kpxe"
                default: "ipxe.efi"
                }
                return Row(arch: arch, ipxe: ipxe, policy: policy, file: file)
            }
        }
    }

    @Test(arguments: table)
    func theDecisionTable(row: Row) throws {
        let request = try #require(PXEClientRequest(PXEPackets.request(arch: row.arch, ipxe: row.ipxe ? .userClass : .none)))
        let (decision, reply) = responder.respond(to: request, on: .dhcp, policy: row.policy)
        guard let file = row.file else {
            #expect(decision == .denied && reply == nil)
            return
        }
        let offer = try #require(reply)
        #expect(decision == .answered(bootFile: file))
        #expect(offer.file == file && offer.siaddr == IPv4Address(10, 0, 0, 3) && offer.yiaddr.value == 0)
        #expect(offer.op == 2 && offer.xid == 0xCAFE_F00D && offer.chaddr == PXEPackets.request().chaddr)
        #expect(offer.flags == DHCPPacket.broadcastFlag)
        #expect(offer.messageType == .offer)
        #expect(offer.option(.serverIdentifier) == [10, 0, 0, 2])
        #expect(offer.option(.vendorClass) == Array("PXEClient".utf8))
        #expect(offer.option(.clientUUID) == PXEPackets.uuid)
        #expect(offer.option(.vendorSpecific) == [6, 1, 8, 255])
    }

    @Test(arguments: PXEPackets.IPXEMarker.allCases)
    func everyIPXEMarkerGetsTheScriptURL(marker: PXEPackets.IPXEMarker) throws {
        let request = try #require(PXEClientRequest(PXEPackets.request(arch: 7, ipxe: marker)))
        #expect(request.isIPXE == (marker != .none))
        #expect(responder.bootFile(for: request) == (marker == .none ? "ipxe.efi" : Self.url))
    }

    @Test func nonPXEAndNonRequestPacketsAreNotClassified() {
        #expect(PXEClientRequest(PXEPackets.request(vendor: "MSFT 5.0")) == nil)
        var noVendor = PXEPackets.request()
        noVendor.options.removeAll { $0.code == DHCPOptionCode.vendorClass.rawValue }
        #expect(PXEClientRequest(noVendor) == nil)
        #expect(PXEClientRequest(PXEPackets.request(.release)) == nil)
        var reply = PXEPackets.request()
        reply.op = 2
        #expect(PXEClientRequest(reply) == nil)
        var tokenRing = PXEPackets.request()
        tokenRing.htype = 6
        #expect(PXEClientRequest(tokenRing) == nil)
    }

    @Test func theArchitectureFallsBackToTheVendorClass() throws {
        var packet = PXEPackets.request(arch: 7)
        packet.options.removeAll { $0.code == DHCPOptionCode.clientArchitecture.rawValue }
        #expect(try #require(PXEClientRequest(packet)).architecture == 7)
    }

    @Test func anUnknownArchitectureGetsNothing() throws {
        let request = try #require(PXEClientRequest(PXEPackets.request(arch: 16)))
        #expect(responder.respond(to: request, on: .dhcp, policy: .allowed).0 == .unsupportedArchitecture(16))
    }

    @Test func aRequestForAnotherServerOnPort67IsLeftAlone() throws {
        let other = DHCPOption(.serverIdentifier, [10, 0, 0, 1])
        let request = try #require(PXEClientRequest(PXEPackets.request(.request, extra: [other])))
        #expect(responder.respond(to: request, on: .dhcp, policy: .allowed).0 == .notForUs)
        // On 4011 the request is addressed to us by definition.
        let (decision, reply) = responder.respond(to: request, on: .pxe, policy: .allowed)
        #expect(decision == .answered(bootFile: "undionly.kpxe") && reply?.messageType == .ack)
        let ours = DHCPOption(.serverIdentifier, [10, 0, 0, 2])
        let forUs = try #require(PXEClientRequest(PXEPackets.request(.request, extra: [ours])))
        #expect(responder.respond(to: forUs, on: .dhcp, policy: .unknown).1?.messageType == .ack)
    }

    @Test func repliesGoToBroadcastTheClientTheRelayOrBackToTheSender() throws {
        let source = (address: IPv4Address(10, 0, 0, 150), port: 68)
        var packet = PXEPackets.request()
        let broadcast = try #require(PXEClientRequest(packet))
        #expect(responder.destination(for: broadcast, on: .dhcp, source: source) == (IPv4Address(255, 255, 255, 255), 68))
        packet.ciaddr = IPv4Address(10, 0, 0, 150)
        let bound = try #require(PXEClientRequest(packet))
        #expect(responder.destination(for: bound, on: .dhcp, source: source) == (IPv4Address(10, 0, 0, 150), 68))
        #expect(responder.destination(for: bound, on: .pxe, source: (IPv4Address(10, 0, 0, 150), 4011)) == (IPv4Address(10, 0, 0, 150), 4011))
        packet.giaddr = IPv4Address(10, 0, 9, 1)
        let relayed = try #require(PXEClientRequest(packet))
        #expect(responder.destination(for: relayed, on: .dhcp, source: source) == (IPv4Address(10, 0, 9, 1), 67))
    }

    @Test func configurationsThatCannotFitAreRejected() {
        let long = ProxyDHCPConfiguration(serverAddress: Self.server, ipxeScriptURL: "http://" + String(repeating: "a", count: 130))
        #expect(throws: ProxyDHCPError.self) { try long.validated() }
        let newline = ProxyDHCPConfiguration(serverAddress: Self.server, biosBootFile: "a\nb", ipxeScriptURL: Self.url)
        #expect(throws: ProxyDHCPError.self) { try newline.validated() }
        let badInterface = ProxyDHCPConfiguration(serverAddress: Self.server, ipxeScriptURL: Self.url, interface: "eth0 x")
        #expect(throws: ProxyDHCPError.self) { try badInterface.validated() }
    }
}

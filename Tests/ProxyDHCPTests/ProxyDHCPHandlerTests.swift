import Domain
import Logging
import NIOCore
import NIOEmbedded
import Testing
@testable import ProxyDHCP

/// The handler in NIO's async testing channel (the thread-safe EmbeddedChannel: the policy
/// lookup is async, so the answer is written from a task).
@Suite struct ProxyDHCPHandlerTests {
    let client = try! SocketAddress(ipAddress: "0.0.0.0", port: 68)
    let denied = MACAddress("52:54:00:00:00:99")!

    private func channel(port: ProxyDHCPResponder.Port = .dhcp)
        async throws -> (NIOAsyncTestingChannel, AsyncStream<ProxyDHCPEvent>) {
        let (events, continuation) = AsyncStream.makeStream(of: ProxyDHCPEvent.self)
        let denied = self.denied
        let configuration = ProxyDHCPConfiguration(serverAddress: IPv4Address(10, 0, 0, 2),
                                                   ipxeScriptURL: "http://10.0.0.2:8080/boot.ipxe")
        let handler = ProxyDHCPHandler(responder: ProxyDHCPResponder(configuration: configuration), port: port,
                                       policy: { mac in mac == denied ? .denied : .unknown },
                                       onDecision: { continuation.yield($0) }, logger: Logger(label: "test"))
        return (try await NIOAsyncTestingChannel(handler: handler), events)
    }

    @Test func aBIOSDiscoverIsAnsweredByBroadcastToPort68() async throws {
        let (channel, events) = try await channel()
        try await channel.writeInbound(AddressedEnvelope(remoteAddress: client, data: PXEPackets.bytes(PXEPackets.request())))
        let out = try await channel.waitForOutboundWrite(as: AddressedEnvelope<ByteBuffer>.self)
        #expect(out.remoteAddress == (try SocketAddress(ipAddress: "255.255.255.255", port: 68)))
        let reply = try #require(DHCPPacket(decoding: out.data))
        #expect(reply.file == "undionly.kpxe" && reply.siaddr == IPv4Address(10, 0, 0, 2) && reply.messageType == .offer)
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next()?.decision == .answered(bootFile: "undionly.kpxe"))
        _ = try await channel.finish()
    }

    @Test func aDeniedMachineGetsNothingButIsReported() async throws {
        let (channel, events) = try await channel()
        let packet = PXEPackets.request(mac: denied)
        try await channel.writeInbound(AddressedEnvelope(remoteAddress: client, data: PXEPackets.bytes(packet)))
        var iterator = events.makeAsyncIterator()
        let event = await iterator.next()
        #expect(event?.decision == .denied && event?.mac == denied)
        #expect(try await channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) == nil)
        _ = try await channel.finish()
    }

    @Test func garbageAndNonPXEClientsAreDroppedAndTheNextRequestIsServed() async throws {
        let (channel, events) = try await channel(port: .pxe)
        let source = try SocketAddress(ipAddress: "10.0.0.150", port: 4011)
        try await channel.writeInbound(AddressedEnvelope(remoteAddress: source, data: ByteBuffer(bytes: [1, 2, 3])))
        let windows = PXEPackets.request(vendor: "MSFT 5.0")
        try await channel.writeInbound(AddressedEnvelope(remoteAddress: source, data: PXEPackets.bytes(windows)))
        try await channel.writeInbound(AddressedEnvelope(remoteAddress: source,
                                                         data: PXEPackets.bytes(PXEPackets.request(.request, arch: 7))))
        let out = try await channel.waitForOutboundWrite(as: AddressedEnvelope<ByteBuffer>.self)
        #expect(out.remoteAddress == source)
        let reply = try #require(DHCPPacket(decoding: out.data))
        #expect(reply.messageType == .ack && reply.file == "ipxe.efi")
        var iterator = events.makeAsyncIterator()
        #expect(await iterator.next()?.architecture == 7)  // the first event is the third packet's
        #expect(try await channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) == nil)
        _ = try await channel.finish()
    }
}

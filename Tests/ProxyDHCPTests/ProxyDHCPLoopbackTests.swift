import Domain
import NIOCore
import NIOPosix
import Testing
@testable import ProxyDHCP

/// The real server on real sockets over loopback, high ports, no root: a PXE client's unicast
/// REQUEST to the boot-server port gets a ProxyDHCPACK back on its own port.
@Suite struct ProxyDHCPLoopbackTests {
    @Test func aRequestToThePXEPortIsAnsweredToTheSender() async throws {
        let server = ProxyDHCPServer(configuration: ProxyDHCPConfiguration(
            serverAddress: IPv4Address(127, 0, 0, 1), ipxeScriptURL: "http://127.0.0.1:8080/boot.ipxe",
            bindAddress: "127.0.0.1", dhcpPort: 0, pxePort: 0), policy: { _ in .allowed })
        let (_, pxe) = try await server.start()
        let client = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0)
            .flatMapThrowing { channel in
                try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(wrappingChannelSynchronously: channel)
            }.get()
        let reply: DHCPPacket? = try await client.executeThenClose { inbound, outbound in
            try await outbound.write(AddressedEnvelope(remoteAddress: pxe,
                                                       data: PXEPackets.bytes(PXEPackets.request(.request, ipxe: .option175))))
            for try await envelope in inbound { return DHCPPacket(decoding: envelope.data) }
            return nil
        }
        await server.stop()
        let ack = try #require(reply)
        #expect(ack.messageType == .ack && ack.file == "http://127.0.0.1:8080/boot.ipxe" && ack.siaddr == IPv4Address(127, 0, 0, 1))
    }
}

import Domain
import Foundation
import NIOCore
import NIOPosix
import Power
import Testing

@Suite struct WakeOnLANTests {
    let mac = MACAddress("52:54:00:12:34:56")!

    @Test func theMagicPacketIsSixFFThenSixteenMACs() {
        let payload = WakeOnLANPacket.payload(for: mac)
        #expect(payload.count == 102)
        #expect(payload.prefix(6).allSatisfy { $0 == 0xff })
        for i in 0..<16 {
            #expect(Array(payload[6 + i * 6..<12 + i * 6]) == mac.bytes)
        }
    }

    /// Real UDP: a listener on loopback receives what the driver sends (the broadcast case runs in
    /// a network namespace in the `thrift` tier).
    @Test func theDriverSendsThePacketOverUDP() async throws {
        let received = Box()
        let listener = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Capture(received)) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        defer { listener.close(promise: nil) }
        let port = try #require(listener.localAddress?.port)
        let machine = Machine(name: "pc01", mac: mac, power: PowerConfig(driver: .wol, wolBroadcast: IPv4Address(127, 0, 0, 1)))
        let context = PowerContext(broadcast: IPv4Address(192, 168, 1, 255), settings: PowerSettings())
        try await WakeOnLANDriver(port: port).perform(.on, on: machine, context: context)
        for _ in 0..<200 where received.value == nil {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(received.value == WakeOnLANPacket.payload(for: mac))
    }

    @Test func wakeOnLANCannotSwitchOff() async {
        let machine = Machine(name: "pc01", mac: mac)
        let context = PowerContext(broadcast: IPv4Address(127, 0, 0, 1), settings: PowerSettings())
        await #expect(throws: DriverError.self) { try await WakeOnLANDriver(port: 9).perform(.off, on: machine, context: context) }
    }

    /// The first datagram received, shared between the event loop and the test.
    final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var bytes: [UInt8]?
        var value: [UInt8]? {
            get { lock.withLock { bytes } }
            set { lock.withLock { bytes = newValue } }
        }
    }

    final class Capture: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let box: Box
        init(_ box: Box) { self.box = box }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            box.value = Array(unwrapInboundIn(data).data.readableBytesView)
        }
    }
}

import Domain
import NIOCore
import NIOPosix

/// Powers machines on with a Wake-on-LAN magic packet sent as a UDP broadcast (port 9, the
/// "discard" port NICs listen on) to the machine's configured broadcast address, or the DHCP
/// settings' broadcast address from the context. It cannot switch off or tell the power state.
public struct WakeOnLANDriver: PowerDriver {
    public let kind = PowerDriverKind.wol
    let port: Int
    let group: any EventLoopGroup

    /// - Parameter port: UDP destination port; 9 on real networks, another one in tests.
    public init(port: Int = 9, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.port = port
        self.group = group
    }

    public func perform(_ action: PowerAction, on machine: Machine, context: PowerContext) async throws {
        guard action == .on else {
            throw DriverError.unavailable("wake-on-lan can only power on, not \(action.rawValue)")
        }
        let target = machine.power.wolBroadcast ?? context.broadcast
        try await send(WakeOnLANPacket.payload(for: machine.mac), to: target)
    }

    public func state(of machine: Machine, context: PowerContext) async -> PowerState { .unknown }

    /// Sends one datagram with SO_BROADCAST set (needed for any broadcast destination).
    func send(_ payload: [UInt8], to address: IPv4Address) async throws {
        let destination: SocketAddress
        do {
            destination = try SocketAddress(ipAddress: address.description, port: port)
        } catch {
            throw DriverError.invalid("broadcast address \(address) is not usable: \(error)")
        }
        do {
            let channel = try await DatagramBootstrap(group: group)
                .channelOption(.socketOption(.so_broadcast), value: 1)
                .bind(host: "0.0.0.0", port: 0)
                .get()
            defer { channel.close(promise: nil) }
            let envelope = AddressedEnvelope(remoteAddress: destination, data: ByteBuffer(bytes: payload))
            try await channel.writeAndFlush(envelope).get()
        } catch {
            throw DriverError.commandFailed(command: "wake-on-lan to \(address):\(port)", status: -1, output: "\(error)")
        }
    }
}

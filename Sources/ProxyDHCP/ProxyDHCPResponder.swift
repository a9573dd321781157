import Domain

/// The ProxyDHCP decision, pure: a PXE request, the port it came in on and the boot policy in;
/// the reply (or nothing) out.
public struct ProxyDHCPResponder: Sendable {
    /// Which socket a request arrived on.
    public enum Port: Hashable, Sendable {
        /// 67: broadcast DISCOVER/REQUEST, shared with the site's DHCP server.
        case dhcp
        /// 4011: the PXE boot server port; requests come unicast after the DHCP exchange.
        case pxe
    }

    /// The outcome for one request, reported to the app.
    public enum Decision: Hashable, Sendable {
        case answered(bootFile: String)
        /// The machine is registered and not allowed to boot.
        case denied
        /// An architecture ProxyDHCP has no boot file for.
        case unsupportedArchitecture(UInt16)
        /// A REQUEST meant for another DHCP server (its option 54 names that server).
        case notForUs
    }

    public let configuration: ProxyDHCPConfiguration

    public init(configuration: ProxyDHCPConfiguration) {
        self.configuration = configuration
    }

    /// The boot file for a request: iPXE gets the script URL, firmware gets the loader for its
    /// architecture. nil when there is nothing that would boot on it.
    public func bootFile(for request: PXEClientRequest) -> String? {
        if request.isIPXE { return configuration.ipxeScriptURL }
        switch request.architecture {
        case 0: return configuration.biosBootFile
        // 7 and 9 are both x86-64 UEFI (9 is what EDK2 sent by mistake for years). The SPEC
        // treats 6 (IA32) and 11 (ARM64) as UEFI too: they get the configured UEFI file, which
        // the operator must point at a build for that architecture if such clients exist.
        case 6, 7, 9, 11: return configuration.uefiBootFile
        default: return nil
        }
    }

    /// Decides and builds the reply.
    public func respond(to request: PXEClientRequest, on port: Port, policy: BootPolicy) -> (Decision, DHCPPacket?) {
        if case .dhcp = port, request.messageType != .discover,
           let server = request.packet.option(.serverIdentifier), server != configuration.serverAddress.octets {
            return (.notForUs, nil)
        }
        if case .denied = policy { return (.denied, nil) }
        guard let file = bootFile(for: request) else { return (.unsupportedArchitecture(request.architecture), nil) }
        return (.answered(bootFile: file), reply(to: request, file: file))
    }

    /// The ProxyDHCPOFFER (to a DISCOVER) or ProxyDHCPACK (to a REQUEST/INFORM).
    func reply(to request: PXEClientRequest, file: String) -> DHCPPacket {
        let incoming = request.packet
        var reply = DHCPPacket(op: DHCPPacket.bootReply, xid: incoming.xid, chaddr: incoming.chaddr)
        reply.htype = incoming.htype
        reply.hlen = incoming.hlen
        reply.flags = incoming.flags
        reply.ciaddr = incoming.ciaddr
        reply.giaddr = incoming.giaddr
        // yiaddr stays 0: a proxy never assigns an address. siaddr and file are always set:
        // iPXE ignores a ProxyDHCP offer that lacks either (and firmware needs both to load).
        reply.siaddr = configuration.nextServer
        reply.file = file
        let type: DHCPMessageType = request.messageType == .discover ? .offer : .ack
        var options = [
            DHCPOption(.messageType, [type.rawValue]),
            DHCPOption(.serverIdentifier, configuration.serverAddress.octets),
            // Option 60 "PXEClient" is what marks the reply as ProxyDHCP to the firmware.
            DHCPOption(.vendorClass, Array("PXEClient".utf8)),
        ]
        if let uuid = incoming.option(.clientUUID) { options.append(DHCPOption(.clientUUID, uuid)) }
        // Option 43, PXE sub-option 6 (discovery control) = 8: "boot file name given, download it";
        // no boot server discovery, no menu, so the firmware does not wait for anything else.
        options.append(DHCPOption(.vendorSpecific, [6, 1, 8, 255]))
        reply.options = options
        return reply
    }

    /// Where the reply goes: for port 4011 back to the sender; for port 67 to the relay (giaddr,
    /// port 67), else to the client's own address when it has one, else broadcast to port 68
    /// (the client has no address yet, so unicast to yiaddr is impossible for a proxy).
    public func destination(for request: PXEClientRequest, on port: Port, source: (address: IPv4Address, port: Int))
        -> (address: IPv4Address, port: Int) {
        let packet = request.packet
        if case .pxe = port { return source }
        if packet.giaddr.value != 0 { return (packet.giaddr, 67) }
        if packet.ciaddr.value != 0 { return (packet.ciaddr, configuration.clientPort) }
        return (IPv4Address(255, 255, 255, 255), configuration.clientPort)
    }
}

import Domain
#if canImport(Glibc)
import Glibc
#endif

/// This host's IPv4 interface addresses (getifaddrs): where the settings' server address and
/// boot URL default to.
enum HostInterfaces {
    private static let up: UInt32 = 0x1, loopback: UInt32 = 0x8  // IFF_UP, IFF_LOOPBACK

    /// The first IPv4 address of the interface `name`; with `name` empty, of the first interface
    /// that is up and not loopback. Nil when there is none.
    static func address(of name: String) -> (name: String, address: IPv4Address)? {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0 else { return nil }
        defer { freeifaddrs(list) }
        var cursor = list
        while let entry = cursor {
            cursor = entry.pointee.ifa_next
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            let interface = String(cString: entry.pointee.ifa_name)
            if name.isEmpty {
                let flags = UInt32(entry.pointee.ifa_flags)
                guard flags & up != 0, flags & loopback == 0 else { continue }
            } else if interface != name {
                continue
            }
            // sockaddr_in: family (2 bytes), port (2), then the address in network order. Read as
            // bytes: sockaddr_in's fields resolve to CNIOLinux's copy in the release build.
            let raw = UnsafeRawPointer(address)
            let octets = (0..<4).map { raw.load(fromByteOffset: 4 + $0, as: UInt8.self) }
            return (interface, IPv4Address(octets[0], octets[1], octets[2], octets[3]))
        }
        return nil
    }
}

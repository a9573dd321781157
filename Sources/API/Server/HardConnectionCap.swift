import HummingbirdCore

/// Stops accepting while `HTTPConnectionGate.hardCap` sockets are open (Hummingbird then leaves
/// new connections in the listen backlog instead of accepting them into EMFILE).
struct HardConnectionCap: AvailableConnectionsDelegate {
    let gate: HTTPConnectionGate

    mutating func connectionOpened() { gate.socketAccepted() }
    mutating func connectionClosed() { gate.socketClosed() }
    func isAcceptingNewConnections() -> Bool { gate.acceptingSockets }
}

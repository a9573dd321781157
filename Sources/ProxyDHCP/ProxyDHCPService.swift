import ServiceLifecycle

/// Runs a `ProxyDHCPServer` as a ServiceLifecycle service until graceful shutdown.
public struct ProxyDHCPService: Service {
    public let server: ProxyDHCPServer

    public init(server: ProxyDHCPServer) {
        self.server = server
    }

    public func run() async throws {
        try await server.start()
        // Returns on graceful shutdown; throws on cancellation. Either way: stop.
        try? await gracefulShutdown()
        await server.stop()
    }
}

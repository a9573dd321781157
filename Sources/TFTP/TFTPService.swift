import ServiceLifecycle

/// Runs a `TFTPServer` as a ServiceLifecycle service beside the HTTP app: binds at start,
/// serves until graceful shutdown, then closes the listener and the transfers in flight.
public struct TFTPService: Service {
    public let server: TFTPServer

    public init(server: TFTPServer) {
        self.server = server
    }

    public func run() async throws {
        try await server.start()
        // Returns on graceful shutdown; throws on cancellation. Either way: stop.
        try? await gracefulShutdown()
        await server.stop()
    }
}

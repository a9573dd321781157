import DisklessdApp
import Domain
import Foundation
import Logging
import ServiceLifecycle
import Services
import Testing

/// The real app on 127.0.0.1, port 0, over a fresh temp data directory and web root.
/// Each test starts its own and stops it with `stop()`.
final class TestServer: @unchecked Sendable {
    let dataDir: String
    let webRoot: String
    let services: ServiceContainer
    let port: Int
    let group: ServiceGroup
    let task: Task<Void, any Error>

    static let adminPassword = "admin-password-1"

    private init(dataDir: String, webRoot: String, services: ServiceContainer, port: Int, group: ServiceGroup,
                 task: Task<Void, any Error>) {
        self.dataDir = dataDir
        self.webRoot = webRoot
        self.services = services
        self.port = port
        self.group = group
        self.task = task
    }

    /// Starts the app and waits (bounded) until it listens.
    /// - Parameters:
    ///   - networkServices: also start TFTP, ProxyDHCP and Thrift (on ports `settings` picks).
    ///   - bootPort: `--boot-port` (the boot-only port when settings.http.bootPort is 0).
    ///   - settings: changes to the default settings, saved before the servers start.
    ///   - proxyDHCPSocket: ProxyDHCP's socket factory (one that makes them in a network namespace).
    static func start(networkServices: Bool = false, bootPort: Int? = nil, settings configure: ((inout Settings) -> Void)? = nil,
                      proxyDHCPSocket: (@Sendable (String, Int, String) throws -> CInt)? = nil) async throws -> TestServer {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("disklessd-api-\(UUID().uuidString)")
        let dataDir = base + "/data"
        let webRoot = base + "/web"
        try FileManager.default.createDirectory(atPath: webRoot + "/js", withIntermediateDirectories: true)
        try Data("<!doctype html><title>disklessd</title>".utf8).write(to: URL(fileURLWithPath: webRoot + "/index.html"))
        try Data("export const x = 1;\n".utf8).write(to: URL(fileURLWithPath: webRoot + "/js/app.js"))
        try Data("secret\n".utf8).write(to: URL(fileURLWithPath: base + "/outside.txt"))
        try FileManager.default.createSymbolicLink(atPath: webRoot + "/escape.txt", withDestinationPath: base + "/outside.txt")
        try FileManager.default.createSymbolicLink(atPath: webRoot + "/inside.js", withDestinationPath: webRoot + "/js/app.js")

        let app = App(config: AppConfig(dataDir: dataDir, host: "127.0.0.1", port: 0, bootOnlyPort: bootPort, logLevel: .warning,
                                        webRoot: webRoot, startNetworkServices: networkServices, proxyDHCPSocket: proxyDHCPSocket))
        let parts = try await app.assemble(passwordCost: .testing)
        let services = parts.services
        // A known admin: bootstrap would make a random one.
        _ = try await services.auth.createUser(UserInput(username: "admin", password: adminPassword, role: "admin"), by: .system)
        if let configure {
            var settings = try await services.settings.get()
            configure(&settings)
            _ = try await services.settings.update(settings, by: .system)
        }

        let (ports, sink) = AsyncStream<Int>.makeStream()
        let group = try await app.serviceGroup(parts: parts, signals: []) { port in sink.yield(port) }
        let task = Task { try await group.run() }
        let port = try await withThrowingTaskGroup(of: Int?.self) { group in
            group.addTask { await ports.first { _ in true } }
            group.addTask {
                try await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let port, port > 0 else {
            task.cancel()
            throw TestServerError.didNotStart
        }
        return TestServer(dataDir: dataDir, webRoot: webRoot, services: services, port: port, group: group, task: task)
    }

    /// A client for this server, optionally logged in.
    func client(login user: String? = nil, password: String = TestServer.adminPassword) async throws -> TestClient {
        let client = TestClient(port: port)
        if let user {
            let response = try await client.login(user, password)
            try #require(response.status == 200, "login as \(user) answered \(response.status): \(response.text)")
        }
        return client
    }

    /// A user with `role` and the password `<name>-password`.
    func addUser(_ name: String, role: UserRole) async throws {
        _ = try await services.auth.createUser(UserInput(username: name, password: "\(name)-password", role: role.rawValue), by: .system)
    }

    /// Graceful shutdown, as SIGTERM would do it.
    func stop() async {
        await group.triggerGracefulShutdown()
        // Bounded: a shutdown that hangs (an open stream holding it up) is a failure, not a stuck test.
        let task = self.task
        let finished = await withTaskGroup(of: Bool.self) { waiters in
            waiters.addTask { _ = await task.result; return true }
            waiters.addTask {
                try? await Task.sleep(for: .seconds(30))
                if !Task.isCancelled { task.cancel() }  // unblocks the waiter above
                return false
            }
            let first = await waiters.next() ?? false
            waiters.cancelAll()
            return first
        }
        if !finished { Issue.record("the server did not shut down gracefully within 30 s") }
        try? FileManager.default.removeItem(atPath: (dataDir as NSString).deletingLastPathComponent)
    }
}

enum TestServerError: Error { case didNotStart }

/// Runs `body` against a fresh server and always stops it.
func withServer(_ body: (TestServer) async throws -> Void) async throws {
    let server = try await TestServer.start()
    do {
        try await body(server)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

import Domain
import Logging
import NIOCore
import Services
#if canImport(Glibc)
import Glibc
#endif

/// One server whose listener the settings describe, kept in step with them while running.
///
/// A change binds the new listener first and then closes the old one; when the new one cannot
/// bind, the old one keeps serving and the change is refused (`ServiceError.conflict` naming the
/// port: the settings update answers 409 and saves nothing). On the same port the new listener
/// cannot bind beside the old one, so the old one closes first and, when the new one fails, is
/// bound again.
actor ListenerSupervisor<Key: Hashable & Sendable>: LiveSettingsApplier {
    typealias Stop = @Sendable () async -> Void

    /// The server's name in messages (`tftp`).
    let name: String
    /// What the listener is made from; nil when the settings turn the server off.
    let key: @Sendable (Settings) -> Key?
    /// Where `key` listens: protocol, address and port, for messages and the order of a switch.
    let endpoint: @Sendable (Key) -> ListenEndpoint
    /// Binds and starts serving (throws when it cannot bind); returns how to stop.
    let start: @Sendable (Key) async throws -> Stop
    let logger: Logger
    private var running: (key: Key, stop: Stop)?

    init(name: String, logger: Logger, key: @escaping @Sendable (Settings) -> Key?,
         endpoint: @escaping @Sendable (Key) -> ListenEndpoint, start: @escaping @Sendable (Key) async throws -> Stop) {
        self.name = name
        self.logger = logger
        self.key = key
        self.endpoint = endpoint
        self.start = start
    }

    /// What is listening now (nil: off, or it could not start).
    var current: Key? { running?.key }

    /// Starts from the settings at start-up. A listener that cannot bind (port taken, not root) is
    /// logged and left out: the API, console and HTTP boot endpoints keep serving.
    func start(_ settings: Settings) async {
        guard let want = key(settings) else { return }
        do {
            running = (want, try await start(want))
        } catch {
            logger.error("\(name): not started", metadata: ["listen": "\(endpoint(want))", "error": "\(error)"])
        }
    }

    /// Follows a settings change; a change that leaves this server's key alone does nothing.
    func apply(old: Settings, new: Settings) async throws {
        let want = key(new)
        guard want != key(old), want != running?.key else { return }
        try await switchTo(want)
    }

    /// Closes the listener (shutdown).
    func stop() async {
        let stop = running?.stop
        running = nil
        await stop?()
    }

    private func switchTo(_ want: Key?) async throws {
        guard let want else {
            await stop()
            logger.notice("\(name): stopped (settings)")
            return
        }
        if let old = running, endpoint(old.key).port == endpoint(want).port {
            await old.stop()
            running = nil
            do {
                running = (want, try await start(want))
            } catch {
                do { running = (old.key, try await start(old.key)) } catch let restore {
                    logger.error("\(name): the old listener could not be bound again", metadata: [
                        "listen": "\(endpoint(old.key))", "error": "\(restore)"])
                }
                throw refusal(want, error, oldKept: running != nil)
            }
        } else {
            let stop: Stop
            do { stop = try await start(want) } catch { throw refusal(want, error, oldKept: running != nil) }
            await running?.stop()
            running = (want, stop)
        }
        logger.notice("\(name): listening anew (settings)", metadata: ["listen": "\(endpoint(want))"])
    }

    /// The 409 of a listener that could not bind: names the port and says what still runs.
    private func refusal(_ want: Key, _ error: any Error, oldKept: Bool) -> ServiceError {
        let e = endpoint(want)
        let reason = Self.inUse(error) ? "port \(e.port) is in use" : "cannot listen on port \(e.port): \(error)"
        let kept = oldKept ? "the old listener keeps serving" : "it is not listening"
        return .conflict(.conflict, "\(name) (\(e)): \(reason); \(kept) and the settings were not saved")
    }

    static func inUse(_ error: any Error) -> Bool {
        if let io = error as? IOError { return io.errnoCode == EADDRINUSE }
        let text = "\(error)"
        return text.contains("in use") || text.hasSuffix("errno \(EADDRINUSE)")
    }
}

/// Where a listener listens, for messages (`udp 0.0.0.0:69`) and the order of a switch.
struct ListenEndpoint: Sendable, CustomStringConvertible {
    var proto: String
    var address: String
    var port: Int
    var description: String { "\(proto) \(address):\(port)" }
}

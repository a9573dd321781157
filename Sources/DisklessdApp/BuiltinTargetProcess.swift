import Domain
import Foundation
import Logging
import ProcessSpawn
import ServiceLifecycle

/// `disklessd target` as `serve`'s child, for hosts with no `disklessd-target.service` (the
/// embedded default, a container): started before the first reconcile, started again when it
/// dies (1 s, doubling to 30 s while it keeps dying at once), stopped with SIGTERM when `serve`
/// shuts down. It leads its own process group, so a `kill -9` of `serve` leaves it serving its
/// PCs; the next `serve` finds its control socket answering and drives it as it is.
final class BuiltinTargetProcess: @unchecked Sendable {   // mutable state behind `lock`
    let argv: [String]
    let logger: Logger
    private let lock = NSLock()
    private var pid: pid_t = 0
    private var stopping = false
    private var exited = false

    init(argv: [String], logger: Logger) {
        self.argv = argv
        self.logger = logger
    }

    /// Starts the child and a thread that reaps it and starts it again.
    func start() throws {
        let first = try Spawn.start(argv)
        lock.withLock { pid = first }
        logger.notice("started the built-in iSCSI target", metadata: ["pid": "\(first)"])
        Thread.detachNewThread { [self] in watch() }
    }

    /// Blocks in `waitpid` on its own thread (never on the cooperative pool).
    private func watch() {
        var backoff: UInt32 = 1
        while true {
            let current = lock.withLock { pid }
            let started = Date()
            var status: Int32 = 0
            while waitpid(current, &status, 0) < 0 && errno == EINTR {}
            if lock.withLock({ stopping }) {
                lock.withLock { exited = true }
                return
            }
            logger.error("the built-in iSCSI target exited; starting it again", metadata: [
                "pid": "\(current)", "status": "\(status)", "afterSeconds": "\(backoff)",
            ])
            backoff = Date().timeIntervalSince(started) > 30 ? 1 : backoff
            sleep(backoff)
            backoff = min(backoff * 2, 30)
            do {
                let next = try Spawn.start(argv)
                let stop = lock.withLock { () -> Bool in
                    pid = next
                    return stopping
                }
                if stop { kill(next, SIGTERM) }
            } catch {
                logger.error("cannot start the built-in iSCSI target", metadata: ["error": "\(error)"])
            }
        }
    }

    /// SIGTERM, then SIGKILL after 5 s.
    func stop() async {
        let current = lock.withLock { () -> pid_t in
            stopping = true
            return pid
        }
        guard current > 0 else { return }
        kill(current, SIGTERM)
        for _ in 0..<100 {
            if lock.withLock({ exited }) { break }
            try? await Task.sleep(for: .milliseconds(50))
        }
        if !lock.withLock({ exited }) { kill(current, SIGKILL) }
        logger.notice("stopped the built-in iSCSI target", metadata: ["pid": "\(current)"])
    }
}

/// Stops `serve`'s own `disklessd target` child when `serve` shuts down gracefully.
struct BuiltinTargetKeeper: Service {
    let process: BuiltinTargetProcess

    func run() async throws {
        try? await gracefulShutdown()
        await process.stop()
    }
}

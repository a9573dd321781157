import AcceptPause
import NIOCore

extension Channel {
    /// Puts an `AcceptPauseHandler` first in this listening channel's pipeline (Hummingbird builds
    /// its server channel itself, so this runs from `onServerRunning`).
    func addAcceptPause() async {
        let channel = self
        try? await eventLoop.submit {
            try channel.pipeline.syncOperations.addHandler(AcceptPauseHandler(), position: .first)
        }.get()
    }
}

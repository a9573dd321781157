import API
import AcceptPause
import NIOCore

extension Channel {
    /// Sets up this listening channel for a café's PCs connecting in the same moment (Hummingbird
    /// builds its server channel itself, so this runs from `onServerRunning`):
    /// - up to `HTTPServerLimits.acceptsPerRead` accepts per event-loop turn instead of NIO's 4: under a
    ///   boot storm a turn of a busy event loop takes milliseconds, so 4 a turn left 200 new
    ///   connections waiting 250–450 ms for their first answer (nginx: 13–130 ms);
    /// - an `AcceptAheadHandler` (under `limits`' caps) and an `AcceptPauseHandler`, first in its
    ///   pipeline.
    func addListenerHandlers(_ limits: HTTPServerLimits) async {
        let channel = self
        try? await eventLoop.submit {
            try channel.syncOptions?.setOption(.maxMessagesPerRead, value: HTTPServerLimits.acceptsPerRead)
            try channel.pipeline.syncOperations.addHandler(AcceptPauseHandler(), position: .first)
            try channel.pipeline.syncOperations.addHandler(limits.acceptAhead(), position: .first)
        }.get()
    }
}

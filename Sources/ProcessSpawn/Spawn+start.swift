import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Spawn {
    /// Starts a long-running child (a daemon `serve` keeps, such as `disklessd target`) and returns
    /// its pid at once; the caller reaps it with `waitpid`. Its stdout and stderr are this
    /// process's (its log lines go where `serve`'s go), stdin is /dev/null, no other descriptor is
    /// inherited, its signal mask is empty, and it leads a process group of its own, so a Ctrl-C
    /// meant for `serve` does not reach it before `serve` stops it in order, and a `kill -9` of
    /// `serve` leaves it serving.
    public static func start(_ argv: [String], environment: [String: String] = [:]) throws(DriverError) -> pid_t {
        try spawnChild(argv, environment: environment, ownGroup: true)
    }
}

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

    /// `start` with the child's standard descriptors chosen (stdin nil: /dev/null; stdout and
    /// stderr nil: this process's): a daemon a test runs with its log in a file, or a tool it
    /// talks to over pipes. The descriptors are duplicated into the child; the caller still owns
    /// (and closes) its own.
    public static func start(_ argv: [String], environment: [String: String] = [:],
                             stdin: Int32?, stdout: Int32?, stderr: Int32?) throws(DriverError) -> pid_t {
        try spawnChild(argv, environment: environment, stdin: stdin, stdout: stdout, stderr: stderr, ownGroup: true)
    }
}

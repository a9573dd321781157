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
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        closeFrom3(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        let cArgv: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        let cEnv: [UnsafeMutablePointer<CChar>?] = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgv + cEnv { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArgv, cEnv)
        guard spawned == 0 else { throw .unavailable("cannot run \(argv[0]): \(String(cString: strerror(spawned)))") }
        return pid
    }
}

import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Spawn {
    /// The one `posix_spawn` of this module: stdin on the given descriptor (nil: /dev/null),
    /// stdout/stderr on the given descriptors (nil: this process's), in `directory` (nil: this
    /// process's), no other descriptor inherited, an empty signal mask and default handlers (the
    /// server blocks SIGTERM in its threads, and a mask is inherited), and, with `ownGroup`, a
    /// process group of its own.
    static func spawnChild(_ argv: [String], environment: [String: String], stdin: Int32? = nil,
                           stdout: Int32? = nil, stderr: Int32? = nil, directory: String? = nil,
                           ownGroup: Bool = false) throws(DriverError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        if let stdout { posix_spawn_file_actions_adddup2(&actions, stdout, 1) }
        if let stderr { posix_spawn_file_actions_adddup2(&actions, stderr, 2) }
        if let directory {
            guard let addChdir else { throw .unavailable("this C library cannot start a child in another directory") }
            _ = addChdir(&actions, directory)
        }
        closeFrom3(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if ownGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let cArgv: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, added in added }
        let cEnv: [UnsafeMutablePointer<CChar>?] = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgv + cEnv { free(p) } }
        var pid: pid_t = 0
        // ETXTBSY: a script written just before (by us or a test) may still be open for writing in a
        // child that another thread forked and has not yet exec'd or closed; that window is short.
        var spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArgv, cEnv)
        var busyRetries = 0
        while spawned == ETXTBSY, busyRetries < 20 {
            busyRetries += 1
            usleep(UInt32(5_000 * busyRetries))
            spawned = posix_spawn(&pid, argv[0], &actions, &attributes, cArgv, cEnv)
        }
        guard spawned == 0 else { throw .unavailable("cannot run \(argv[0]): \(String(cString: strerror(spawned)))") }
        return pid
    }
}

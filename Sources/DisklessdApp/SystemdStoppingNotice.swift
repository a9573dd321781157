import ServiceLifecycle
import SystemdSupport

/// Tells systemd `STOPPING=1` as soon as graceful shutdown begins (SIGTERM from `systemctl
/// stop`), so `systemctl status` shows "deactivating" while the servers drain. Only in the group
/// when `NOTIFY_SOCKET` is set.
struct SystemdStoppingNotice: Service {
    let notifier: SystemdNotifier

    func run() async throws {
        // Returns on graceful shutdown; throws on cancellation (the group is going down either way).
        try? await gracefulShutdown()
        notifier.notify("STOPPING=1")
    }
}

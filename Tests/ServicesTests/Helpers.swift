import Domain
import Foundation
import Services
import Testing

let admin = Caller(name: "admin", role: .admin, userID: 1)

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }

    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// The fields named by a thrown validation error, or [] when something else was thrown.
func invalidFields(_ body: () async throws -> Void) async -> [String] {
    do {
        try await body()
        return []
    } catch let ServiceError.validation(e) {
        return e.errors.map(\.field)
    } catch {
        return ["unexpected: \(error)"]
    }
}

/// The error thrown by `body`, or nil.
func thrownError(_ body: () async throws -> Void) async -> ServiceError? {
    do {
        try await body()
        return nil
    } catch let e as ServiceError {
        return e
    } catch {
        return .internal("not a ServiceError: \(error)")
    }
}

func mac(_ n: Int) -> String { String(format: "52:54:00:%02x:%02x:%02x", (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF) }

extension ServiceContainer {
    /// An os image, a data image and an iscsi boot item using both, plus a local item.
    func seedBootItems() async throws -> (os: Image, data: Image, iscsi: BootItem, local: BootItem) {
        let os = try await images.create(ImageInput(name: "win10", kind: "os", sizeMiB: 64), by: admin)
        let data = try await images.create(ImageInput(name: "games", kind: "data", sizeMiB: 64), by: admin)
        let iscsi = try await bootItems.create(BootItemInput(name: "win10", label: "Windows 10", kind: "iscsi", osImage: os.id,
                                                             dataImages: [data.id]), by: admin)
        let local = try await bootItems.create(BootItemInput(name: "local", kind: "local"), by: admin)
        return (os, data, iscsi, local)
    }
}

import Domain
import Foundation
import Services
import Storage

/// The real file driver, with a gate in `resetVolume`: after the real reset, a reset waits until
/// another reset is inside at the same time (overlap seen), or the provisioner has an operation
/// waiting for its turn (it was called and is held back), or it is the last reset the test makes.
/// It counts how many resets were inside at once, and the volume listings. With `failing`, resets
/// throw before touching the file.
final class GatedStorage: StorageDriver, @unchecked Sendable {
    let inner: FileStorageDriver
    let expected: Int
    let failing: Bool
    private let lock = NSLock()
    private var inside = 0
    private var _entered = 0
    private var _mostInside = 0
    private var _listings = 0
    private var _provisioner: DiskProvisioner?

    /// - Parameter expected: how many resets the test makes in all.
    init(_ inner: FileStorageDriver, expected: Int, failing: Bool = false) {
        self.inner = inner
        self.expected = expected
        self.failing = failing
    }

    var provisioner: DiskProvisioner? {
        get { lock.withLock { _provisioner } }
        set { lock.withLock { _provisioner = newValue } }
    }
    var entered: Int { lock.withLock { _entered } }
    var mostInside: Int { lock.withLock { _mostInside } }
    var listings: Int { lock.withLock { _listings } }

    var kind: StorageDriverKind { inner.kind }
    func status() async throws -> StorageStatus { try await inner.status() }
    func listVolumes() async throws -> [VolumeInfo] {
        lock.withLock { _listings += 1 }
        return try await inner.listVolumes()
    }
    func createVolume(_ name: String, sizeBytes: Int64) async throws { try await inner.createVolume(name, sizeBytes: sizeBytes) }
    func cloneVolume(_ source: String, to target: String, readOnly: Bool) async throws {
        try await inner.cloneVolume(source, to: target, readOnly: readOnly)
    }
    func resizeVolume(_ name: String, sizeBytes: Int64) async throws { try await inner.resizeVolume(name, sizeBytes: sizeBytes) }
    func removeVolume(_ name: String) async throws { try await inner.removeVolume(name) }
    func backing(of name: String) -> VolumeBacking { inner.backing(of: name) }

    func resetVolume(_ target: String, from source: String) async throws {
        if failing { throw DriverError.commandFailed(command: "reset \(target)", status: 1, output: "disk full") }
        let mine = lock.withLock {
            inside += 1
            _entered += 1
            _mostInside = max(_mostInside, inside)
            return _entered
        }
        defer { lock.withLock { inside -= 1 } }
        try await inner.resetVolume(target, from: source)
        while mine < expected, mostInside < 2 {
            if let provisioner, await provisioner.operationsWaiting > 0 { break }
            try await Task.sleep(for: .milliseconds(1))  // polls; no duration is asserted
        }
    }
}

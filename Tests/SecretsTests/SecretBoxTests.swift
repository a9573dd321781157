import Foundation
import Secrets
import Testing

/// AES-256-GCM sealing of stored secrets and its key file (issue 15, item 11).
@Suite struct SecretBoxTests {
    func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "disklessd-secretbox-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func sealedValuesOpenOnlyWithTheirKeyAndUnchanged() throws {
        let box = try SecretBox(key: Array(repeating: 7, count: 32))
        let sealed = try box.seal("chap-secret-123")
        #expect(SecretBox.isSealed(sealed))
        #expect(!sealed.contains("chap-secret-123"))
        #expect(try box.seal("chap-secret-123") != sealed, "a fresh nonce per seal")
        #expect(try box.open(sealed) == "chap-secret-123")
        #expect(try box.open(try box.seal("")) == "")
        #expect(try box.open("plain-from-before") == "plain-from-before")

        let other = try SecretBox(key: Array(repeating: 8, count: 32))
        #expect(throws: SecretsError.self) { try other.open(sealed) }
        var tampered = Array(sealed)
        tampered[tampered.count - 3] = tampered[tampered.count - 3] == "A" ? "B" : "A"
        #expect(throws: SecretsError.self) { try box.open(String(tampered)) }
        #expect(throws: SecretsError.self) { try box.open("enc:v1:short") }
        #expect(throws: SecretsError.self) { try SecretBox(key: [1, 2, 3]) }
    }

    @Test func theKeyFileIsMadeOnceOwnerOnly() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/secrets.key"
        let first = try SecretBox.keyFile(at: path)
        #expect(try mode(path) == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber == 32)
        let sealed = try first.seal("ipmi-password")
        #expect(try SecretBox.keyFile(at: path).open(sealed) == "ipmi-password")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["secrets.key"], "no temp file left")

        // Readable by others (an old copy, a careless restore): narrowed to 0600.
        chmod(path, 0o644)
        _ = try SecretBox.keyFile(at: path)
        #expect(try mode(path) == 0o600)

        // Not a key: refused rather than silently replaced (the database's secrets need this key).
        try Data("short".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SecretsError.self) { try SecretBox.keyFile(at: path) }
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/etc/hostname")
        #expect(throws: SecretsError.self) { try SecretBox.keyFile(at: path) }
    }
}

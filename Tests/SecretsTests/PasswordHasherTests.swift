import Foundation
import Secrets
import Testing

@Suite struct PasswordHasherTests {
    let hasher = PasswordHasher(parameters: .testing)

    @Test func hashVerifiesTheRightPasswordOnly() throws {
        let encoded = try hasher.hash("correct horse battery staple")
        #expect(try hasher.verify("correct horse battery staple", against: encoded))
        #expect(try !hasher.verify("correct horse battery stapler", against: encoded))
        #expect(try !hasher.verify("", against: encoded))
    }

    @Test func encodedFormCarriesParametersAndSalt() throws {
        let encoded = try hasher.hash("pw")
        let parts = encoded.split(separator: "$").map(String.init)
        #expect(parts.count == 6)
        #expect(Array(parts.prefix(4)) == ["scrypt", "10", "8", "1"])
        #expect(Data(base64Encoded: parts[4] + "==")?.count == 16)
    }

    @Test func sameePasswordGetsDifferentSalts() throws {
        #expect(try hasher.hash("same") != hasher.hash("same"))
    }

    @Test func emptyAndUnicodePasswordsWork() throws {
        let e = try hasher.hash("")
        #expect(try hasher.verify("", against: e))
        let u = try hasher.hash("pässwört-🔑")
        #expect(try hasher.verify("pässwört-🔑", against: u))
        #expect(try !hasher.verify("passwort-🔑", against: u))
    }

    @Test(arguments: ["", "scrypt", "bcrypt$10$8$1$AAAA$AAAA", "scrypt$x$8$1$AAAA$AAAA", "scrypt$10$8$1$!!!!$AAAA",
                      "scrypt$99$8$1$AAAA$AAAA", "scrypt$10$8$1$AAAA"])
    func malformedHashesThrow(_ encoded: String) {
        #expect(throws: SecretsError.self) { try hasher.verify("pw", against: encoded) }
    }

    @Test func hashWithOtherParametersStillVerifies() throws {
        let cheap = PasswordHasher(parameters: ScryptParameters(logN: 8, r: 4, p: 1))
        let encoded = try cheap.hash("pw")
        #expect(try hasher.verify("pw", against: encoded))
        #expect(hasher.needsRehash(encoded))
    }

    /// Measures the production cost; prints it (no timing assertion).
    @Test func standardParametersWork() throws {
        let standard = PasswordHasher()
        let start = Date()
        let encoded = try standard.hash("measure me")
        let ms = Date().timeIntervalSince(start) * 1000
        print("scrypt N=2^14 r=8 p=1 hash took \(Int(ms)) ms")
        #expect(encoded.hasPrefix("scrypt$14$8$1$"))
        #expect(try standard.verify("measure me", against: encoded))
    }
}

@Suite struct DigestAndRandomTests {
    @Test func sha256MatchesKnownVector() throws {
        #expect(try Digest.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try Digest.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func hmacMatchesRFC4231TestCase2() throws {
        let mac = try Digest.hmacSHA256(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))
        #expect(Digest.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func constantTimeEqualCompares() {
        #expect(Digest.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!Digest.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!Digest.constantTimeEqual([1, 2, 3], [1, 2]))
    }

    @Test func tokensAreURLSafeAndDistinct() throws {
        var seen = Set<String>()
        for _ in 0..<100 {
            let t = try SecureRandom.token()
            #expect(t.count == 43)
            #expect(t.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            seen.insert(t)
        }
        #expect(seen.count == 100)
        #expect(Base64URL.decode(try SecureRandom.token(byteCount: 16))?.count == 16)
    }

    @Test func randomStringsUseTheAlphabet() throws {
        let s = try SecureRandom.string(length: 16)
        #expect(s.count == 16)
        #expect(s.allSatisfy { SecureRandom.alphanumeric.contains($0) })
        let digits = try SecureRandom.string(length: 200, alphabet: Array("01"))
        #expect(Set(digits) == ["0", "1"])
    }
}

import Domain
import Testing

@Suite struct ServiceValidatorTests {
    @Test(arguments: ["10.0.0.5", "bmc-7", "bmc7.lab.example", "a"])
    func hostOrAddressAccepts(_ s: String) throws {
        #expect(try Validate.hostOrAddress(s, field: "h") == s)
    }

    @Test(arguments: ["", "bmc 7", "bmc\n7", "bmc\"7", "..", "a..b", "-bmc", "bmc-.lab", "bmc/7", String(repeating: "a", count: 64)])
    func hostOrAddressRejects(_ s: String) {
        #expect(throws: ValidationError.self) { try Validate.hostOrAddress(s, field: "h") }
    }

    @Test(arguments: ["root", "ADMIN", "user@bmc", "u.ser_1"])
    func commandArgumentAccepts(_ s: String) throws {
        #expect(try Validate.commandArgument(s, field: "a") == s)
    }

    @Test(arguments: ["", "-o", "--help", "a b", "a\nb", "a\"b", "a'b", "a;b", "$(id)", "a`b`", "a|b"])
    func commandArgumentRejects(_ s: String) {
        #expect(throws: ValidationError.self) { try Validate.commandArgument(s, field: "a") }
    }

    @Test(arguments: ["admin", "alice.b", "op_1", "x-y"])
    func usernameAccepts(_ s: String) throws {
        #expect(try Validate.username(s) == s)
    }

    @Test(arguments: ["", "a b", ".hidden", "-x", "a\nb", "a\"b", "../x", "a/b", String(repeating: "u", count: 65)])
    func usernameRejects(_ s: String) {
        #expect(throws: ValidationError.self) { try Validate.username(s) }
    }

    @Test(arguments: ["\\EFI\\Boot\\bootx64.efi", "EFI/Boot/grubx64.efi", "bootmgr.efi"])
    func sanFilenameAccepts(_ s: String) throws {
        #expect(try Validate.sanFilename(s) == s)
    }

    @Test(arguments: ["", "\\..\\x", "a b.efi", "a\"b", "a\nb", "\\\\", "x$y"])
    func sanFilenameRejects(_ s: String) {
        #expect(throws: ValidationError.self) { try Validate.sanFilename(s) }
    }

    @Test func errorsNameTheField() {
        do {
            _ = try Validate.commandArgument("-x", field: "power.ipmiUser")
            Issue.record("expected an error")
        } catch let e as ValidationError {
            #expect(e.errors.map(\.field) == ["power.ipmiUser"])
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

import Domain

/// Validation of everything a target driver passes on to tgtadm or configfs. Names that fail become
/// `DriverError.invalid` before any command runs.
enum TargetSpecCheck {
    static func validated(_ spec: TargetSpec) throws -> TargetSpec {
        _ = try iqn(spec.iqn, field: "iqn")
        _ = try iqn(spec.initiatorIQN, field: "initiatorIQN")
        for (i, disk) in spec.disks.enumerated() {
            do {
                _ = try Validate.absolutePath(disk.backing.path, field: "disks[\(i)].backing")
                _ = try Validate.lvmName(disk.volume, field: "disks[\(i)].volume")
                if let overlay = disk.overlay { _ = try Validate.lvmName(overlay, field: "disks[\(i)].overlay") }
            } catch let error as ValidationError {
                throw DriverError.invalid("\(error)")
            }
        }
        if let chap = spec.chap {
            guard (1...223).contains(chap.username.count),
                  chap.username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) else {
                throw DriverError.invalid("chap username \(String(reflecting: chap.username)) must be 1 to 223 letters, digits, '-', '_', '.' or ':'")
            }
            // LIO and Windows want 12–16 characters; printable ASCII without spaces or quotes.
            guard (12...16).contains(chap.secret.count),
                  chap.secret.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0.asciiValue.map { $0 > 0x20 && $0 < 0x7F } == true && !"\"'\\,=".contains($0) }) else {
                throw DriverError.invalid("chap secret must be 12 to 16 printable characters without spaces, quotes, ',' or '='")
            }
        }
        return spec
    }

    static func iqn(_ s: String, field: String) throws -> String {
        do { return try Validate.iqn(s, field: field) } catch let error as ValidationError {
            throw DriverError.invalid("\(error)")
        }
    }
}

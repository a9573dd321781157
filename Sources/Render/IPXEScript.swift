/// Builds an iPXE script line by line. Every dynamic value reaches it through `RenderGuard`, and
/// `text` checks the finished script once more: no control character but the line feed.
struct IPXEScript {
    private(set) var lines: [String] = ["#!ipxe"]

    mutating func add(_ line: String) { lines.append(line) }

    mutating func add(_ more: [String]) { lines.append(contentsOf: more) }

    mutating func blank() { lines.append("") }

    /// The script text, ending in a newline.
    func text() throws -> String {
        for line in lines where line.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw RenderError.unsafeValue(field: "script", value: line, reason: "a control character reached a script line")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// iPXE script snippets shared by several scripts.
enum IPXE {
    /// The URL of a machine's own script, as iPXE expands it on the client: `${mac:hexraw}` is the
    /// NIC's MAC as 12 hex digits, `:uristring` percent-encodes values that may hold spaces (the
    /// SMBIOS serial number often does).
    static func machineScriptURL(baseURL: String, mac: String = "${mac:hexraw}") -> String {
        "\(baseURL)/boot/\(mac).ipxe?platform=${platform}&buildarch=${buildarch}&uuid=${uuid}&serial=${serial:uristring}"
    }

    /// Overrides the DHCP gateway of the NIC iPXE booted from (`netX`) in its own settings
    /// block, which wins over the `netX.dhcp` child: the iBFT then carries no gateway. `clear`
    /// removes the override again, so a later item (a chain over the internet) has its router.
    static let clearGateway = "set netX/gateway 0.0.0.0"
    static let restoreGateway = "clear netX/gateway ||"

    /// `iscsi:<server>:<protocol>:<port>:<lun>:<target>`. The protocol field is empty (= TCP);
    /// iPXE parses the LUN as hexadecimal, so LUN 10 is written `a`.
    static func iscsiURI(_ disks: ISCSIDisks, lun: Int) throws -> String {
        guard lun >= 0, lun < 0x4000 else {
            throw RenderError.unsafeValue(field: "lun", value: String(lun), reason: "LUN must be between 0 and 16383")
        }
        guard (1...65535).contains(disks.port) else {
            throw RenderError.unsafeValue(field: "iscsi.port", value: String(disks.port), reason: "port must be between 1 and 65535")
        }
        let target = try RenderGuard.word(disks.targetIQN, field: "targetIQN")
        return "iscsi:\(disks.server)::\(disks.port):\(String(lun, radix: 16)):\(target)"
    }

    /// Lines that wait `seconds` and give the person at the screen a way into the iPXE shell,
    /// instead of a silent hang: Ctrl-B opens the shell, anything else (or nothing) goes on.
    static func pauseWithShell(seconds: Int, then label: String) -> [String] {
        [
            "prompt --key 0x02 --timeout \(seconds * 1000) Press Ctrl-B for the iPXE shell, or wait \(seconds) s to retry... && shell ||",
            "goto \(label)",
        ]
    }
}

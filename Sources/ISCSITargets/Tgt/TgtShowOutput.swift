/// The parsed text of `tgtadm --lld iscsi --op show --mode target`:
///
///     Target 1: iqn.2022-10.org.dbc.iscsi:pc1
///         I_T nexus information:
///             I_T nexus: 1
///                 Initiator: iqn...:client.aabb alias: none
///                 Connection: 0
///                     IP Address: 127.0.0.1
///         LUN information:
///             LUN: 1
///                 Backing store path: /disks/dl_m1_img1.img
///         Account information:
///             pc1
///         ACL information:
///             iqn...:client.aabb
public struct TgtShowOutput: Sendable, Hashable {
    public struct Connection: Sendable, Hashable {
        public var sid: Int
        public var cid: Int
        public var initiator: String
        public var address: String?
    }

    public struct Target: Sendable, Hashable {
        public var tid: Int
        public var iqn: String
        /// LUN number → backing store path; LUN 0 (the controller, path "None") is left out.
        public var luns: [Int: String] = [:]
        public var readOnlyLUNs: Set<Int> = []
        public var accounts: [String] = []
        public var acls: [String] = []
        public var connections: [Connection] = []
    }

    public var targets: [Target]

    public init(parsing text: String) {
        var targets: [Target] = []
        var section = ""
        var lun: Int?
        var sid: Int?
        var initiator = ""
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = rawLine.trimmingCharacters(in: " \t")
            if rawLine.hasPrefix("Target ") {
                // "Target <tid>: <iqn>"
                let head = line.dropFirst("Target ".count)
                guard let colon = head.firstIndex(of: ":"), let tid = Int(head[..<colon]) else { continue }
                let iqn = head[head.index(after: colon)...].trimmingCharacters(in: " ")
                targets.append(Target(tid: tid, iqn: iqn))
                section = ""; lun = nil; sid = nil
                continue
            }
            guard !targets.isEmpty else { continue }
            let last = targets.count - 1
            if line.hasSuffix("information:") { section = line; continue }
            switch section {
            case "I_T nexus information:":
                if let v = line.value(after: "I_T nexus:") { sid = Int(v); initiator = "" }
                else if let v = line.value(after: "Initiator:") {
                    // "<iqn> alias: <alias>"
                    initiator = String(v.split(separator: " ").first ?? "")
                } else if let v = line.value(after: "Connection:"), let s = sid, let cid = Int(v) {
                    targets[last].connections.append(Connection(sid: s, cid: cid, initiator: initiator, address: nil))
                } else if let v = line.value(after: "IP Address:"), !targets[last].connections.isEmpty {
                    targets[last].connections[targets[last].connections.count - 1].address = v
                }
            case "LUN information:":
                if let v = line.value(after: "LUN:") { lun = Int(v) }
                else if let v = line.value(after: "Backing store path:"), let n = lun, n != 0, v != "None" {
                    targets[last].luns[n] = v
                } else if let v = line.value(after: "Readonly:"), let n = lun, n != 0, v == "Yes" {
                    targets[last].readOnlyLUNs.insert(n)
                }
            case "Account information:":
                // Outgoing accounts carry " (outgoing)"; disklessd only uses incoming ones.
                targets[last].accounts.append(line)
            case "ACL information:":
                targets[last].acls.append(line)
            default:
                break
            }
        }
        self.targets = targets
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }

    /// The trimmed text after `key` when the line starts with it.
    func value(after key: String) -> String? {
        guard hasPrefix(key) else { return nil }
        return String(dropFirst(key.count)).trimmingCharacters(in: " \t")
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}

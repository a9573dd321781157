import Domain
import Foundation

extension TgtTargetDriver {
    /// CHAP accounts are global in tgt, not part of a target: `applyTarget` creates one and then
    /// binds it, so a crash between the two leaves an account bound to nothing, and deleting the
    /// machine afterwards never reaches it. Removes our accounts (named `prefix`…) that no target
    /// holds. The provisioner calls it while no apply runs (start-up and on-demand reconciles).
    public func removeLeftovers(prefix: String) async throws -> [String] {
        let bound = Set(try await show().targets.flatMap(\.accounts))
        var removed: [String] = []
        for account in Self.accounts(parsing: try await tgtadm(["--op", "show", "--mode", "account"]))
        where account.hasPrefix(prefix) && !bound.contains(account) {
            try await tgtadm(["--op", "delete", "--mode", "account", "--user", account])
            removed.append(account)
        }
        return removed
    }

    /// `tgtadm --op show --mode account`: a heading, then one user name per indented line.
    ///
    ///     Account list:
    ///         iqn.2022-10.org.dbc.iscsi:client.525400000001
    static func accounts(parsing output: String) -> [String] {
        output.split(separator: "\n").filter { $0.hasPrefix(" ") || $0.hasPrefix("\t") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasSuffix("(outgoing)") }
    }
}

import Domain
import Services

/// An authenticated caller as the HTTP layer knows it: the service-layer `Caller` plus how they
/// proved who they are.
public struct Principal: Sendable, Hashable {
    public enum Credential: Sendable, Hashable {
        /// Session cookie; unsafe methods must echo `csrfToken` in `X-CSRF-Token`.
        case session(id: String, csrfToken: String)
        /// `Authorization: Bearer`; no CSRF check (browsers never send it on their own).
        case token
    }

    /// Who acts (audit actor `admin` or `token:<name>`, role, user id).
    public var caller: Caller
    public var credential: Credential

    public init(caller: Caller, credential: Credential) {
        self.caller = caller
        self.credential = credential
    }
}

import Domain
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The café's Smyoo account, from `PowerSettings.smyoo`.
struct SmyooAccount: Hashable, Sendable {
    var baseURL: String
    var phone: String
    var password: String
}

/// One Smyoo session and a short cache of the account's cards, shared by every machine.
///
/// The session (cookie `BpeSessionId`) is made on first use and kept. A call that the cloud
/// refuses with an older session logs in once more and is retried once: the facts page does not
/// say which `resultCode` means "expired", so any refusal of an old session is taken as one. A
/// login the cloud refuses is `DriverError.authenticationFailed` (Preset code 1203). Every HTTP
/// call is bounded by the caller's deadline.
actor SmyooClient {
    let cacheFor: Duration
    let urlSession: URLSession
    private var account: SmyooAccount?
    private var sessionID: String?
    private var login: Task<String, any Error>?
    private var cached: (cards: [SmyooCard], at: ContinuousClock.Instant)?

    init(cacheFor: Duration) {
        self.cacheFor = cacheFor
        // Our own cookie header only: nothing the cloud sets is stored or replayed.
        let config = URLSessionConfiguration.ephemeral
        config.httpShouldSetCookies = false
        config.httpCookieAcceptPolicy = .never
        config.httpCookieStorage = nil
        config.urlCache = nil
        urlSession = URLSession(configuration: config)
    }

    /// The account's cards, from the cache when younger than `cacheFor` (and `fresh` is false).
    func cards(_ account: SmyooAccount, fresh: Bool = false, deadline: ContinuousClock.Instant) async throws -> [SmyooCard] {
        adopt(account)
        if !fresh, let cached, ContinuousClock.now - cached.at < cacheFor { return cached.cards }
        let answer = try await call(SmyooAPI.queryDevices, [:], deadline: deadline)
        let cards: [SmyooCard]
        do {
            cards = try SmyooAPI.cards(answer.data)
        } catch {
            throw DriverError.commandFailed(command: "smyoo \(SmyooAPI.queryDevices)", status: 0, output: "unreadable answer: \(error)")
        }
        if self.account == account { cached = (cards, .now) }
        return cards
    }

    /// Switches card `mcuid` on or off (`setdevicedata`); the cache is dropped, the state changed.
    func switchCard(_ mcuid: String, on: Bool, account: SmyooAccount, deadline: ContinuousClock.Instant) async throws {
        adopt(account)
        cached = nil
        _ = try await call(SmyooAPI.setDeviceData, SmyooAPI.switchFields(mcuid: mcuid, on: on), deadline: deadline)
    }

    /// A new account (settings changed) starts without session and cache.
    private func adopt(_ new: SmyooAccount) {
        guard new != account else { return }
        account = new
        sessionID = nil
        login = nil
        cached = nil
    }

    private func call(_ path: String, _ fields: [String: Any], deadline: ContinuousClock.Instant) async throws -> SmyooAPI.Answer {
        guard let account else { throw DriverError.invalid("no smyoo account") }
        let hadSession = sessionID != nil
        let session = try await session(deadline: deadline)
        let body = SmyooAPI.body(path, fields)
        let answer = try await SmyooHTTP.post(account.baseURL, path, body: body, session: session, urlSession: urlSession, deadline: deadline)
        if answer.code == 0 { return answer }
        guard hadSession else { throw Self.refused(path, answer) }
        if sessionID == session { sessionID = nil }
        let renewed = try await self.session(deadline: deadline)
        let again = try await SmyooHTTP.post(account.baseURL, path, body: body, session: renewed, urlSession: urlSession, deadline: deadline)
        guard again.code == 0 else { throw Self.refused(path, again) }
        return again
    }

    /// The current session id; one login at a time, shared by every caller waiting for it.
    private func session(deadline: ContinuousClock.Instant) async throws -> String {
        if let sessionID { return sessionID }
        guard let account else { throw DriverError.invalid("no smyoo account") }
        let task: Task<String, any Error>
        if let login { task = login } else {
            let urlSession = urlSession
            task = Task { try await Self.logIn(account, urlSession: urlSession, deadline: deadline) }
            login = task
        }
        do {
            let id = try await task.value
            if self.account == account, login == task { sessionID = id; login = nil }
            return id
        } catch {
            if login == task { login = nil }
            throw error
        }
    }

    /// Step 1 (phone + password → ticket) and step 2 (ticket → BpeSessionId).
    static func logIn(_ account: SmyooAccount, urlSession: URLSession, deadline: ContinuousClock.Instant) async throws -> String {
        let first = try await SmyooHTTP.post(account.baseURL, SmyooAPI.login,
                                             body: SmyooAPI.body(SmyooAPI.login, SmyooAPI.loginFields(phone: account.phone, password: account.password)),
                                             session: nil, urlSession: urlSession, deadline: deadline)
        guard first.code == 0 else {
            throw DriverError.authenticationFailed("smyoo login refused (resultCode \(first.code)): \(first.message)")
        }
        guard let ticket = SmyooAPI.string(first.data["ticket"]), !ticket.isEmpty else {
            throw DriverError.authenticationFailed("smyoo login answered no ticket")
        }
        let second = try await SmyooHTTP.post(account.baseURL, SmyooAPI.ticket, body: SmyooAPI.body(SmyooAPI.ticket, ["ticket": ticket]),
                                              session: nil, urlSession: urlSession, deadline: deadline)
        guard second.code == 0 else {
            throw DriverError.authenticationFailed("smyoo ticket refused (resultCode \(second.code)): \(second.message)")
        }
        // The id goes into a Cookie header: nothing that could end or extend the header.
        guard let id = SmyooAPI.string(second.data["BpeSessionId"]), (1...512).contains(id.count),
              id.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != ";" && $0 != "," && ($0.asciiValue ?? 0) >= 0x21 }) else {
            throw DriverError.authenticationFailed("smyoo ticket answered no usable BpeSessionId")
        }
        return id
    }

    /// A refusal of `path` with the cloud's own message (often Chinese), for the doors to show.
    static func refused(_ path: String, _ answer: SmyooAPI.Answer) -> DriverError {
        .commandFailed(command: "smyoo \(path)", status: Int32(clamping: answer.code), output: answer.message)
    }
}

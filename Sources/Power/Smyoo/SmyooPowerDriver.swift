import Domain

/// Switches machines through the café's Smyoo cloud power cards, as the prototype did: the card is
/// the one whose `mcuid` the machine names (`power.mcuid`), else the one whose `mcuname` is the
/// machine's name; on/off is `setdevicedata` with `{"status":1}` / `{"status":0}`. The account
/// and base URL come from `PowerSettings.smyoo`; the whole operation (login, listing, switch) is
/// bounded by the context's timeout. Smyoo cards switch on and off, not reboot.
public struct SmyooPowerDriver: PowerDriver {
    public let kind = PowerDriverKind.smyoo
    let client: SmyooClient

    /// - Parameter cacheFor: how long a `querydevices` listing answers state questions.
    public init(cacheFor: Duration = .seconds(5)) {
        client = SmyooClient(cacheFor: cacheFor)
    }

    public func perform(_ action: PowerAction, on machine: Machine, context: PowerContext) async throws {
        guard action != .reboot else { throw DriverError.invalid("smyoo cards switch on and off, they do not reboot") }
        let deadline = Self.deadline(context)
        let account = try Self.account(context)
        let card = try await card(of: machine, account: account, deadline: deadline)
        try await client.switchCard(card.mcuid, on: action == .on, account: account, deadline: deadline)
    }

    /// The card's `datapoint.status`; unknown when the cloud cannot be asked.
    public func state(of machine: Machine, context: PowerContext) async -> PowerState {
        guard let account = try? Self.account(context),
              let card = try? await card(of: machine, account: account, deadline: Self.deadline(context)) else { return .unknown }
        return card.online ? card.state : .unknown
    }

    public func device(of machine: Machine, context: PowerContext) async throws -> PowerDevice? {
        let card = try await card(of: machine, account: try Self.account(context), deadline: Self.deadline(context))
        return PowerDevice(id: card.mcuid, name: card.name, note: card.note, online: card.online, state: card.state)
    }

    /// The machine's card: from the cached listing, else from a fresh one (a card just added).
    func card(of machine: Machine, account: SmyooAccount, deadline: ContinuousClock.Instant) async throws -> SmyooCard {
        if let card = Self.match(machine, in: try await client.cards(account, deadline: deadline)) { return card }
        if let card = Self.match(machine, in: try await client.cards(account, fresh: true, deadline: deadline)) { return card }
        if let id = machine.power.mcuid, !id.isEmpty {
            throw DriverError.notFound("no smyoo card with mcuid \(id.debugDescription) in the account")
        }
        throw DriverError.notFound("no smyoo card named \(machine.name.debugDescription) (mcuname) in the account")
    }

    /// By explicit `mcuid`, else by name: exact first, then ignoring case.
    static func match(_ machine: Machine, in cards: [SmyooCard]) -> SmyooCard? {
        if let id = machine.power.mcuid, !id.isEmpty { return cards.first { $0.mcuid == id } }
        return cards.first { $0.name == machine.name } ?? cards.first { $0.name.lowercased() == machine.name.lowercased() }
    }

    static func account(_ context: PowerContext) throws -> SmyooAccount {
        let s = context.settings.smyoo
        guard !s.phone.isEmpty, let password = s.password, !password.isEmpty else {
            throw DriverError.authenticationFailed("no smyoo account: set power.smyoo.phone and password in the settings")
        }
        guard (try? Validate.url(s.baseURL, field: "power.smyoo.baseURL")) != nil else {
            throw DriverError.invalid("power.smyoo.baseURL \(s.baseURL.debugDescription) is not an http(s) url")
        }
        return SmyooAccount(baseURL: s.baseURL, phone: s.phone, password: password)
    }

    static func deadline(_ context: PowerContext) -> ContinuousClock.Instant {
        .now + .seconds(max(1, context.timeoutSeconds))
    }
}

import Domain

/// Power on, off and reboot of a machine through its power driver, with events.
///
/// Off asks the OS first when the machine's `agentShutdownFirst` is set and it has an address: a
/// clean shutdown through the agent. When the agent does not confirm, the driver forces it. When
/// the agent did confirm and the driver can force (ipmi, webhook, smyoo), a check after the settings'
/// graceful timeout forces machines that are still on.
public struct PowerService: Sendable {
    let drivers: [PowerDriverKind: any PowerDriver]
    let agentDriver: (any PowerDriver)?
    let settings: @Sendable () async throws -> Settings
    let record: EventSink

    /// - Parameters:
    ///   - drivers: the drivers by kind (`wol`, `agent`, `ipmi`, `webhook`, `smyoo`).
    ///   - settings: the current settings (agent port and timeout, broadcast, ipmitool path).
    public init(drivers: [any PowerDriver], settings: @escaping @Sendable () async throws -> Settings,
                record: @escaping EventSink) {
        var byKind: [PowerDriverKind: any PowerDriver] = [:]
        for d in drivers { byKind[d.kind] = d }
        self.drivers = byKind
        self.agentDriver = byKind[.agent]
        self.settings = settings
        self.record = record
    }

    /// What `perform` did.
    public enum Outcome: String, Sendable, Codable, Hashable {
        /// The driver switched the machine.
        case done
        /// The OS was asked to shut down through its agent.
        case gracefulShutdownRequested
    }

    /// Switches `machine` and writes a `power.<action>` event.
    @discardableResult
    public func perform(_ action: PowerAction, on machine: Machine, actor: String) async throws -> Outcome {
        let context = try await context()
        do {
            let outcome = try await run(action, on: machine, context: context)
            await record(Event(actor: actor, action: "power.\(action.rawValue)", subject: "machine/\(machine.id)",
                               detail: "\(machine.name): \(outcome == .done ? driverKind(machine).rawValue : "agent shutdown")"))
            return outcome
        } catch {
            await record(Event(actor: actor, action: "power.\(action.rawValue)", subject: "machine/\(machine.id)",
                               outcome: .failure, detail: "\(error)"))
            throw error
        }
    }

    /// The machine's power state as its driver (or its agent) can tell.
    public func state(of machine: Machine) async -> PowerState {
        guard let context = try? await context() else { return .unknown }
        if let driver = drivers[driverKind(machine)] {
            let state = await driver.state(of: machine, context: context)
            if state != .unknown { return state }
        }
        if machine.ip != nil, let agentDriver, driverKind(machine) != .agent {
            return await agentDriver.state(of: machine, context: context)
        }
        return .unknown
    }

    /// The machine's power device as its driver's service lists it (Smyoo cards), or nil for
    /// drivers without one. Throws `PowerServiceError` when the service fails.
    public func device(of machine: Machine) async throws -> PowerDevice? {
        guard let driver = drivers[driverKind(machine)] else { return nil }
        let context = try await context()
        do {
            return try await driver.device(of: machine, context: context)
        } catch let error as DriverError {
            throw Self.serviceError(error, machine: machine, action: .on)
        }
    }

    func driverKind(_ machine: Machine) -> PowerDriverKind { machine.power.driver }

    func context() async throws -> PowerContext {
        let s = try await settings()
        return PowerContext(broadcast: s.dhcp.broadcastAddress, settings: s.power, agentPort: s.thrift.agentPort,
                            timeoutSeconds: s.thrift.agentTimeoutSeconds)
    }

    private func run(_ action: PowerAction, on machine: Machine, context: PowerContext) async throws -> Outcome {
        let kind = driverKind(machine)
        let driver = drivers[kind]
        if action != .on, kind != .agent, machine.power.agentShutdownFirst, machine.ip != nil, let agentDriver {
            if (try? await agentDriver.perform(action, on: machine, context: context)) != nil {
                if let driver, kind == .ipmi || kind == .webhook || kind == .smyoo, action == .off {
                    scheduleForcedOff(machine, driver: driver, context: context)
                }
                return .gracefulShutdownRequested
            }
        }
        // Wake-on-LAN can only switch on; an agent machine is woken by Wake-on-LAN.
        let chosen: (any PowerDriver)? = switch (kind, action) {
        case (.wol, .on), (.agent, .on): drivers[.wol]
        default: kind.actions.contains(action) ? driver : nil
        }
        guard let chosen else { throw PowerServiceError.noPowerDevice(machine: machine.name, action: action) }
        do {
            try await chosen.perform(action, on: machine, context: context)
        } catch let error as DriverError {
            throw Self.serviceError(error, machine: machine, action: action)
        }
        return .done
    }

    /// A driver's failure as the doors see it (timeouts, refused sessions and unknown devices
    /// have their own Preset codes; everything else is a failed operation).
    static func serviceError(_ error: DriverError, machine: Machine, action: PowerAction) -> PowerServiceError {
        switch error {
        case .timedOut(let why): .timedOut(machine: machine.name, action: action, reason: why)
        case .authenticationFailed(let why): .sessionInvalid(machine: machine.name, reason: why)
        case .notFound(let why): .noSuchDevice(machine: machine.name, reason: why)
        default: .failed(machine: machine.name, action: action, reason: error.description)
        }
    }

    /// After the graceful timeout, forces machines whose OS did not shut down.
    private func scheduleForcedOff(_ machine: Machine, driver: any PowerDriver, context: PowerContext) {
        let grace = context.settings.gracefulTimeoutSeconds
        let record = record
        Task.detached {
            try? await Task.sleep(for: .seconds(grace))
            guard await driver.state(of: machine, context: context) != .off else { return }
            let outcome: EventOutcome = (try? await driver.perform(.off, on: machine, context: context)) != nil ? .success : .failure
            await record(Event(actor: "system", action: "power.off", subject: "machine/\(machine.id)", outcome: outcome,
                               detail: "\(machine.name): forced after \(grace) s"))
        }
    }
}

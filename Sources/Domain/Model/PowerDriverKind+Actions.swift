extension PowerDriverKind {
    /// The actions a machine with this driver can be asked for. Wake-on-LAN only switches on; an
    /// agent machine is woken by Wake-on-LAN and shut down or rebooted by its OS; Smyoo cards
    /// switch on and off.
    public var actions: [PowerAction] {
        switch self {
        case .none: []
        case .wol: [.on]
        case .smyoo: [.on, .off]
        case .agent, .ipmi, .webhook: [.on, .off, .reboot]
        }
    }

    /// The drivers that can do `action`, in declaration order.
    public static func able(to action: PowerAction) -> [PowerDriverKind] {
        allCases.filter { $0.actions.contains(action) }
    }
}

import Domain

/// Renders the per-machine iPXE script: a menu of the machine's boot items, one section per item,
/// and a failure section that says what failed and offers retry, shell and reboot.
///
/// ```
/// :menu ── choose (default, timeout) ──► :boot-<name> ── ok ──► OS
///                                            └─ fails ──► :failed ── retry ─► :menu
///                                                                 ├─ shell
///                                                                 └─ reboot
/// ```
public enum MachineScript {
    /// Menu label of a boot item: `boot-<name>`. The prefix keeps item names apart from the
    /// script's own labels (`menu`, `failed`, `shell`, `reboot`).
    static func label(_ item: BootItem) throws -> String {
        "boot-" + (try RenderGuard.word(item.name, field: "bootItem.name"))
    }

    /// The script for `plan.machine`.
    /// - Throws: `RenderError` when a value is unsafe or a boot item lacks what its kind needs.
    public static func render(_ plan: MachineBootPlan) throws -> String {
        let machine = plan.machine
        let name = try RenderGuard.word(machine.name, field: "machine.name")
        let baseURL = try RenderGuard.url(plan.baseURL, field: "baseURL")
        var s = IPXEScript()
        s.add("# disklessd boot menu for \(name) (\(machine.mac))")
        s.add("set base-url \(baseURL)")
        s.blank()
        guard !plan.entries.isEmpty else {
            s.add(["echo disklessd: machine \(name) (\(machine.mac)) has no boot items.",
                   "echo Assign a boot item to it in the disklessd console."])
            s.add(IPXE.pauseWithShell(seconds: 30, then: "again"))
            s.add([":again", "chain --replace --autofree \(IPXE.machineScriptURL(baseURL: baseURL)) ||", "goto again"])
            return try s.text()
        }
        let labels = try plan.entries.map { try label($0.item) }
        let defaultIndex = plan.entries.firstIndex { $0.item.id == plan.defaultItem } ?? 0
        let timeoutMS = max(0, plan.menuTimeoutSeconds) * 1000

        s.add(":menu")
        if timeoutMS == 0 {
            // No menu time: boot the default at once (a zero timeout would make `choose` wait forever).
            s.add("goto \(labels[defaultIndex])")
        }
        s.add("menu disklessd: \(name) (\(machine.mac))")
        for (entry, label) in zip(plan.entries, labels) {
            s.add("item \(label) \(displayLabel(entry.item))")
        }
        if plan.tools != nil { s.add(toolItems()) }
        s.add(["item --gap", "item shell iPXE shell", "item reboot Reboot"])
        s.add("choose --default \(labels[defaultIndex]) --timeout \(max(timeoutMS, 1)) selected || goto shell")
        s.add("goto ${selected}")
        for (entry, label) in zip(plan.entries, labels) {
            s.blank()
            s.add(":\(label)")
            s.add("set failed-item \(displayLabel(entry.item))")
            s.add(try section(entry, label: label, plan: plan))
        }
        if let tools = plan.tools {
            s.blank()
            s.add(try toolSections(tools, assetsURL: plan.assetsURL))
        }
        s.blank()
        s.add(failureSection(name: name, mac: machine.mac))
        return try s.text()
    }

    /// What the menu shows for an item: its label made safe, or its name when the label is empty.
    static func displayLabel(_ item: BootItem) -> String {
        let shown = RenderGuard.display(item.label)
        return shown.isEmpty ? RenderGuard.display(item.name) : shown
    }

    /// The `:failed` section and the shell / reboot items. Never a silent hang: the failure menu
    /// retries by itself after 15 seconds.
    static func failureSection(name: String, mac: MACAddress) -> [String] {
        [
            ":failed",
            "echo",
            "echo disklessd: booting ${failed-item} on \(name) (\(mac)) failed, see the error above.",
            "menu disklessd: boot failed",
            "item retry Retry",
            "item shell iPXE shell",
            "item reboot Reboot",
            "choose --default retry --timeout 15000 selected || goto menu",
            "goto ${selected}",
            "",
            ":retry",
            "goto menu",
            "",
            ":shell",
            "echo Type exit to return to the boot menu.",
            "shell ||",
            "goto menu",
            "",
            ":reboot",
            "reboot",
        ]
    }
}

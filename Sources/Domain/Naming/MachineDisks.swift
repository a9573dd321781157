/// Which images a machine's target exports, in LUN order. Shared by the boot scripts (which LUN
/// to `sanboot` / `sanhook`) and the provisioner (which disks to put on the target), so the two
/// can never disagree.
///
/// The order: the machine's iSCSI boot items in menu order, each item's OS image and then its
/// data images; an image already listed is not repeated. Disk `i` is LUN `firstLUN + i`
/// (`TargetDriver.firstLUN`: 1 on tgt, 0 on LIO).
public enum MachineDisks {
    /// Image ids in LUN order.
    /// - Parameters:
    ///   - machine: gives the menu order (`bootItems`).
    ///   - items: the boot items by id (at least those of the machine's menu).
    public static func images(machine: Machine, items: [Int64: BootItem]) -> [Int64] {
        var out: [Int64] = []
        for id in machine.bootItems {
            guard let item = items[id], item.kind == .iscsi else { continue }
            for image in [item.osImage].compactMap({ $0 }) + item.dataImages where !out.contains(image) {
                out.append(image)
            }
        }
        return out
    }

    /// The LUN of `image` on the machine's target, or nil when the target does not carry it.
    public static func lun(of image: Int64, machine: Machine, items: [Int64: BootItem], firstLUN: Int) -> Int? {
        images(machine: machine, items: items).firstIndex(of: image).map { firstLUN + $0 }
    }
}

extension ISCSINames {
    /// The CHAP user name of a machine's target account: its initiator IQN. The boot script sends
    /// it (`set username`) and the provisioner configures the target with it.
    public static func chapUser(initiator: String) -> String { initiator }
}

/// Which disks a machine's one target holds, and at which LUN: the rule the provisioner (which
/// builds the target) and the boot-script planner (which names the LUNs in `sanboot`/`sanhook`)
/// share so they always agree.
public enum MachineDisks {
    /// The images of a machine's target in LUN order: for each iSCSI boot item of the machine's
    /// menu, in menu order, its OS image then its data images; each image once.
    /// - Parameter bootItems: the machine's boot items in menu order (other kinds are skipped).
    public static func images(bootItems: [BootItem]) -> [Int64] {
        var seen = Set<Int64>()
        var order: [Int64] = []
        for item in bootItems where item.kind == .iscsi {
            for image in (item.osImage.map { [$0] } ?? []) + item.dataImages where seen.insert(image).inserted {
                order.append(image)
            }
        }
        return order
    }

    /// The LUN of `image` in a target holding `images` (from `images(bootItems:)`); the first disk
    /// is at `firstLUN` (`TargetDriver.firstLUN`: 1 for tgt, 0 for LIO).
    public static func lun(of image: Int64, in images: [Int64], firstLUN: Int) -> Int? {
        images.firstIndex(of: image).map { firstLUN + $0 }
    }

    /// CHAP credentials of a machine's target when CHAP is on and the machine has a secret: the
    /// user name is the machine's name in lowercase.
    public static func chap(machine: Machine, enabled: Bool) -> CHAPCredentials? {
        guard enabled, let secret = machine.chapSecret, !secret.isEmpty else { return nil }
        return CHAPCredentials(username: machine.name.lowercased(), secret: secret)
    }
}

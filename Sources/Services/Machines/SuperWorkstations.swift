import Domain
import Store

/// One super workstation per image: a super workstation boots the image's working copy
/// read-write, and two writers on one filesystem corrupt it. Every write that can make a second
/// one (machine create/update, CSV import, boot item update — REST, Thrift and the console all go
/// through those services) calls `check` inside its write transaction after writing: SQLite runs
/// one write transaction at a time, so the check sees every committed super workstation and a
/// refusal rolls the whole write back.
enum SuperWorkstations {
    /// Throws a 422 naming the holder when an image has two super workstations.
    /// - Parameters:
    ///   - writing: machines this transaction wrote; they are the newcomers, the others hold.
    ///   - field: the input field to blame for a newcomer (`superWorkstation`, `lines[3].super_tube`).
    static func check(_ tx: StoreTx, writing: Set<Int64>, field: (Machine) -> String) throws {
        let supers = try tx.superWorkstations()
        guard supers.count > 1 else { return }
        let items = Dictionary(try tx.allBootItems().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var holder: [Int64: Machine] = [:]
        // Holders first (by id), then the machines being written.
        let ordered = supers.filter { !writing.contains($0.id) } + supers.filter { writing.contains($0.id) }
        for machine in ordered {
            for image in MachineDisks.images(machine: machine, items: items) {
                guard let other = holder[image] else {
                    holder[image] = machine
                    continue
                }
                let name = try tx.image(id: image).map { Validate.shown($0.name) } ?? "\(image)"
                throw ServiceError.invalid(
                    field(machine),
                    "image \(name) already has a super workstation, machine \(Validate.shown(other.name)) (machine/\(other.id)): only one machine may write an image's working copy; turn superWorkstation off there first")
            }
        }
    }
}

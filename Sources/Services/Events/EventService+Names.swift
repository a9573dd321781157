import Domain
import Store

extension EventService {
    /// The names of the records `events` act on, by subject (`machine/40` → `pc40`): machines,
    /// images, boot items and users that still exist; for a deleted one the `name=` its delete
    /// event recorded. Subjects naming nothing known are left out.
    public func subjectNames(of events: [Event]) async throws -> [String: String] {
        let subjects = Set(events.map(\.subject))
        var names: [String: String] = [:]
        do {
            names = try await store.read { tx in
                var found: [String: String] = [:]
                for subject in subjects {
                    guard let slash = subject.firstIndex(of: "/"), let id = Int64(subject[subject.index(after: slash)...]) else { continue }
                    let name: String? = switch subject[..<slash] {
                    case "machine": try tx.machine(id: id)?.name
                    case "image": try tx.image(id: id)?.name
                    case "bootItem": try tx.bootItem(id: id)?.name
                    case "user": try tx.user(id: id)?.username
                    default: nil
                    }
                    if let name { found[subject] = name }
                }
                return found
            }
        } catch {
            throw ServiceError.wrap(error)
        }
        for e in events where names[e.subject] == nil {
            if let recorded = Self.recordedName(e.detail) { names[e.subject] = recorded }
        }
        return names
    }

    /// `name=<x>` at the start of an event's detail (create and delete events write it).
    static func recordedName(_ detail: String) -> String? {
        guard detail.hasPrefix("name=") else { return nil }
        let rest = detail.dropFirst("name=".count)
        let name = rest.prefix { !$0.isWhitespace }
        return name.isEmpty ? nil : String(name)
    }

    /// A short, one-line form of `detail` for lists: its first line, at most `max` characters.
    public static func summary(_ detail: String, max: Int = 120) -> String {
        let line = detail.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > max ? String(line.prefix(max - 1)) + "…" : line
    }
}

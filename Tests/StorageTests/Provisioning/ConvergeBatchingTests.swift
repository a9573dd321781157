import Domain
import Foundation
@testable import Services
import Storage
import Testing

/// Many changes at once must not cost one full reconcile each: a reconcile lists every target on
/// the host, so N reconciles for N machines is O(N²) (bench/provision measured 132 s for a CSV
/// import of 500 machines before these fixes).
@Suite struct ConvergeBatchingTests {
    let prefix = "iqn.2022-10.org.dbc.iscsi"

    @Test func aCSVImportConvergesOnceForTheWholeFile() async throws {
        let targets = MemoryTargetDriver()
        let f = try await ProvisioningFixture(targets: targets)
        defer { f.tearDown() }
        _ = try await f.imageWithVersion("golden")
        let before = targets.lists
        var csv = "host_name,ip,mac,default_menu,super_tube\n"
        for i in 1...40 { csv += "pc\(i),,52:54:00:00:01:\(String(format: "%02x", i)),boot-golden,0\n" }
        let created = try await f.container.machines.importCSV(csv, by: .system)
        #expect(created.count == 40)
        #expect(targets.lists - before == 1, "one reconcile for the whole import")
        #expect(try await targets.listTargets(prefix: prefix).count == 40)
        #expect(try f.files().filter { $0.hasPrefix("dl_m") }.count == 40)
    }

    @Test func callersWhileAReconcileWaitsShareIt() async throws {
        let coalescer = ReconcileCoalescer()
        let runs = Counter()
        let gate = Gate()
        // The first reconcile waits (as if the queue were busy) before it starts reading.
        let run: @Sendable (@escaping @Sendable () async -> Void) async throws -> ReconcileReport = { started in
            await runs.add()
            await gate.wait()
            await started()
            return ReconcileReport()
        }
        let callers = (0 ..< 6).map { _ in Task { try await coalescer.join(run) } }
        var polls = 0
        while await coalescer.joins < 6, polls < 1000 { polls += 1; try await Task.sleep(for: .milliseconds(5)) }
        #expect(await coalescer.joins == 6)
        await gate.open()
        for c in callers { _ = try await c.value }
        #expect(await runs.value == 1, "six callers, one reconcile")

        // Once a reconcile has started, it may have read the database before a later commit:
        // the next caller gets a reconcile of its own.
        _ = try await coalescer.join(run)
        #expect(await runs.value == 2)
    }

    actor Counter {
        private(set) var value = 0
        func add() { value += 1 }
    }

    /// Suspends callers until `open()`.
    actor Gate {
        private var isOpen = false
        private var waiters: [CheckedContinuation<Void, Never>] = []
        func wait() async {
            if isOpen { return }
            await withCheckedContinuation { waiters.append($0) }
        }
        func open() {
            isOpen = true
            for w in waiters { w.resume() }
            waiters = []
        }
    }
}

import Domain
import Foundation
import Services
import Testing

@Suite struct ConcurrencyTests {
    /// 100 creates at once, 20 of them duplicates by name (case differs): every distinct one is
    /// stored, every duplicate is a conflict, nothing is lost.
    @Test func concurrentCreatesLoseNothingAndStayUnique() async throws {
        let s = try ServiceContainer.temporary()
        let results = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<100 {
                group.addTask {
                    let name = i < 80 ? "pc\(i)" : "PC\(i - 80)"
                    do {
                        _ = try await s.machines.create(MachineInput(name: name, mac: mac(i)), by: admin)
                        return true
                    } catch {
                        return false
                    }
                }
            }
            var ok = 0
            for await r in group where r { ok += 1 }
            return ok
        }
        #expect(results == 80)
        let all = try await s.machines.all()
        #expect(all.count == 80)
        #expect(Set(all.map { $0.name.lowercased() }).count == 80)
        #expect(try await s.events.list(action: "machine.create", outcome: "success").total == 80)
    }

    @Test func concurrentUpdatesWithIfMatchHaveOneWinner() async throws {
        let s = try ServiceContainer.temporary()
        let m = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1)), by: admin)
        let winners = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<10 {
                group.addTask {
                    var input = MachineInput(m)
                    input.notes = "edit \(i)"
                    return (try? await s.machines.update(id: m.id, input, expectedRevision: m.revision, by: admin)) != nil
                }
            }
            var n = 0
            for await w in group where w { n += 1 }
            return n
        }
        #expect(winners == 1)
        #expect(try await s.machines.get(id: m.id).revision == 2)
    }
}

@Suite struct JobServiceTests {
    @Test func aJobRunsReportsAndSucceeds() async throws {
        let s = try ServiceContainer.temporary()
        let job = try await s.jobs.start(kind: "image.import", subject: "image/1", total: 100, by: admin) { progress in
            for done in stride(from: 0, through: 100, by: 10) { try await progress.report(bytesDone: Int64(done)) }
            return "imported 100 bytes"
        }
        #expect(job.state == .running)
        let done = try await s.jobs.wait(id: job.id)
        #expect(done.state == .succeeded)
        #expect(done.bytesDone == 100)
        #expect(done.message == "imported 100 bytes")
        #expect(done.finishedAt != nil)
        #expect(try await s.jobs.list().items.map(\.id) == [job.id])
    }

    @Test func aThrowingJobFails() async throws {
        let s = try ServiceContainer.temporary()
        struct DiskFull: Error, CustomStringConvertible { var description: String { "no space left on device" } }
        let job = try await s.jobs.start(kind: "image.import", subject: "image/1", by: admin) { _ in throw DiskFull() }
        let done = try await s.jobs.wait(id: job.id)
        #expect(done.state == .failed)
        #expect(done.message == "no space left on device")
        #expect(try await s.events.list(action: "job.failed").total == 1)
    }

    @Test func cancelStopsARunningJob() async throws {
        let s = try ServiceContainer.temporary()
        let started = AsyncStream<Void>.makeStream()
        let job = try await s.jobs.start(kind: "image.upload", subject: "image/2", total: nil, by: admin) { progress in
            started.continuation.yield()
            var n: Int64 = 0
            while true {
                n += 1
                try await progress.report(bytesDone: n)
                try await Task.sleep(nanoseconds: 1_000_000)
            }
        }
        var it = started.stream.makeAsyncIterator()
        _ = await it.next()
        _ = try await s.jobs.cancel(id: job.id, by: admin)
        let done = try await s.jobs.wait(id: job.id)
        #expect(done.state == .cancelled)
        #expect(done.bytesDone > 0)
        let again = try await s.jobs.cancel(id: job.id, by: admin)
        #expect(again.state == .cancelled)
    }

    @Test func runningJobsAreFailedAtStartUp() async throws {
        let dir = NSTemporaryDirectory() + "disklessd-test-\(UUID().uuidString)"
        let first = try ServiceContainer(config: ServiceConfig(dataDir: dir, passwordCost: .testing))
        let gate = AsyncStream<Void>.makeStream()
        let job = try await first.jobs.start(kind: "image.import", subject: "image/1", by: admin) { _ in
            for await _ in gate.stream {}
            return "never"
        }
        // A second process over the same database sees the job running and marks it interrupted.
        let second = try ServiceContainer(config: ServiceConfig(dataDir: dir, passwordCost: .testing))
        let report = try await second.startUp()
        #expect(report.interruptedJobs == 1)
        let j = try await second.jobs.get(id: job.id)
        #expect(j.state == .failed)
        #expect(j.message == "interrupted by restart")
        gate.continuation.finish()
        _ = try await first.jobs.wait(id: job.id)
    }
}

@testable import BuiltinTarget
import Testing

/// RFC 7143 §11.5.1 as a state machine: an aborted command's status is dropped and the abort is
/// answered once every command it names has left the disk.
@Suite struct InFlightTasksTests {
    @Test func anAbortedCommandsStatusIsDroppedAndTheAbortWaitsForIt() {
        var tasks = InFlightTasks()
        tasks.started(7, lun: 0)
        tasks.started(8, lun: 0)
        #expect(tasks.abort(tmfITT: 100) { itt, _ in itt == 7 })
        let other = tasks.finished(8)
        #expect(other.respond && other.answerable.isEmpty)
        let aborted = tasks.finished(7)
        #expect(!aborted.respond)
        #expect(aborted.answerable == [100])
        #expect(tasks.executing.isEmpty)
    }

    @Test func anAbortOfNothingExecutingIsAnsweredAtOnce() {
        var tasks = InFlightTasks()
        tasks.started(1, lun: 0)
        #expect(!tasks.abort(tmfITT: 100) { itt, _ in itt == 2 })
        #expect(tasks.finished(1) == (true, []))
    }

    @Test func aLUNResetWaitsForEveryCommandOfThatLUN() {
        var tasks = InFlightTasks()
        tasks.started(1, lun: 0)
        tasks.started(2, lun: 1)
        tasks.started(3, lun: 1)
        #expect(tasks.abort(tmfITT: 50) { _, lun in lun == 1 })
        #expect(tasks.finished(2) == (false, []))
        #expect(tasks.finished(1) == (true, []))
        #expect(tasks.finished(3) == (false, [50]))
    }
}

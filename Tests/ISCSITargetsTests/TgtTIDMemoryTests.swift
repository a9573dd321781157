import Testing
@testable import ISCSITargets

/// A show answers with tgtd as it was when the show ran; resets running beside it make and delete
/// targets meanwhile. What the driver did after the show began must survive learning it, or a
/// target made meanwhile is forgotten and its tid handed to another target ("this target already
/// exists", seen once in a 10,000-event café day).
@Suite struct TgtTIDMemoryTests {
    func show(_ targets: [(Int, String)]) -> TgtShowOutput {
        var output = TgtShowOutput(parsing: "")
        output.targets = targets.map { TgtShowOutput.Target(tid: $0.0, iqn: $0.1) }
        return output
    }

    @Test func aTargetMadeWhileAShowRanKeepsItsTid() {
        let tids = TgtTIDMemory()
        let mark = tids.mark()                       // the show starts: pc441 is being reset (deleted)
        tids.remember(iqn: "pc441", tid: 441)        // its reset makes it again
        tids.learn(show([(1, "pc1")]), since: mark)  // the show's answer, without pc441
        #expect(tids.tid(of: "pc441") == 441)
        #expect(tids.claimFree(in: show([(1, "pc1")])) == 2)
        #expect(tids.claimFree(in: show([(1, "pc1")])) == 3)  // 2 is held, 441 is known
    }

    @Test func aTargetRemovedWhileAShowRanStaysForgotten() {
        let tids = TgtTIDMemory()
        tids.learn(show([(1, "pc1"), (2, "pc2")]), since: tids.mark())
        let mark = tids.mark()
        tids.forget(iqn: "pc2")
        tids.learn(show([(1, "pc1"), (2, "pc2")]), since: mark)
        #expect(tids.tid(of: "pc2") == nil)
        #expect(tids.tid(of: "pc1") == 1)
    }

    @Test func aShowStartedLaterReplacesWhatWasKnown() {
        let tids = TgtTIDMemory()
        tids.remember(iqn: "pc1", tid: 1)
        tids.learn(show([(5, "pc1"), (6, "pc6")]), since: tids.mark())  // renumbered by hand
        #expect(tids.tid(of: "pc1") == 5)
        #expect(tids.tid(of: "pc6") == 6)
    }

    @Test func anOvertakenShowIsNotLearned() {
        let tids = TgtTIDMemory()
        let older = tids.mark()
        tids.remember(iqn: "pc7", tid: 7)
        let newer = tids.mark()
        tids.learn(show([(7, "pc7")]), since: newer)
        tids.learn(show([]), since: older)  // answered last, but began before the newer one
        #expect(tids.tid(of: "pc7") == 7)
    }
}

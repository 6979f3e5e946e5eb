import HTTP
import Testing

/// The connection's life without sockets: events in, actions out, time as plain nanoseconds.
@Suite struct ConnectionStateMachineTests {
    static let second: UInt64 = 1_000_000_000
    static let timeouts = ConnectionTimeouts(
        head: 10 * second, body: 5 * second, idle: 60 * second, response: 60 * second, drain: 30 * second,
        linger: second, maxQueuedBytes: 256 * 1024, maxOutstanding: 4
    )

    static func make(at now: UInt64 = 1_000) -> ConnectionStateMachine {
        ConnectionStateMachine(timeouts: timeouts, acceptedAt: now)
    }

    @Test func productionDefaultsAreTheContract() {
        let defaults = ConnectionTimeouts(HTTPServerConfiguration())
        #expect(defaults.head == 10 * Self.second)
        #expect(defaults.idle == 60 * Self.second)
        #expect(defaults.drain == 30 * Self.second)
        #expect(defaults.maxQueuedBytes == 256 * 1024)
        #expect(HTTPServerConfiguration().outputBudgetBytes == 64 * 1024 * 1024)
    }

    @Test func silentConnectionGets408AtTheHeadDeadlineFromAccept() {
        var machine = Self.make()
        #expect(machine.isSheddable)
        #expect(machine.deadline == 1_000 + 10 * Self.second)
        #expect(machine.timerFired(now: 1_000 + 9 * Self.second) == .armDeadline(1_000 + 10 * Self.second))
        guard case .respond(let error) = machine.timerFired(now: 1_000 + 10 * Self.second) else {
            Issue.record("a silent connection must be answered 408 at the head deadline"); return
        }
        #expect(error.status == 408)
        machine.finalQueued(now: 10 * Self.second)
        #expect(!machine.isSheddable)
        machine.encoded(responses: 1, heldBytes: 0, closing: true, now: 10 * Self.second)
        machine.wrote(unwritten: 0, progressed: true, now: 10 * Self.second)
        #expect(machine.settle(now: 10 * Self.second, overBudget: false) == .linger(until: 11 * Self.second))
        #expect(machine.isSheddable, "a lingering connection is done: shed before a busy one")
        #expect(machine.timerFired(now: 11 * Self.second) == .close(.lingerEnded))
        #expect(machine.phase == .closed)
    }

    @Test func firstHeadIsTimedFromAcceptNotFromItsFirstByte() {
        var machine = Self.make(at: 0)
        machine.received(now: 9 * Self.second, parser: .head)
        #expect(!machine.isSheddable)
        #expect(machine.deadline == 10 * Self.second)
        guard case .respond = machine.timerFired(now: 10 * Self.second) else { Issue.record("expected 408"); return }
    }

    @Test func keepAliveIdlesThenTimesTheNextHeadFromItsFirstByte() {
        var machine = Self.make(at: 0)
        machine.received(now: Self.second, parser: .idle)
        machine.dispatched(now: Self.second, closing: false)
        #expect(machine.deadline == Self.second + 60 * Self.second, "awaiting the handler: the response deadline")
        machine.held(bytes: 10)
        machine.encoded(responses: 1, heldBytes: 10, closing: false, now: 2 * Self.second)
        machine.wrote(unwritten: 0, progressed: true, now: 2 * Self.second)
        #expect(machine.settle(now: 2 * Self.second, overBudget: false) == .armDeadline(62 * Self.second))
        #expect(machine.isSheddable)
        machine.received(now: 30 * Self.second, parser: .head)
        #expect(machine.deadline == 40 * Self.second)
        machine.received(now: 31 * Self.second, parser: .body)
        #expect(machine.deadline == 36 * Self.second)
        guard case .respond(let error) = machine.timerFired(now: 36 * Self.second) else { Issue.record("expected 408"); return }
        #expect(error.detail.contains("body stalled"))
    }

    @Test func idleKeepAliveClosesAfterTheIdleTimeout() {
        var machine = Self.make(at: 0)
        machine.dispatched(now: 0, closing: false)
        machine.encoded(responses: 1, heldBytes: 0, closing: false, now: Self.second)
        machine.wrote(unwritten: 0, progressed: true, now: Self.second)
        _ = machine.settle(now: Self.second, overBudget: false)
        #expect(machine.timerFired(now: 61 * Self.second) == .close(.idle))
    }

    @Test func unansweredRequestClosesAtTheResponseDeadline() {
        var machine = Self.make(at: 0)
        machine.dispatched(now: 0, closing: false)
        #expect(!machine.isSheddable)
        #expect(machine.timerFired(now: 60 * Self.second) == .close(.unanswered))
    }

    @Test func queuedOutputPausesReadingAndResumesWhenDrained() {
        var machine = Self.make(at: 0)
        machine.dispatched(now: 0, closing: false)
        machine.held(bytes: 300 * 1024)
        machine.encoded(responses: 1, heldBytes: 300 * 1024, closing: false, now: 0)
        machine.wrote(unwritten: 290 * 1024, progressed: true, now: 0)
        #expect(!machine.mayParse)
        #expect(!machine.mayRead(overBudget: false))
        #expect(machine.settle(now: 0, overBudget: false) == .armDeadline(30 * Self.second))
        #expect(machine.readingPaused)
        machine.wrote(unwritten: 100, progressed: true, now: 5 * Self.second)
        #expect(machine.settle(now: 5 * Self.second, overBudget: false) == .resumeReading)
        #expect(!machine.readingPaused)
    }

    @Test func outputThatNeverDrainsIsClosed() {
        var machine = Self.make(at: 0)
        machine.dispatched(now: 0, closing: false)
        machine.encoded(responses: 1, heldBytes: 0, closing: false, now: 0)
        machine.wrote(unwritten: 300 * 1024, progressed: true, now: 0)
        _ = machine.settle(now: 0, overBudget: false)
        machine.wrote(unwritten: 300 * 1024, progressed: false, now: 20 * Self.second)
        #expect(machine.timerFired(now: 29 * Self.second) == .armDeadline(30 * Self.second))
        #expect(machine.timerFired(now: 30 * Self.second) == .close(.undrained))
    }

    @Test func overBudgetOnlyConnectionsWithNothingQueuedRead() {
        var busy = Self.make(at: 0)
        busy.dispatched(now: 0, closing: false)
        busy.encoded(responses: 1, heldBytes: 0, closing: false, now: 0)
        busy.wrote(unwritten: 1_000, progressed: true, now: 0)
        #expect(busy.mayRead(overBudget: false))
        #expect(!busy.mayRead(overBudget: true))
        let quiet = Self.make(at: 0)
        #expect(quiet.mayRead(overBudget: true))
    }

    @Test func tooManyOutstandingRequestsStopParsing() {
        var machine = Self.make(at: 0)
        for _ in 0..<4 { machine.dispatched(now: 0, closing: false) }
        #expect(!machine.mayParse)
        #expect(machine.settle(now: 0, overBudget: false) == .armDeadline(60 * Self.second))
        #expect(machine.readingPaused)
        machine.encoded(responses: 4, heldBytes: 0, closing: false, now: Self.second)
        #expect(machine.settle(now: Self.second, overBudget: false) == .resumeReading)
    }

    @Test func peerCloseAfterTheLastResponseCloses() {
        var machine = Self.make(at: 0)
        machine.dispatched(now: 0, closing: false)
        machine.peerClosedInput()
        #expect(machine.settle(now: 0, overBudget: false) == .armDeadline(60 * Self.second))
        machine.encoded(responses: 1, heldBytes: 0, closing: false, now: 0)
        machine.wrote(unwritten: 0, progressed: true, now: 0)
        #expect(machine.settle(now: 0, overBudget: false) == .close)
    }

    @Test func drainClosesIdleAtOnceAndBusyAfterTheirResponse() {
        var idle = Self.make(at: 0)
        #expect(idle.beginDrain() == .close)
        var busy = Self.make(at: 0)
        busy.dispatched(now: 0, closing: false)
        #expect(busy.beginDrain() == .none)
        busy.encoded(responses: 1, heldBytes: 0, closing: true, now: 0)
        busy.wrote(unwritten: 0, progressed: true, now: 0)
        #expect(busy.settle(now: 0, overBudget: false) == .linger(until: Self.second))
    }

    @Test func everyOpenStateHasADeadline() {
        var machine = Self.make(at: 0)
        let phases: [HTTPParser.Phase] = [.idle, .head, .body, .idle]
        for (step, phase) in phases.enumerated() {
            machine.received(now: UInt64(step), parser: phase)
            #expect(machine.deadline != nil, "\(phase)")
        }
        machine.dispatched(now: 5, closing: false)
        #expect(machine.deadline != nil)
        machine.wrote(unwritten: 10, progressed: false, now: 6)
        #expect(machine.deadline != nil)
    }
}

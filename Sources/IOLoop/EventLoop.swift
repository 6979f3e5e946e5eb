import CLinux
import Glibc
import Synchronization
import Time

/// One thread running one edge-triggered epoll set, with a work queue, timers and
/// end-of-tick callbacks.
///
/// (Just over 300 lines: the run loop, the cross-thread inbox and the timers share private state
/// that a split into extensions in other files would have to widen to module access.)
///
/// Thread confinement: `execute`, `inEventLoop`, `enqueue` (the `TaskExecutor` entry point),
/// `stop` and `waitUntilStopped` may be called from any thread — they touch only the
/// `Mutex`-guarded inbox, atomics and the eventfd. Everything else (`register`, `modify`,
/// `deregister`, `schedule`, `cancel`, `whenTickEnds`, `now`) must be called on the loop's own
/// thread, and asserts so in debug builds (`assertInEventLoop`); the state they use is owned by
/// that thread and takes no lock.
///
/// Why `@unchecked Sendable` and not `LoopBound`: the loop is the one object that is both shared
/// by every thread (its inbox) and owner of loop-only state; `LoopBound` itself is built on it.
package final class EventLoop: @unchecked Sendable {
    private enum Item {
        case work(@Sendable () -> Void)
        case job(UnownedJob)
    }

    private struct Inbox {
        var items: [Item] = []
        var signalled = false
        var stopping = false
    }

    /// The loop's name, also its thread's name.
    package let name: String
    private let epollFD: Int32
    private let wakeFD: Int32
    private let inbox = Mutex(Inbox())
    private let threadID = Atomic<UInt>(0)
    private let thread = Mutex<IOThread?>(nil)

    // Loop-confined state.
    private var registrations: [UInt64: Registration] = [:]
    private var nextRegistration: UInt64 = 1
    private var timers = TimerHeap()
    private var tickEnd: [() -> Void] = []
    private var cachedNow: UInt64 = MonotonicClock.nanos()

    private struct Registration {
        let fileDescriptor: Int32
        let handler: (EventReadiness) -> Void
    }

    private static let wakeToken: UInt64 = 0

    /// Creates the loop and starts its thread.
    /// - Parameter name: the thread's name (at most 15 bytes are kept by Linux).
    /// - Throws: `SystemCallError` when epoll, the eventfd or the thread cannot be created.
    package init(name: String = "onespin-loop") throws {
        self.name = name
        epollFD = try systemCall("epoll_create1") { clinux_epoll_create() }
        do {
            wakeFD = try systemCall("eventfd") { clinux_eventfd() }
        } catch {
            close(epollFD)
            throw error
        }
        try systemCall("epoll_ctl") {
            clinux_epoll_ctl(epollFD, CLINUX_EPOLL_CTL_ADD, wakeFD, CLINUX_EPOLLIN | CLINUX_EPOLLET, Self.wakeToken)
        }
        // The thread holds the loop until `run` returns (a loop is stopped, never just dropped).
        do {
            let started = try IOThread.start(name: name) { [self] in run() }
            thread.withLock { $0 = started }
        } catch {
            close(wakeFD)
            close(epollFD)
            throw error
        }
    }

    /// `true` when called on this loop's thread.
    package var inEventLoop: Bool {
        threadID.load(ordering: .acquiring) == UInt(pthread_self())
    }

    /// Traps in a debug build when not called on this loop's thread; compiled out in release.
    /// Every loop-only entry point (this loop's own API, a connection's event handler, a server's
    /// loop state, a loop's Redis client) starts with it.
    @inlinable @inline(__always)
    package func assertInEventLoop(file: StaticString = #fileID, line: UInt = #line) {
        assert(inEventLoop, "called off its event loop \(name)", file: file, line: line)
    }

    /// Runs `work` on the loop thread, after the work queued before it. Callable from any
    /// thread; wakes the loop only when called from another thread and no wake-up is pending.
    package func execute(_ work: @escaping @Sendable () -> Void) {
        push(.work(work))
    }

    /// Asks the loop to finish its current tick, run what is queued, and end its thread.
    package func stop() {
        let wake = inbox.withLock { state -> Bool in
            state.stopping = true
            defer { state.signalled = true }
            return !state.signalled
        }
        if wake && !inEventLoop { signal() }
    }

    /// Blocks until the loop's thread has ended (after `stop`). Must not be called on the loop.
    package func waitUntilStopped() {
        guard !inEventLoop, let started = thread.withLock({ state -> IOThread? in
            defer { state = nil }
            return state
        }) else { return }
        started.join()
    }

    private func push(_ item: Item) {
        let wake = inbox.withLock { state -> Bool in
            state.items.append(item)
            defer { state.signalled = true }
            return !state.signalled
        }
        if wake && !inEventLoop { signal() }
    }

    private func signal() {
        var one: UInt64 = 1
        _ = retryingInterrupts { write(wakeFD, &one, 8) }
    }

    // MARK: Loop-thread API

    /// The loop's clock (monotonic nanoseconds), refreshed once per wake-up. Loop thread only.
    package var now: UInt64 {
        assertInEventLoop()
        return cachedNow
    }

    /// Adds `fileDescriptor` to the loop's epoll set (edge-triggered). Loop thread only.
    /// - Parameters:
    ///   - fileDescriptor: a non-blocking descriptor; the caller keeps ownership and closes it
    ///     after `deregister`.
    ///   - interest: readable, writable or both.
    ///   - handler: called on the loop thread with what epoll reported.
    /// - Returns: the id to `modify` or `deregister` with.
    /// - Throws: `SystemCallError` from `epoll_ctl`.
    package func register(
        fileDescriptor: Int32,
        interest: EventInterest,
        handler: @escaping (EventReadiness) -> Void
    ) throws -> RegistrationID {
        assertInEventLoop()
        let token = nextRegistration
        try systemCall("epoll_ctl") {
            clinux_epoll_ctl(epollFD, CLINUX_EPOLL_CTL_ADD, fileDescriptor, Self.epollEvents(interest), token)
        }
        nextRegistration += 1
        registrations[token] = Registration(fileDescriptor: fileDescriptor, handler: handler)
        return RegistrationID(rawValue: token)
    }

    /// Changes what a registration wants to hear about. Loop thread only.
    /// - Throws: `SystemCallError` from `epoll_ctl` (`ENOENT` for an unknown registration).
    package func modify(_ registration: RegistrationID, interest: EventInterest) throws {
        assertInEventLoop()
        guard let entry = registrations[registration.rawValue] else {
            throw SystemCallError(call: "epoll_ctl", errno: ENOENT)
        }
        try systemCall("epoll_ctl") {
            clinux_epoll_ctl(epollFD, CLINUX_EPOLL_CTL_MOD, entry.fileDescriptor, Self.epollEvents(interest), registration.rawValue)
        }
    }

    /// Removes a registration; its handler is never called again. The descriptor is not
    /// closed. Loop thread only; unknown ids are ignored.
    package func deregister(_ registration: RegistrationID) {
        assertInEventLoop()
        guard let entry = registrations.removeValue(forKey: registration.rawValue) else { return }
        _ = clinux_epoll_ctl(epollFD, CLINUX_EPOLL_CTL_DEL, entry.fileDescriptor, 0, 0)
    }

    /// Runs `work` on the loop thread once `delay` has passed (resolution: about 1 ms).
    /// Loop thread only.
    /// - Returns: the id to `cancel` with.
    @discardableResult
    package func schedule(after delay: Duration, _ work: @escaping () -> Void) -> TimerID {
        assertInEventLoop()
        return timers.schedule(at: MonotonicClock.nanos() &+ delay.clampedNanoseconds, work)
    }

    /// Runs `work` when the loop clock reaches `deadline` (monotonic nanoseconds). Loop thread only.
    @discardableResult
    package func schedule(atNanoseconds deadline: UInt64, _ work: @escaping () -> Void) -> TimerID {
        assertInEventLoop()
        return timers.schedule(at: deadline, work)
    }

    /// Cancels a timer that has not run yet; otherwise does nothing. Loop thread only.
    package func cancel(_ timer: TimerID) {
        assertInEventLoop()
        timers.cancel(timer)
    }

    /// Runs `work` once, after the current batch of epoll events, timers and queued work has
    /// been processed. Loop thread only.
    package func whenTickEnds(_ work: @escaping () -> Void) {
        assertInEventLoop()
        tickEnd.append(work)
    }

    private static func epollEvents(_ interest: EventInterest) -> UInt32 {
        var events = CLINUX_EPOLLET | CLINUX_EPOLLRDHUP
        if interest.contains(.readable) { events |= CLINUX_EPOLLIN }
        if interest.contains(.writable) { events |= CLINUX_EPOLLOUT }
        return events
    }

    // MARK: The loop

    private func run() {
        threadID.store(UInt(pthread_self()), ordering: .releasing)
        let capacity: Int32 = 512
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: Int(capacity))
        defer { events.deallocate() }
        var running = true
        while running {
            let count = clinux_epoll_wait(epollFD, events, capacity, waitTimeout())
            cachedNow = MonotonicClock.nanos()
            if count > 0 {
                for index in 0..<Int(count) {
                    dispatch(events + index)
                }
            }
            for work in timers.takeExpired(now: cachedNow) { work() }
            running = runInbox()
            runTickEnd()
        }
        _ = runInbox()
        runTickEnd()
        registrations.removeAll()
        close(wakeFD)
        close(epollFD)
    }

    private func dispatch(_ event: UnsafeMutablePointer<epoll_event>) {
        let token = clinux_epoll_event_data(event)
        if token == Self.wakeToken {
            var value: UInt64 = 0
            _ = retryingInterrupts { read(wakeFD, &value, 8) }
            return
        }
        guard let registration = registrations[token] else { return }
        let flags = clinux_epoll_event_events(event)
        var readiness: EventReadiness = []
        if flags & CLINUX_EPOLLIN != 0 { readiness.insert(.readable) }
        if flags & CLINUX_EPOLLOUT != 0 { readiness.insert(.writable) }
        if flags & (CLINUX_EPOLLHUP | CLINUX_EPOLLRDHUP) != 0 { readiness.insert(.hangup) }
        if flags & CLINUX_EPOLLERR != 0 { readiness.insert(.error) }
        registration.handler(readiness)
    }

    private func waitTimeout() -> Int32 {
        if !tickEnd.isEmpty { return 0 }
        let pending = inbox.withLock { !$0.items.isEmpty || $0.stopping }
        if pending { return 0 }
        guard let deadline = timers.nextDeadline() else { return -1 }
        let now = MonotonicClock.nanos()
        if deadline <= now { return 0 }
        let milliseconds = (deadline - now + 999_999) / 1_000_000
        return Int32(min(milliseconds, 60_000))
    }

    /// Runs queued work; returns `false` once `stop` was called.
    private func runInbox() -> Bool {
        var rounds = 0
        while rounds < 8 {
            rounds += 1
            let (items, stopping) = inbox.withLock { state -> ([Item], Bool) in
                let items = state.items
                state.items = []
                state.signalled = false
                return (items, state.stopping)
            }
            if items.isEmpty { return !stopping }
            for item in items {
                switch item {
                case .work(let work): work()
                case .job(let job): job.runSynchronously(on: asUnownedTaskExecutor())
                }
            }
        }
        return inbox.withLock { !$0.stopping }
    }

    private func runTickEnd() {
        var rounds = 0
        while !tickEnd.isEmpty && rounds < 16 {
            rounds += 1
            let batch = tickEnd
            tickEnd = []
            for work in batch { work() }
        }
    }
}

extension EventLoop: TaskExecutor {
    /// Queues a job to run on the loop thread (`Task(executorPreference: loop) { ... }`).
    package func enqueue(_ job: consuming ExecutorJob) {
        push(.job(UnownedJob(job)))
    }
}

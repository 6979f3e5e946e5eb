import Glibc
import IOLoop
import Synchronization
import Testing

/// Waits (blocking, bounded) until `condition` holds.
func waitUntil(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(2_000)
    }
    return condition()
}

@Suite struct EventLoopTests {
    @Test func executeRunsOnTheLoopInOrder() throws {
        let loop = try EventLoop(name: "test-execute")
        defer { loop.stop(); loop.waitUntilStopped() }
        #expect(!loop.inEventLoop)
        let log = Mutex<[Int]>([])
        for index in 0..<100 {
            loop.execute {
                precondition(loop.inEventLoop)
                log.withLock { $0.append(index) }
            }
        }
        #expect(waitUntil { log.withLock { $0.count } == 100 })
        #expect(log.withLock { $0 } == Array(0..<100))
    }

    @Test func timersFireInDeadlineOrderAndCancel() throws {
        let loop = try EventLoop(name: "test-timers")
        defer { loop.stop(); loop.waitUntilStopped() }
        let log = Mutex<[String]>([])
        loop.execute {
            loop.schedule(after: .milliseconds(60)) { log.withLock { $0.append("60") } }
            loop.schedule(after: .milliseconds(20)) { log.withLock { $0.append("20") } }
            let cancelled = loop.schedule(after: .milliseconds(40)) { log.withLock { $0.append("40") } }
            loop.cancel(cancelled)
            // Many timers scheduled and cancelled (the per-connection pattern) stay cheap.
            for _ in 0..<10_000 { loop.cancel(loop.schedule(after: .seconds(60)) {}) }
        }
        #expect(waitUntil { log.withLock { $0.count } == 2 })
        usleep(50_000)
        #expect(log.withLock { $0 } == ["20", "60"])
    }

    @Test func tickEndRunsAfterTheBatch() throws {
        let loop = try EventLoop(name: "test-tick")
        defer { loop.stop(); loop.waitUntilStopped() }
        let log = Mutex<[String]>([])
        loop.execute {
            loop.whenTickEnds { log.withLock { $0.append("end") } }
            loop.execute { log.withLock { $0.append("queued") } }
            log.withLock { $0.append("work") }
        }
        #expect(waitUntil { log.withLock { $0.count } == 3 })
        #expect(log.withLock { $0 } == ["work", "queued", "end"])
    }

    @Test func registeredDescriptorReportsReadable() throws {
        let loop = try EventLoop(name: "test-register")
        defer { loop.stop(); loop.waitUntilStopped() }
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        #expect(fcntl(fds[0], F_SETFL, O_NONBLOCK) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let readFD = fds[0]
        let received = Mutex<[UInt8]>([])
        loop.execute {
            _ = try? loop.register(fileDescriptor: readFD, interest: .readable) { readiness in
                guard readiness.contains(.readable) else { return }
                var byte: UInt8 = 0
                while read(readFD, &byte, 1) == 1 { received.withLock { $0.append(byte) } }
            }
        }
        usleep(20_000)
        var bytes: [UInt8] = [1, 2, 3]
        #expect(write(fds[1], &bytes, 3) == 3)
        #expect(waitUntil { received.withLock { $0 } == [1, 2, 3] })
    }

    @Test func taskWithExecutorPreferenceRunsOnTheLoop() async throws {
        let loop = try EventLoop(name: "test-executor")
        let onLoop = await Task(executorPreference: loop) { loop.inEventLoop }.value
        #expect(onLoop)
        // Awaiting a continuation resumed from the loop keeps the task on the loop.
        let stillOnLoop = await Task(executorPreference: loop) { () async -> Bool in
            let before = loop.inEventLoop
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                loop.execute { loop.schedule(after: .milliseconds(10)) { continuation.resume() } }
            }
            return before && loop.inEventLoop
        }.value
        #expect(stillOnLoop)
        loop.stop()
        loop.waitUntilStopped()
    }
}

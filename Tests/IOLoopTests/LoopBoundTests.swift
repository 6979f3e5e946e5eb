import Dispatch
import IOLoop
import Synchronization
import Testing

/// A loop-bound value is usable on its loop, and a debug build traps when it is touched elsewhere.
@Suite struct LoopBoundTests {
    /// A non-`Sendable` counter: only `LoopBound` lets it cross threads.
    final class Counter {
        var count = 0
    }

    /// Runs `body` on `loop` and waits for it.
    static func onLoop<Result: Sendable>(_ loop: EventLoop, _ body: @escaping @Sendable () -> Result) -> Result {
        let result = Mutex<Result?>(nil)
        let done = DispatchSemaphore(value: 0)
        loop.execute {
            result.withLock { $0 = body() }
            done.signal()
        }
        done.wait()
        return result.withLock { $0! }
    }

    @Test func theValueIsReadAndWrittenOnItsLoop() throws {
        let loop = try EventLoop(name: "test-bound")
        defer { loop.stop(); loop.waitUntilStopped() }
        let bound = Self.onLoop(loop) { LoopBound(Counter(), loop: loop) }
        #expect(bound.loop === loop)
        for _ in 0..<3 {
            bound.withValueOnLoop { $0.count += 1 }
        }
        #expect(Self.onLoop(loop) { bound.value.count } == 3)
    }

    @Test func aValueHandedOverWholeIsBoundFromAnyThread() throws {
        let loop = try EventLoop(name: "test-sending")
        defer { loop.stop(); loop.waitUntilStopped() }
        let bound = LoopBound(sending: Counter(), loop: loop)
        #expect(Self.onLoop(loop) {
            bound.value.count = 7
            return bound.value.count
        } == 7)
    }

    @Test func theLoopCheckTellsTheLoopThreadFromOthers() throws {
        let loop = try EventLoop(name: "test-check")
        defer { loop.stop(); loop.waitUntilStopped() }
        let other = try EventLoop(name: "test-other")
        defer { other.stop(); other.waitUntilStopped() }
        #expect(!loop.inEventLoop)
        #expect(Self.onLoop(loop) { loop.inEventLoop })
        #expect(!Self.onLoop(other) { loop.inEventLoop })
    }

    #if DEBUG
    @Test func readingOffTheLoopTrapsInDebugBuilds() async {
        await #expect(processExitsWith: .failure) {
            let loop = try EventLoop(name: "test-trap")
            let bound = LoopBoundTests.onLoop(loop) { LoopBound(Counter(), loop: loop) }
            _ = bound.value.count  // on the test's thread: the assertion ends the process
        }
    }

    @Test func bindingOffTheLoopTrapsInDebugBuilds() async {
        await #expect(processExitsWith: .failure) {
            let loop = try EventLoop(name: "test-trap")
            _ = LoopBound(Counter(), loop: loop)
        }
    }

    @Test func loopOnlyEventLoopCallsTrapOffTheLoop() async {
        await #expect(processExitsWith: .failure) {
            let loop = try EventLoop(name: "test-trap")
            loop.whenTickEnds {}
        }
    }
    #endif
}

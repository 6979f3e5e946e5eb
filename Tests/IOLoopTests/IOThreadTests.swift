import Glibc
import IOLoop
import Synchronization
import Testing

@Suite struct IOThreadTests {
    /// The calling thread's name, as Linux shows it (`/proc/thread-self/comm`).
    static func threadName() -> String {
        let fd = open("/proc/thread-self/comm", O_RDONLY)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return "" }
        return String(decoding: buffer[..<count].prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    }

    @Test func runsTheBodyOnANewNamedThreadAndJoins() throws {
        let caller = UInt(pthread_self())
        let seen = Mutex<(thread: UInt, name: String)?>(nil)
        let thread = try IOThread.start(name: "onespin-test-thread-long") {
            let name = IOThreadTests.threadName()
            seen.withLock { $0 = (UInt(pthread_self()), name) }
        }
        thread.join()
        thread.join()  // a second join returns at once
        let recorded = seen.withLock { $0 }
        let observed = try #require(recorded)
        #expect(observed.thread != caller)
        #expect(observed.name == "onespin-test-th")  // Linux keeps 15 bytes
    }

    @Test func aThreadTheSystemCannotGiveIsAnError() {
        // A 1 PiB stack cannot be mapped: `pthread_create` fails and nothing runs.
        let ran = Atomic<Bool>(false)
        #expect(throws: SystemCallError.self) {
            try IOThread.start(name: "test-huge", stackSize: 1 << 50) { ran.store(true, ordering: .relaxed) }
        }
        let didRun = ran.load(ordering: .relaxed)
        #expect(!didRun)
    }
}

import CLinux
import Glibc
import Synchronization

/// A named thread running one closure, and a way to wait for it to end.
package final class IOThread: Sendable {
    private let handle: Mutex<pthread_t?>

    private init(handle: pthread_t) {
        self.handle = Mutex(handle)
    }

    /// Starts `body` on a new thread named `name` (Linux keeps 15 bytes of it).
    /// - Throws: `SystemCallError` when the thread cannot be created.
    package static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(SystemCallError) -> IOThread {
        let start = ThreadStart(name: name, body: body)
        let context = Unmanaged.passRetained(start).toOpaque()
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { argument in
            guard let argument else { return nil }
            let start = Unmanaged<ThreadStart>.fromOpaque(argument).takeRetainedValue()
            clinux_set_thread_name(String(decoding: start.name.utf8.prefix(15), as: UTF8.self))
            start.body()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<ThreadStart>.fromOpaque(context).release()
            throw SystemCallError(call: "pthread_create", errno: rc)
        }
        return IOThread(handle: handle)
    }

    /// Blocks until the thread has ended; later calls return at once. Must not be called on the thread.
    package func join() {
        guard let handle = handle.withLock({ state -> pthread_t? in
            defer { state = nil }
            return state
        }) else { return }
        pthread_join(handle, nil)
    }
}

private final class ThreadStart: Sendable {
    let name: String
    let body: @Sendable () -> Void

    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }
}

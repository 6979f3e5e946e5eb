import CLinux
import Glibc
import Synchronization

/// A joinable thread running one closure: the one way onespin starts a thread (event loops, the
/// log writer, the signal watcher, replay and benchmark workers).
package final class IOThread: Sendable {
    /// The thread's name (Linux keeps at most 15 bytes of it).
    package let name: String
    private let handle: Mutex<pthread_t?>

    private init(name: String, handle: pthread_t) {
        self.name = name
        self.handle = Mutex(handle)
    }

    /// What the new thread runs; handed to it retained, released by it.
    private final class Start: Sendable {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Starts `body` on a new thread named `name`.
    /// - Parameters:
    ///   - name: the thread's name, as `top -H` and debuggers show it (15 bytes kept).
    ///   - stackSize: the thread's stack in bytes; `nil` for the system default.
    ///   - body: what the thread runs; the thread ends when it returns.
    /// - Returns: the running thread, to `join`.
    /// - Throws: `SystemCallError` when `pthread_create` fails.
    package static func start(
        name: String, stackSize: Int? = nil, _ body: @escaping @Sendable () -> Void
    ) throws(SystemCallError) -> IOThread {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let stackSize { _ = pthread_attr_setstacksize(&attributes, max(stackSize, Int(PTHREAD_STACK_MIN))) }
        let context = Unmanaged.passRetained(Start(name: name, body: body)).toOpaque()
        var handle = pthread_t()
        let rc = pthread_create(&handle, &attributes, { argument in
            guard let argument else { return nil }
            let start = Unmanaged<Start>.fromOpaque(argument).takeRetainedValue()
            clinux_set_thread_name(String(decoding: start.name.utf8.prefix(15), as: UTF8.self))
            start.body()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<Start>.fromOpaque(context).release()
            throw SystemCallError(call: "pthread_create", errno: rc)
        }
        return IOThread(name: name, handle: handle)
    }

    /// Blocks until the thread's closure has returned. Later calls return at once; calling it
    /// on the thread itself returns at once too (a thread cannot join itself).
    package func join() {
        let taken = handle.withLock { state -> pthread_t? in
            guard let current = state, pthread_equal(current, pthread_self()) == 0 else { return nil }
            state = nil
            return current
        }
        if let taken { pthread_join(taken, nil) }
    }

    deinit {
        // Never joined: let the thread's resources go when it ends.
        if let handle = handle.withLock({ $0 }) { pthread_detach(handle) }
    }

    /// Lets the thread's resources go when it ends, without a `join`. Later `join`s return at once.
    package func detach() {
        if let taken = handle.withLock({ state -> pthread_t? in defer { state = nil }; return state }) {
            pthread_detach(taken)
        }
    }
}

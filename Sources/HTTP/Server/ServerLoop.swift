import CLinux
import Glibc
import IOLoop
import Metrics

/// The server's share of one event loop: its listener, its connections, its handler, and
/// the buffers its connections share. Loop-confined and not `Sendable`: `HTTPServer` keeps it
/// in a `LoopBound` and reaches it with `execute`; its entry points assert the loop in debug builds.
final class ServerLoop {
    let loop: EventLoop
    let handler: any HTTPRequestHandler
    /// This loop's counters (connections, responses by status), shared with its handler.
    let metrics: LoopMetrics
    let limits: HTTPLimits
    let timeouts: ConnectionTimeouts
    /// The server-wide pending-output budget, shared by every loop.
    let outputBudget: OutputBudget
    private let maxConnections: Int
    private var listener: Int32
    private var listenerRegistration: RegistrationID?
    private var connections: [Int32: HTTPConnection] = [:]
    /// Connections that became silent or idle, oldest first, for shedding; an entry is current only
    /// while the connection still holds it (see `HTTPConnection.shedEntry`).
    private var shedQueue = ShedQueue()
    private(set) var draining = false
    private var drainTimer: TimerID?
    private var ids = RequestIDGenerator()
    var encoder = ResponseEncoder()
    /// Shared read buffer: connections keep bytes only while a request is partial.
    let readBuffer: UnsafeMutableRawBufferPointer
    private var writeBuffer: [UInt8] = []

    init(
        loop: EventLoop, listener: Int32, configuration: HTTPServerConfiguration, handler: any HTTPRequestHandler,
        metrics: LoopMetrics, outputBudget: OutputBudget
    ) {
        self.loop = loop
        self.listener = listener
        self.handler = handler
        self.metrics = metrics
        limits = configuration.limits
        timeouts = ConnectionTimeouts(configuration)
        self.outputBudget = outputBudget
        let threads = max(1, configuration.threads)
        maxConnections = max(1, (configuration.maxConnections + threads - 1) / threads)
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        writeBuffer.reserveCapacity(64 * 1024)
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Starts accepting. Loop thread.
    func start() throws {
        loop.assertInEventLoop()
        listenerRegistration = try loop.register(fileDescriptor: listener, interest: .readable) { [unowned self] _ in
            self.acceptAll()
        }
    }

    func makeRequestID() -> String { ids.make() }

    func takeWriteBuffer() -> [UInt8] {
        var buffer: [UInt8] = []
        swap(&buffer, &writeBuffer)
        return buffer
    }

    /// Takes `buffer` back (emptied, capacity kept) unless it grew past 1 MiB; leaves `buffer` empty.
    func returnWriteBuffer(_ buffer: inout [UInt8]) {
        guard buffer.capacity <= 1 << 20 else {
            buffer = []
            return
        }
        buffer.removeAll(keepingCapacity: true)
        swap(&buffer, &writeBuffer)
    }

    private func acceptAll() {
        loop.assertInEventLoop()
        while listener >= 0 {
            let fd = clinux_accept4(listener, nil, nil)
            if fd < 0 {
                switch errno {
                case EINTR, ECONNABORTED, EPROTO: continue
                default: return  // EAGAIN, or EMFILE/ENFILE: the next connection retries
                }
            }
            metrics.connectionAccepted()
            guard !draining, connections.count < maxConnections || shedOldest() else {
                close(fd)
                continue
            }
            ListeningSocket.setNoDelay(fd)
            let connection = HTTPConnection(fd: fd, loop: loop, server: self, limits: limits)
            do {
                connection.registration = try loop.register(fileDescriptor: fd, interest: [.readable, .writable]) { readiness in
                    connection.handle(readiness)
                }
            } catch {
                close(fd)
                continue
            }
            connections[fd] = connection
            metrics.connectionOpened(true)
            connection.start()
        }
    }

    /// Queues `connection` as silent or idle since now (its `entry`-th time).
    func enqueueSheddable(_ connection: HTTPConnection, entry: UInt32) {
        loop.assertInEventLoop()
        shedQueue.append(connection, entry: entry, liveConnections: connections.count)
    }

    /// Closes the connection that has been silent or idle the longest; false when none is.
    private func shedOldest() -> Bool {
        guard let victim = shedQueue.popOldest() else { return false }
        metrics.connectionShed()
        victim.close()
        return true
    }

    func connectionClosed(_ connection: HTTPConnection) {
        loop.assertInEventLoop()
        guard connections.removeValue(forKey: connection.fd) != nil else { return }
        metrics.connectionOpened(false)
        if draining && connections.isEmpty { finishDrain() }
    }

    /// Stops accepting, closes idle connections, lets busy ones finish until `deadline`,
    /// then stops the loop. Loop thread.
    func beginDrain(deadline: Duration) {
        loop.assertInEventLoop()
        guard !draining else { return }
        draining = true
        if let listenerRegistration { loop.deregister(listenerRegistration) }
        listenerRegistration = nil
        if listener >= 0 { close(listener) }
        listener = -1
        for connection in Array(connections.values) { connection.beginDrain() }
        if connections.isEmpty {
            finishDrain()
            return
        }
        drainTimer = loop.schedule(after: deadline) { [weak self] in
            guard let self else { return }
            self.drainTimer = nil
            for connection in Array(self.connections.values) { connection.close() }
            self.finishDrain()
        }
    }

    private func finishDrain() {
        if let drainTimer { loop.cancel(drainTimer) }
        drainTimer = nil
        // Its stale entries hold closed connections, which hold this loop: break the cycle.
        shedQueue = ShedQueue()
        loop.stop()
    }
}

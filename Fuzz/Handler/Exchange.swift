import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One connection: the request's bytes sent, the write side shut, every answer read until the
/// server closes; then the answers checked.
struct Exchange {
    struct Response {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> [String] {
            headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
        }
    }

    var received: [UInt8] = []
    /// The server reset the connection (it closed with our bytes unread): the tail may be cut.
    var wasReset = false
    var responses: [Response] = []

    static func run(_ request: FuzzRequest, port: Int) -> Exchange {
        // A signal (libFuzzer's timers) can interrupt connect: then start over on a fresh socket.
        for _ in 0..<100 {
            if let exchange = attempt(request, port: port) { return exchange }
        }
        fatalError("connect: interrupted 100 times")
    }

    private static func attempt(_ request: FuzzRequest, port: Int) -> Exchange? {
        var exchange = Exchange()
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { fatalError("socket: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 8, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if connected != 0, errno == EINTR { return nil }
        guard connected == 0 else { fatalError("connect: errno \(errno) — the server is gone") }
        var offset = 0
        while offset < request.bytes.count {
            let sent = request.bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0, errno == EINTR { continue }
            if sent <= 0 { break }  // the server closed early (e.g. after a 4xx); read what it said
            offset += sent
        }
        shutdown(fd, Int32(SHUT_WR))
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                exchange.received += buffer[0..<count]
                continue
            }
            if count == 0 { break }
            if errno == EINTR { continue }
            if errno == ECONNRESET { exchange.wasReset = true; break }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                fatalError("no answer and no close within 8 s; request: \(String(decoding: request.bytes.prefix(600), as: UTF8.self))")
            }
            fatalError("recv: errno \(errno)")
        }
        exchange.responses = exchange.parse(mayBeHead: request.mayBeHead, request: request)
        return exchange
    }

    /// Splits what was received into responses, checking each one's framing.
    private func parse(mayBeHead: Bool, request: FuzzRequest) -> [Response] {
        var responses: [Response] = []
        var index = 0
        let terminator: [UInt8] = [13, 10, 13, 10]
        while index < received.count {
            guard let headEnd = find(terminator, from: index) else {
                if wasReset { break }
                fail("an answer's head never ends", request)
            }
            let head = String(decoding: received[index..<headEnd], as: UTF8.self)
            let lines = head.components(separatedBy: "\r\n")
            let statusLine = lines[0]
            let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "HTTP/1.1", parts[1].count == 3, let status = Int(parts[1]),
                  (100...599).contains(status), !parts[2].isEmpty else {
                fail("malformed status line \(statusLine.debugDescription)", request)
            }
            var headers: [(name: String, value: String)] = []
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":"), colon > line.startIndex else { fail("malformed header line \(line.debugDescription)", request) }
                headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
            var response = Response(status: status, headers: headers, body: [])
            index = headEnd + 4
            if status < 200 { continue }  // an interim answer (100 Continue) has no body
            let lengths = response.header("Content-Length")
            guard lengths.count == 1, let length = Int(lengths[0]), length >= 0 else {
                fail("\(status) answer without exactly one valid Content-Length: \(lengths)", request)
            }
            if response.header("Transfer-Encoding").count > 0 { fail("answer with Transfer-Encoding", request) }
            let bodyLength = mayBeHead && received.count - index < length ? 0 : length
            guard received.count - index >= bodyLength else {
                if wasReset { break }
                fail("\(status) answer's body is \(received.count - index) bytes, Content-Length says \(length)", request)
            }
            response.body = Array(received[index..<(index + bodyLength)])
            index += bodyLength
            responses.append(response)
        }
        return responses
    }

    /// Every answer is well-formed; errors are problem documents with a `code`.
    func check(_ request: FuzzRequest) {
        if request.expectsOneAnswer, !wasReset, responses.count != 1 {
            fail("\(responses.count) answers to one request: \(responses.map(\.status))", request)
        }
        for response in responses where response.status >= 400 && !response.body.isEmpty {
            guard response.header("Content-Type") == ["application/problem+json"] else {
                fail("\(response.status) answer is \(response.header("Content-Type")), not application/problem+json", request)
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
                  let code = object["code"] as? String, !code.isEmpty, object["status"] as? Int == response.status else {
                fail("\(response.status) problem body without a code or with another status: \(String(decoding: response.body, as: UTF8.self))", request)
            }
        }
        for response in responses where response.status == 500 {
            // 500 is only for a corrupt stored record: the fuzzer never writes one, so any 500 is a bug.
            fail("\(response.status) answer: \(String(decoding: response.body, as: UTF8.self))", request)
        }
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard received.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= received.count {
            if received[index] == needle[0], received[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    private func fail(_ what: String, _ request: FuzzRequest) -> Never {
        fatalError("\(what); request: \(String(decoding: request.bytes.prefix(600), as: UTF8.self).debugDescription)")
    }
}

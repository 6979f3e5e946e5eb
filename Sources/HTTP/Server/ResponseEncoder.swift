import Time
import Glibc

/// Writes response heads and bodies as bytes; one per loop (its `Date` cache is loop-confined).
struct ResponseEncoder {
    private static let statusLines: [[UInt8]] = (0..<600).map { status in
        Array("HTTP/1.1 \(status) \(HTTPStatus.reasonPhrase(status))\r\n".utf8)
    }
    private static let requestIDPrefix = Array("\r\nX-Request-Id: ".utf8)
    private static let contentLengthPrefix = Array("Content-Length: ".utf8)
    private static let closeLine = Array("Connection: close\r\n".utf8)
    private static let keepAliveLine = Array("Connection: keep-alive\r\n".utf8)

    private var dateSecond: time_t = -1
    /// `Server: onespin\r\nDate: <IMF-fixdate>`, rebuilt once a second.
    private var serverAndDate: [UInt8] = []

    /// What the server adds to one response.
    struct Framing {
        var requestID: String
        var close: Bool
        var keepAliveHeader: Bool
        var omitBody: Bool
    }

    mutating func encode(_ response: HTTPResponse, framing: Framing, into out: inout [UInt8]) {
        let status = response.status >= 100 && response.status < 600 ? response.status : 500
        out.append(contentsOf: Self.statusLines[status])
        refreshDate()
        out.append(contentsOf: serverAndDate)
        out.append(contentsOf: Self.requestIDPrefix)
        HTTPHeaders.withBytes(framing.requestID) { out.append(contentsOf: $0) }
        out.append(0x0D)
        out.append(0x0A)
        for field in response.headers.fields {
            HTTPHeaders.withBytes(field.name) { name in
                HTTPHeaders.withBytes(field.value) { value in
                    guard Self.isWritable(name: name, value: value) else { return }
                    out.append(contentsOf: name)
                    out.append(UInt8(ascii: ":"))
                    out.append(UInt8(ascii: " "))
                    out.append(contentsOf: value)
                    out.append(0x0D)
                    out.append(0x0A)
                }
            }
        }
        let bodyless = status < 200 || status == 204 || status == 304
        if status != 204 && status >= 200 {
            out.append(contentsOf: Self.contentLengthPrefix)
            Self.appendDecimal(response.body.count, to: &out)
            out.append(0x0D)
            out.append(0x0A)
        }
        if framing.close {
            out.append(contentsOf: Self.closeLine)
        } else if framing.keepAliveHeader {
            out.append(contentsOf: Self.keepAliveLine)
        }
        out.append(0x0D)
        out.append(0x0A)
        if !bodyless && !framing.omitBody { out.append(contentsOf: response.body) }
    }

    /// Drops fields the server writes itself and any that would split the response.
    private static func isWritable(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> Bool {
        !isReserved(name) && name.allSatisfy(HTTPParser.isTokenByte)
            && !value.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
    }

    /// `Content-Length`, `Date`, `Server`, `X-Request-Id`, `Connection`, `Transfer-Encoding` (any case).
    private static func isReserved(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 4: HTTPHeaders.equalIgnoringCase(name, lowercased: "date")
        case 6: HTTPHeaders.equalIgnoringCase(name, lowercased: "server")
        case 10: HTTPHeaders.equalIgnoringCase(name, lowercased: "connection")
        case 12: HTTPHeaders.equalIgnoringCase(name, lowercased: "x-request-id")
        case 14: HTTPHeaders.equalIgnoringCase(name, lowercased: "content-length")
        case 17: HTTPHeaders.equalIgnoringCase(name, lowercased: "transfer-encoding")
        default: false
        }
    }

    /// Appends `value` (≥ 0) in decimal, without allocating.
    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(UInt8(truncatingIfNeeded: 0x30 + max(0, value)))
            return
        }
        var divisor = 10
        while divisor <= value / 10 { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(truncatingIfNeeded: 0x30 + rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// IMF-fixdate (RFC 9110 §5.6.7), recomputed once a second.
    private mutating func refreshDate() {
        var now = SystemWallClock.coarseEpochSeconds()
        guard now != dateSecond else { return }
        dateSecond = now
        var parts = tm()
        gmtime_r(&now, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let text = "Server: onespin\r\nDate: "
            + "\(days[Int(parts.tm_wday) % 7]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon) % 12]) "
            + "\(parts.tm_year + 1900) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
        serverAndDate = Array(text.utf8)
    }
}

import Foundation

/// A written record of requests sent to a real server and the bytes it answered, for the golden
/// file of `ContractTranscriptTests`.
///
/// Each answer is kept as it went over the wire (status line, every header in order, body),
/// except for what differs from run to run without meaning anything: the `Date` header, a
/// server-made `X-Request-Id`, `settledAt` stamps, and — only in answers marked `timed` (`/status`,
/// `/metrics`) — uptime, latencies, the store ping, open connections and so `Content-Length`.
/// Bearer tokens in requests are shown by their label, never by their bytes.
final class Transcript {
    /// A request, the bytes to send and how the transcript shows them.
    struct Request {
        var bytes: [UInt8]
        /// The `X-Request-Id` the request carries, which the answer may echo.
        var requestID: String?

        /// A `HEAD` request: its answer has a head only.
        var isHead: Bool { bytes.starts(with: Array("HEAD ".utf8)) }
    }

    private(set) var text = ""
    private var step = 0
    /// Token → label, so requests show `Bearer <alice>` instead of a token signed at run time.
    private var labels: [(token: String, label: String)] = []

    /// Names a secret so the transcript shows `label` in its place.
    func label(_ token: String, as label: String) {
        labels.append((token, label))
    }

    /// Starts a section.
    func section(_ title: String) {
        text += "\n==== \(title) ====\n"
    }

    /// A note between exchanges (what the test did outside HTTP, e.g. holding a key).
    func note(_ line: String) {
        text += "\n-- \(line)\n"
    }

    /// Sends `request` on `socket` and records it with the answer read back.
    /// - Parameters:
    ///   - timed: whether the answer carries timing figures to blank (`/status`, `/metrics`).
    ///   - title: what the step shows (by default the request line).
    @discardableResult
    func exchange(_ request: Request, on socket: LoopbackSocket, timed: Bool = false) -> String {
        socket.send(request.bytes)
        return record(request, answer: socket.readResponse(expectsBody: !request.isHead), timed: timed)
    }

    /// Records a request sent earlier and an answer read now (pipelining, slow clients).
    @discardableResult
    func record(_ request: Request?, answer: (bytes: [UInt8], closed: Bool), timed: Bool = false) -> String {
        step += 1
        text += "\n#\(step)\n"
        if let request { text += show(request.bytes, prefix: "> ") }
        let normalised = Self.normalise(String(decoding: answer.bytes, as: UTF8.self), echoed: request?.requestID, timed: timed)
        text += normalised.isEmpty ? "< (no answer)\n" : Self.prefixed(normalised, "< ")
        text += answer.closed ? "(connection closed)\n" : ""
        return normalised
    }

    private func show(_ bytes: [UInt8], prefix: String) -> String {
        var shown = bytes.count > 2048
            ? String(decoding: bytes[0..<512], as: UTF8.self) + "…(\(bytes.count) bytes in all)"
            : String(decoding: bytes, as: UTF8.self)
        for (token, label) in labels { shown = shown.replacingOccurrences(of: token, with: "<\(label)>") }
        return Self.prefixed(shown, prefix)
    }

    /// A message as lines with `prefix`: the head line by line (CRLF implied, a stray CR or LF
    /// shown as `\r` or `\n`), then the body split at its LFs, so a final LF shows as an empty last line.
    private static func prefixed(_ text: String, _ prefix: String) -> String {
        let escaped = { (line: Substring) in
            line.replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
        }
        var head = Substring(text)
        var body: Substring?
        if let blank = text.range(of: "\r\n\r\n") {
            head = text[..<blank.lowerBound]
            body = text[blank.upperBound...]
        }
        let mark = prefix.trimmingCharacters(in: .whitespaces)
        var result = ""
        for line in head.components(separatedBy: "\r\n") { result += prefix + escaped(Substring(line)) + "\n" }
        guard let body else { return result + "(head not terminated)\n" }
        result += mark + "\n"
        guard !body.isEmpty else { return result }
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            result += line.isEmpty ? mark + "\n" : prefix + line.replacingOccurrences(of: "\r", with: "\\r") + "\n"
        }
        return result
    }

    // MARK: normalising

    static func normalise(_ answer: String, echoed requestID: String?, timed: Bool) -> String {
        var lines = answer.components(separatedBy: "\r\n")
        var inHead = true
        for index in lines.indices where inHead {
            let line = lines[index]
            if line.isEmpty {
                inHead = false
                continue
            }
            let lower = line.lowercased()
            if lower.hasPrefix("date:") {
                lines[index] = "Date: <date>"
            } else if lower.hasPrefix("x-request-id:") {
                let value = line.dropFirst("x-request-id:".count).trimmingCharacters(in: .whitespaces)
                if value != requestID { lines[index] = "X-Request-Id: <request-id>" }
            } else if timed, lower.hasPrefix("content-length:") {
                lines[index] = "Content-Length: <n>"
            }
        }
        var text = lines.joined(separator: "\r\n")
        text = replace(#""settledAt":"[^"]*""#, in: text, with: #""settledAt":"<time>""#)
        if timed {
            // `count` of the latency window: requests of the last minute as last published (once a second).
            for key in ["uptimeSeconds", "pingMicros", "p50", "p90", "p99", "p999", "max", "count", "open"] {
                text = replace(#""\#(key)":[0-9]+"#, in: text, with: #""\#(key)":<n>"#)
            }
            // Prometheus: the value of every timing series (durations — their counts too, published
            // once a second like the window —, uptime, ping, open connections).
            text = replace(
                #"(?m)^(onespin_(request_duration[a-z_]*|uptime_seconds|store_ping_seconds|connections_open)(\{[^}]*\})?) [0-9.e+-]+$"#,
                in: text, with: "$1 <n>")
        }
        return text
    }

    private static func replace(_ pattern: String, in text: String, with template: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return text }
        return regex.stringByReplacingMatches(
            in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}

extension Transcript.Request {
    /// An HTTP/1.1 request: `Host`, then `authorization` (a full header value), then `headers` in
    /// order; with a body, `Content-Type: application/json` (unless `contentType` says otherwise,
    /// or nil to leave it out) and `Content-Length`.
    static func http(
        _ method: String, _ target: String, authorization: String? = nil, headers: [(String, String)] = [],
        body: String? = nil, contentType: String? = "application/json", version: String = "HTTP/1.1"
    ) -> Transcript.Request {
        var head = "\(method) \(target) \(version)\r\nHost: onespin.test\r\n"
        if let authorization { head += "Authorization: \(authorization)\r\n" }
        var requestID: String?
        for (name, value) in headers {
            head += "\(name): \(value)\r\n"
            if name.lowercased() == "x-request-id" { requestID = value }
        }
        if let body {
            if let contentType { head += "Content-Type: \(contentType)\r\n" }
            head += "Content-Length: \(body.utf8.count)\r\n"
        }
        head += "\r\n"
        return Transcript.Request(bytes: Array((head + (body ?? "")).utf8), requestID: requestID)
    }

    /// Bytes exactly as given (malformed requests).
    static func raw(_ text: String) -> Transcript.Request {
        Transcript.Request(bytes: Array(text.utf8), requestID: nil)
    }
}

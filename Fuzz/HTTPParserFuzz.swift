import HTTP

// libFuzzer target for HTTPParser. The first input byte picks the limits and where to split the
// rest; the remaining bytes are the stream a client sent.
//
// Properties checked on every input:
// - the outcomes are the same fed whole, split in two at an input-chosen offset, and (for short
//   inputs) byte by byte;
// - at most one failure, always the last outcome, with one of the parser's statuses;
// - every request respects the limits, has a token method, a visible-ASCII target and a request id
//   that is safe to echo in a response header (1–128 visible ASCII bytes).

/// A parse outcome without the randomly generated request ids.
private enum Outcome: Equatable {
    case request(method: String, target: String, version: HTTPVersion, headers: [String], body: [UInt8], keepAlive: Bool, clientID: String?)
    case failure(status: Int, code: String)

    init(_ result: HTTPParser.Result) {
        switch result {
        case .request(let r):
            let sent = r.headers["X-Request-Id"]
            self = .request(
                method: r.method, target: r.target, version: r.version,
                headers: r.headers.map { "\($0.name): \($0.value)" }, body: r.body, keepAlive: r.keepAlive,
                clientID: r.requestID == sent ? sent : nil
            )
        case .failure(let e):
            self = .failure(status: e.status, code: e.code)
        }
    }
}

private func parse(_ chunks: [ArraySlice<UInt8>], limits: HTTPLimits) -> [Outcome] {
    var parser = HTTPParser(limits: limits)
    var outcomes: [Outcome] = []
    for chunk in chunks {
        parser.append(chunk)
        while let result = parser.next() {
            check(result, limits: limits)
            outcomes.append(Outcome(result))
        }
    }
    return outcomes
}

private func check(_ result: HTTPParser.Result, limits: HTTPLimits) {
    switch result {
    case .request(let r):
        if r.body.count > limits.maxBodyBytes { fatalError("body of \(r.body.count) bytes passed the limit") }
        if r.headers.count > limits.maxHeaderCount { fatalError("\(r.headers.count) header fields passed the limit") }
        if r.method.isEmpty || r.method.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) { fatalError("bad method \(r.method)") }
        if r.target.isEmpty || r.target.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) { fatalError("bad target") }
        let id = r.requestID.utf8
        if id.isEmpty || id.count > 128 || id.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) {
            fatalError("request id unsafe to echo: \(Array(id))")
        }
        for field in r.headers where field.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
            fatalError("header value holds CR, LF or NUL")
        }
    case .failure(let e):
        if ![400, 413, 414, 431, 501, 505].contains(e.status) { fatalError("unexpected status \(e.status)") }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let all = UnsafeBufferPointer(start: data, count: size)
    let control = Int(all[0])
    let input = Array(all.dropFirst())
    var limits = HTTPLimits()
    if control & 1 == 1 {
        limits.maxRequestLineBytes = 64
        limits.maxHeaderBytes = 128
        limits.maxHeaderCount = 4
        limits.maxBodyBytes = 32
    }
    let whole = parse([input[...]], limits: limits)
    if let index = whole.firstIndex(where: { if case .failure = $0 { true } else { false } }), index != whole.count - 1 {
        fatalError("outcomes after a failure")
    }
    let split = input.isEmpty ? 0 : (control >> 1) * 131 % (input.count + 1)
    let halves = parse([input[..<split], input[split...]], limits: limits)
    if halves != whole { fatalError("split at \(split) gives \(halves), whole gives \(whole)") }
    if input.count <= 512 {
        let bytes = parse(input.indices.map { input[$0...$0] }, limits: limits)
        if bytes != whole { fatalError("byte by byte gives \(bytes), whole gives \(whole)") }
    }
    return 0
}

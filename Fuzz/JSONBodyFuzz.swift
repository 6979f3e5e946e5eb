import JSON
import Spin

// libFuzzer target for the JSON request bodies: `JSONValue.parse`, `SpinRequestBody.parse`, the
// admin bodies (credit, tickets, boost) and `SpinID.parse(header:)`, all fed the same bytes.
//
// Properties checked on every input:
// - a parsed JSON value written back with `JSONWriter` parses to the same value, and writing is stable;
// - an accepted spin body has a game, a bet unless `free`, and re-encoded parses to the same body
//   with the same fingerprint;
// - an accepted ticket count is in 1…1,000,000; an accepted boost instant formats and parses back;
// - an accepted Idempotency-Key is 1–255 visible ASCII bytes and, quoted again, parses to itself.

private func write(_ value: JSONValue, to writer: inout JSONWriter) {
    switch value {
    case .null: writer.null()
    case .bool(let flag): writer.bool(flag)
    case .integer(let number): writer.int(number)
    case .number(let text): writer.raw(text)
    case .string(let text): writer.string(text)
    case .array(let elements):
        writer.raw("[")
        for (index, element) in elements.enumerated() {
            if index > 0 { writer.raw(",") }
            write(element, to: &writer)
        }
        writer.raw("]")
    case .object(let members):
        writer.raw("{")
        for (index, member) in members.enumerated() {
            if index > 0 { writer.raw(",") }
            writer.string(member.key)
            writer.raw(":")
            write(member.value, to: &writer)
        }
        writer.raw("}")
    }
}

private func encoded(_ value: JSONValue) -> [UInt8] {
    var writer = JSONWriter()
    write(value, to: &writer)
    return writer.bytes
}

private func checkJSON(_ input: [UInt8]) {
    guard let value = try? JSONValue.parse(input) else { return }
    let text = encoded(value)
    let again: JSONValue
    do {
        again = try JSONValue.parse(text)
    } catch {
        fatalError("written JSON does not parse: \(error) in \(String(decoding: text, as: UTF8.self))")
    }
    if again != value { fatalError("JSON round trip changed the value: \(value) became \(again)") }
    if encoded(again) != text { fatalError("writing JSON is not stable") }
}

private func checkSpinBody(_ input: [UInt8]) {
    guard let body = try? SpinRequestBody.parse(input) else { return }
    if body.game.isEmpty { fatalError("accepted an empty game") }
    if body.bet == nil, body.kind != .free { fatalError("accepted a \(body.kind) spin without a bet") }
    var writer = JSONWriter()
    writer.raw("{\"game\":")
    writer.string(body.game)
    if let bet = body.bet {
        writer.raw(",\"bet\":")
        writer.int(bet)
    }
    writer.raw(",\"kind\":")
    writer.string(body.kind.rawValue)
    writer.raw("}")
    guard let again = try? SpinRequestBody.parse(writer.bytes) else { fatalError("re-encoded spin body refused") }
    if again != body || again.fingerprint != body.fingerprint { fatalError("spin body round trip changed it") }
}

private func checkAdminBodies(_ input: [UInt8]) {
    _ = try? AdminBodies.credit(input)
    if let tickets = try? AdminBodies.tickets(input), !(1...1_000_000).contains(tickets.count) {
        fatalError("accepted a ticket count of \(tickets.count)")
    }
    if let millis = try? AdminBodies.boost(input) {
        let text = Timestamp.format(millis: millis)
        if Timestamp.parse(text) != millis { fatalError("boost instant \(millis) formats as \(text), which parses differently") }
    }
}

private func checkSpinID(_ input: [UInt8]) {
    let header = String(decoding: input, as: UTF8.self)
    guard let id = try? SpinID.parse(header: header) else { return }
    let bytes = Array(id.value.utf8)
    if bytes.isEmpty || bytes.count > SpinID.maxLength || bytes.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) {
        fatalError("accepted an Idempotency-Key that is not 1–255 visible ASCII bytes: \(bytes)")
    }
    var quoted = "\""
    for character in id.value {
        if character == "\"" || character == "\\" { quoted.append("\\") }
        quoted.append(character)
    }
    quoted.append("\"")
    guard let again = try? SpinID.parse(header: quoted), again == id else {
        fatalError("Idempotency-Key \(id.value) quoted as \(quoted) does not parse to itself")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    checkJSON(input)
    checkSpinBody(input)
    checkAdminBodies(input)
    checkSpinID(input)
    return 0
}

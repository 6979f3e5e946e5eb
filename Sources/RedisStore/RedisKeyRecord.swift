import Redis
package import Spin

/// The idempotency-key record: one Redis string, so that the claim can take it — or read the answer
/// already stored under it — with a single plain `SET … NX GET PX` and no script (a replay costs Redis
/// one command; see `RedisSpinStore.claim`).
///
/// Layout, fields separated by `\n` (a fingerprint is hex, a token hex and `-`, a status digits; the
/// body is last and may hold anything):
/// - pending: `p\n<fingerprint>\n<lock token>` — the spin is being played by the lock's holder;
/// - done: `d\n<fingerprint>\n<status>\n<body>` — the stored answer, replayed byte for byte.
///
/// Records written before this layout were hashes (`state`, `fp`, `owner`, `status`, `body`); the
/// store still answers those (`init(legacyFields:)`) until they expire.
package enum RedisKeyRecord: Equatable {
    case pending(fingerprint: String)
    case done(StoredResponse, fingerprint: String)

    private static let separator = UInt8(ascii: "\n")

    /// The bytes of a pending record owned by `token`.
    package static func pendingBytes(fingerprint: String, token: String) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "p"), separator]
        bytes.reserveCapacity(fingerprint.utf8.count + token.utf8.count + 3)
        bytes.append(contentsOf: fingerprint.utf8)
        bytes.append(separator)
        bytes.append(contentsOf: token.utf8)
        return bytes
    }

    /// The bytes of a done record answering `response`.
    package static func doneBytes(fingerprint: String, response: StoredResponse) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "d"), separator]
        bytes.reserveCapacity(fingerprint.utf8.count + response.body.count + 8)
        bytes.append(contentsOf: fingerprint.utf8)
        bytes.append(separator)
        bytes.append(contentsOf: String(response.status).utf8)
        bytes.append(separator)
        bytes.append(contentsOf: response.body)
        return bytes
    }

    /// Reads a stored record; `nil` for anything that is not one this store writes (a corrupt or
    /// hostile value), including a done record whose status or body could not be replayed.
    package init?(bytes: [UInt8]) {
        guard bytes.count >= 2, bytes[1] == Self.separator else { return nil }
        let rest = bytes[2...]
        switch bytes[0] {
        case UInt8(ascii: "p"):
            guard let end = rest.firstIndex(of: Self.separator),
                  let fingerprint = String(validating: rest[..<end], as: UTF8.self) else { return nil }
            self = .pending(fingerprint: fingerprint)
        case UInt8(ascii: "d"):
            guard let fingerprintEnd = rest.firstIndex(of: Self.separator),
                  let statusEnd = rest[(fingerprintEnd + 1)...].firstIndex(of: Self.separator),
                  let fingerprint = String(validating: rest[..<fingerprintEnd], as: UTF8.self),
                  let status = String(validating: rest[(fingerprintEnd + 1)..<statusEnd], as: UTF8.self),
                  let response = StoredResponse(validating: status, body: Array(rest[(statusEnd + 1)...])) else { return nil }
            self = .done(response, fingerprint: fingerprint)
        default:
            return nil
        }
    }

    /// What `HMGET state fp status body` found under a key of the earlier hash layout.
    enum Legacy: Equatable {
        /// No hash (it expired after the `WRONGTYPE`).
        case absent
        case record(RedisKeyRecord)
        /// A hash that is neither a pending nor a replayable done record.
        case corrupt
    }

    static func legacy(_ reply: RedisValue) -> Legacy {
        guard let values = reply.array, values.count == 4 else { return .corrupt }
        if values.allSatisfy(\.isNull) { return .absent }
        let fingerprint = values[1].string ?? ""
        switch values[0].string {
        case RedisSpinFields.Record.pending?:
            return .record(.pending(fingerprint: fingerprint))
        case RedisSpinFields.Record.done?:
            guard let status = values[2].string, let body = values[3].bytes,
                  let response = StoredResponse(validating: status, body: body) else { return .corrupt }
            return .record(.done(response, fingerprint: fingerprint))
        default:
            return .corrupt
        }
    }
}

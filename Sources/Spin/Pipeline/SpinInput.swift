/// A spin request as it arrives: the authenticated player, the raw key header and the raw body.
package struct SpinInput: Sendable {
    package var player: PlayerID
    /// The `Idempotency-Key` header value, `nil` when absent.
    package var idempotencyKey: String?
    /// The request body bytes.
    package var body: [UInt8]

    package init(player: PlayerID, idempotencyKey: String?, body: [UInt8]) {
        self.player = player
        self.idempotencyKey = idempotencyKey
        self.body = body
    }
}

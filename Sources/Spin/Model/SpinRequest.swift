/// A validated spin request: who, which key, what body, and the body's fingerprint.
package struct SpinRequest: Sendable, Hashable {
    package var player: PlayerID
    package var spinId: SpinID
    package var body: SpinRequestBody
    /// SHA-256 hex of the body's canonical form.
    package var fingerprint: String

    package init(player: PlayerID, spinId: SpinID, body: SpinRequestBody) {
        self.player = player
        self.spinId = spinId
        self.body = body
        self.fingerprint = body.fingerprint
    }
}

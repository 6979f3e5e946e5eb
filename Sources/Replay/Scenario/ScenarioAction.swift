import JSON

/// One client action of a scenario: a spin request and how the client's network sends it.
package struct ScenarioAction: Sendable, Hashable {
    /// How the request travels.
    package enum Send: String, Sendable, Hashable, CaseIterable {
        /// Sent once (retried with the same key only after a retryable answer).
        case once
        /// Sent, then resent `copies` more times one after another.
        case resend
        /// `copies` identical requests at the same time on separate connections.
        case concurrent
        /// Sent, given up after `timeoutMs` (the socket closed unread), then resent with the same key.
        case timeout
    }

    package var player: String
    /// The idempotency key (the spin's id).
    package var spin: String
    package var game: String
    package var bet: Int
    /// `normal`, `buy_feature`, `ticket` or `free`.
    package var kind: String
    package var send: Send
    /// Resends for `resend`, simultaneous copies for `concurrent`; 1 otherwise.
    package var copies: Int
    /// How long a `timeout` send waits before giving up, milliseconds.
    package var timeoutMs: Int

    package init(
        player: String, spin: String, game: String, bet: Int, kind: String = "normal",
        send: Send = .once, copies: Int = 1, timeoutMs: Int = 0
    ) {
        self.player = player
        self.spin = spin
        self.game = game
        self.bet = bet
        self.kind = kind
        self.send = send
        self.copies = copies
        self.timeoutMs = timeoutMs
    }

    /// The `POST /v1/spins` body: identical bytes for every send of this key.
    package var requestBody: [UInt8] {
        var text = "{\"game\":"
        text += JSONWriter.quoted(game)
        text += ",\"bet\":\(bet),\"kind\":"
        text += JSONWriter.quoted(kind)
        text += "}"
        return Array(text.utf8)
    }

    /// The action as one scenario line (no newline).
    package var line: String {
        var text = "{\"player\":"
        text += JSONWriter.quoted(player)
        text += ",\"spin\":"
        text += JSONWriter.quoted(spin)
        text += ",\"game\":"
        text += JSONWriter.quoted(game)
        text += ",\"bet\":\(bet),\"kind\":"
        text += JSONWriter.quoted(kind)
        text += ",\"send\":\"\(send.rawValue)\""
        if send == .resend || send == .concurrent { text += ",\"copies\":\(copies)" }
        if send == .timeout { text += ",\"timeoutMs\":\(timeoutMs)" }
        return text + "}"
    }
}

/// The optional first line of a scenario: `{"scenario":1,"players":N,"initialCredit":C,"seed":S}`.
package struct ScenarioHeader: Sendable, Hashable {
    package static let version = 1
    package var players: Int
    /// What each player is credited before the run, minor units.
    package var initialCredit: Int
    package var seed: UInt64

    package init(players: Int, initialCredit: Int, seed: UInt64) {
        self.players = players
        self.initialCredit = initialCredit
        self.seed = seed
    }

    package var line: String {
        "{\"scenario\":\(Self.version),\"players\":\(players),\"initialCredit\":\(initialCredit),\"seed\":\(seed)}"
    }
}

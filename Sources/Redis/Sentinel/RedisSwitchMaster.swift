/// A `+switch-master` message a Sentinel pushes to its subscribers after a failover:
/// `<master-name> <old-ip> <old-port> <new-ip> <new-port>` on the channel `+switch-master`.
struct RedisSwitchMaster: Hashable, Sendable {
    /// The channel Sentinel publishes failovers on.
    static let channel = "+switch-master"

    /// The master's name in the Sentinels' configuration.
    let masterName: String
    /// Where the master was.
    let old: RedisEndpoint
    /// Where the master is now (the host as the Sentinel wrote it; not resolved).
    let new: RedisEndpoint

    /// Reads a pushed `message` reply (`["message", "+switch-master", text]`); `nil` for any other
    /// reply (the subscription's confirmation, another channel, a malformed text).
    init?(_ reply: RedisValue) {
        guard let parts = reply.array, parts.count == 3, parts[0].string == "message", parts[1].string == Self.channel,
              let text = parts[2].string else { return nil }
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count == 5, !words[0].isEmpty, let old = Self.endpoint(words[1], words[2]),
              let new = Self.endpoint(words[3], words[4]) else { return nil }
        masterName = String(words[0])
        self.old = old
        self.new = new
    }

    /// The new master's address (resolved off the event loops) when the message is about `name`.
    func newMaster(of name: String) -> RedisEndpoint? {
        guard masterName == name else { return nil }
        return RedisEndpoint(host: RedisHostResolver.numericHost(new.host), port: new.port)
    }

    private static func endpoint(_ host: Substring, _ port: Substring) -> RedisEndpoint? {
        guard !host.isEmpty, let number = Int(port), (1...65_535).contains(number) else { return nil }
        return RedisEndpoint(host: String(host), port: number)
    }
}

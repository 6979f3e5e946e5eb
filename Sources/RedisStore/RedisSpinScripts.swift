package import Redis

private typealias W = RedisSpinFields.Wallet
private typealias R = RedisSpinFields.Round
private typealias E = RedisSpinFields.Event
private typealias G = RedisSpinFields.CommitGroup

/// The Lua scripts of the Redis store. Every key a script touches carries the hash tag of the
/// player's partition, the events stream included (`RedisSpinKeys`), so each runs in one cluster slot.
/// Hash field names come from `RedisSpinFields`, spliced into the text.
package enum RedisSpinScripts {
    /// KEYS: record, lock, wallet, round, history, events.
    /// ARGV: 1 lock token, 2 expected version, 3 balance, 4 the done record (`RedisKeyRecord`), 5 body,
    /// 6 key TTL ms, 7 the next version, 8 `1` when the claim read a round (so a round that ends is
    /// deleted), then named groups, each its name followed by its values (see `RedisCommitArguments`):
    /// `ticket` game count (a changed ticket count; 0 deletes), `round` game bet left total mult win
    /// (absent: no round remains), `event` history-keep history-trim-at history-TTL-s events-max-length
    /// spin player game kind bet debit win balance (absent for a stored error: no history, no event).
    /// Writes only what changed: the wallet's balance, version, round marker and changed tickets in one
    /// `HSET`, the record in one `SET … PX`; the history is trimmed once it has grown past trim-at.
    package static let commit = RedisScript("""
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
        if redis.call('HGET', KEYS[3], '\(W.version)') ~= ARGV[2] then return 0 end
        local set = {'\(W.balance)', ARGV[3], '\(W.version)', ARGV[7], '\(W.round)', '0'}
        local gone = {}
        local round, event = nil, nil
        local i = 9
        while i <= #ARGV do
          local group = ARGV[i]
          if group == '\(G.ticket)' then
            if ARGV[i + 2] == '0' then gone[#gone + 1] = '\(W.ticketPrefix)' .. ARGV[i + 1]
            else set[#set + 1] = '\(W.ticketPrefix)' .. ARGV[i + 1]; set[#set + 1] = ARGV[i + 2] end
            i = i + 3
          elseif group == '\(G.round)' then round = i; set[6] = '1'; i = i + 7
          elseif group == '\(G.event)' then event = i; i = i + 13
          else return redis.error_reply('ERR commit: unknown argument group') end
        end
        redis.call('HSET', KEYS[3], unpack(set))
        if #gone > 0 then redis.call('HDEL', KEYS[3], unpack(gone)) end
        if round then
          redis.call('HSET', KEYS[4], '\(R.game)', ARGV[round + 1], '\(R.bet)', ARGV[round + 2], '\(R.left)', ARGV[round + 3],
            '\(R.total)', ARGV[round + 4], '\(R.multiplier)', ARGV[round + 5], '\(R.win)', ARGV[round + 6])
        elseif ARGV[8] == '1' then
          redis.call('DEL', KEYS[4])
        end
        redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[6])
        if event then
          if redis.call('LPUSH', KEYS[5], ARGV[5]) > tonumber(ARGV[event + 2]) then
            redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[event + 1]) - 1)
          end
          redis.call('EXPIRE', KEYS[5], ARGV[event + 3])
          redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[event + 4], '*', '\(E.spin)', ARGV[event + 5], '\(E.player)', ARGV[event + 6],
            '\(E.game)', ARGV[event + 7], '\(E.kind)', ARGV[event + 8], '\(E.bet)', ARGV[event + 9], '\(E.debit)', ARGV[event + 10],
            '\(E.win)', ARGV[event + 11], '\(E.balance)', ARGV[event + 12])
        end
        redis.call('DEL', KEYS[2])
        return 1
        """)

    /// KEYS: record, lock. ARGV: lock token. Drops our pending record (a string `p\n<fp>\n<token>`)
    /// and our lock; a record of another owner, a done one or a hash of the earlier layout stays.
    package static let abandon = RedisScript("""
        local record = redis.pcall('GET', KEYS[1])
        local mine = '\\n' .. ARGV[1]
        if type(record) == 'string' and string.sub(record, 1, 2) == 'p\\n' and string.sub(record, -#mine) == mine then
          redis.call('DEL', KEYS[1])
        end
        if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
        return 1
        """)

    /// KEYS: credit record, wallet, round. ARGV: fingerprint, amount, key TTL ms, balance limit, the
    /// wallet version the caller read and validated (empty: no wallet).
    /// Returns {'reused'} | {'changed'} (not a replay, and the wallet's version is not the one read:
    /// nothing written) | {outcome, replayed, balance-before, wallet fields, round fields} where
    /// outcome is 'ok', 'nsf' (below zero) or 'limit' (above the balance limit). Only 'ok' creates
    /// a missing wallet (a refused credit changes no wallet; its record is kept). A stored balance
    /// that is not a whole number in 0…limit, or a version that is not a whole number, is an error
    /// reply, checked before anything is written. The outcome and the wallet right after it are kept in the record,
    /// so a replay answers the same bytes.
    package static let credit = RedisScript("""
        if redis.call('EXISTS', KEYS[1]) == 1 then
          if redis.call('HGET', KEYS[1], 'fp') ~= ARGV[1] then return {'reused'} end
          local outcome = redis.call('HGET', KEYS[1], 'outcome')
          return {outcome, '1', redis.call('HGET', KEYS[1], 'balance'), cjson.decode(redis.call('HGET', KEYS[1], 'wallet')),
            cjson.decode(redis.call('HGET', KEYS[1], 'round'))}
        end
        if (redis.call('HGET', KEYS[2], '\(W.version)') or '') ~= ARGV[5] then return {'changed'} end
        local exists = redis.call('EXISTS', KEYS[2]) == 1
        local balance = 0
        if exists then
          balance = tonumber(redis.call('HGET', KEYS[2], '\(W.balance)'))
          if not balance or balance < 0 or balance > tonumber(ARGV[4]) or balance ~= math.floor(balance) then
            return redis.error_reply('onespin: stored wallet balance is not a whole number in 0...limit')
          end
          if not string.match(redis.call('HGET', KEYS[2], '\(W.version)') or '', '^%d+$') then
            return redis.error_reply('onespin: stored wallet version is not a whole number')
          end
        end
        local amount = tonumber(ARGV[2])
        local outcome = 'ok'
        if balance + amount < 0 then
          outcome = 'nsf'
        elseif balance + amount > tonumber(ARGV[4]) then
          outcome = 'limit'
        else
          if not exists then redis.call('HSET', KEYS[2], '\(W.version)', '0') end
          redis.call('HSET', KEYS[2], '\(W.balance)', string.format('%d', balance + amount))
          redis.call('HINCRBY', KEYS[2], '\(W.version)', 1)
        end
        local wallet = redis.call('HGETALL', KEYS[2])
        local round = redis.call('HGETALL', KEYS[3])
        redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'outcome', outcome, 'balance', string.format('%d', balance),
          'wallet', cjson.encode(wallet), 'round', cjson.encode(round))
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return {outcome, '0', string.format('%d', balance), wallet, round}
        """)

    /// KEYS: wallet, round. ARGV: field, operation ('incr', 'set', 'del'), value, limit (for 'incr'),
    /// the wallet version the caller read and validated.
    /// Changes one wallet field, bumps its version; returns {wallet, round}, {} (no wallet), {'changed'}
    /// (nothing written) when the version is no longer the one read, or
    /// {'limit', current} (nothing written) when an 'incr' would pass the limit.
    package static let updateWallet = RedisScript("""
        local version = redis.call('HGET', KEYS[1], '\(W.version)')
        if not version then return {} end
        if version ~= ARGV[5] then return {'changed'} end
        if ARGV[2] == 'incr' then
          local current = redis.call('HGET', KEYS[1], ARGV[1]) or '0'
          if not string.match(current, '^%d+$') then return redis.error_reply('onespin: stored count is not a whole number') end
          if tonumber(current) + tonumber(ARGV[3]) > tonumber(ARGV[4]) then return {'limit', current} end
        end
        if ARGV[2] == 'incr' then redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[3])
        elseif ARGV[2] == 'set' then redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        else redis.call('HDEL', KEYS[1], ARGV[1]) end
        redis.call('HINCRBY', KEYS[1], '\(W.version)', 1)
        return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2])}
        """)
}

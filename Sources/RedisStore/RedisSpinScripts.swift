package import Redis

/// The Lua scripts of the Redis store. Every key a script touches carries the hash tag of the
/// player's partition, the events stream included (`RedisSpinKeys`), so each runs in one cluster slot.
///
/// Wallet hash fields: `balance`, `version`, `t:<game>` (tickets), `boost` (epoch ms).
/// Round hash fields: `game`, `bet`, `left`, `total`, `mult`, `win`.
/// Key record hash fields: `state` (`pending`/`done`), `fp`, `owner` (lock token while pending),
/// `status`, `body`.
package enum RedisSpinScripts {
    /// KEYS: record, lock, wallet, round. ARGV: fingerprint, lock token, pending lease ms, lock lease ms.
    package static let claim = RedisScript("""
        local record = redis.call('HMGET', KEYS[1], 'state', 'fp', 'status', 'body')
        if record[1] == 'done' then return {'replay', record[2], record[3], record[4]} end
        if record[1] == 'pending' then return {'pending', record[2]} end
        if redis.call('EXISTS', KEYS[3]) == 0 then return {'unknown'} end
        if not redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[4]) then return {'busy'} end
        redis.call('HSET', KEYS[1], 'state', 'pending', 'fp', ARGV[1], 'owner', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return {'claimed', redis.call('HGETALL', KEYS[3]), redis.call('HGETALL', KEYS[4])}
        """)

    /// KEYS: record, lock, wallet, round, history, events.
    /// ARGV: 1 lock token, 2 expected version, 3 balance, 4 status, 5 body, 6 fingerprint, 7 key TTL ms,
    /// 8 round? ('1'/'0'), 9–14 round game, bet, left, total, mult, win, 15 history length,
    /// 16 history TTL s, 17 events max length, 18 event? ('1'/'0'), 19–26 event spin, player, game,
    /// kind, bet, debit, win, balance, 27 ticket count n, then n pairs game, count.
    package static let commit = RedisScript("""
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
        if redis.call('HGET', KEYS[3], 'version') ~= ARGV[2] then return 0 end
        redis.call('HSET', KEYS[3], 'balance', ARGV[3])
        local fields = redis.call('HKEYS', KEYS[3])
        for _, field in ipairs(fields) do
          if string.sub(field, 1, 2) == 't:' then redis.call('HDEL', KEYS[3], field) end
        end
        local tickets = tonumber(ARGV[27])
        for i = 1, tickets do redis.call('HSET', KEYS[3], 't:' .. ARGV[26 + 2 * i], ARGV[27 + 2 * i]) end
        redis.call('HINCRBY', KEYS[3], 'version', 1)
        if ARGV[8] == '1' then
          redis.call('HSET', KEYS[4], 'game', ARGV[9], 'bet', ARGV[10], 'left', ARGV[11], 'total', ARGV[12], 'mult', ARGV[13], 'win', ARGV[14])
        else
          redis.call('DEL', KEYS[4])
        end
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], 'state', 'done', 'fp', ARGV[6], 'status', ARGV[4], 'body', ARGV[5])
        redis.call('PEXPIRE', KEYS[1], ARGV[7])
        if ARGV[18] == '1' then
          redis.call('LPUSH', KEYS[5], ARGV[5])
          redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[15]) - 1)
          redis.call('EXPIRE', KEYS[5], ARGV[16])
          redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[17], '*', 'spin', ARGV[19], 'player', ARGV[20], 'game', ARGV[21],
            'kind', ARGV[22], 'bet', ARGV[23], 'debit', ARGV[24], 'win', ARGV[25], 'balance', ARGV[26])
        end
        redis.call('DEL', KEYS[2])
        return 1
        """)

    /// KEYS: record, lock. ARGV: lock token. Drops our pending record and our lock.
    package static let abandon = RedisScript("""
        if redis.call('HGET', KEYS[1], 'state') == 'pending' and redis.call('HGET', KEYS[1], 'owner') == ARGV[1] then
          redis.call('DEL', KEYS[1])
        end
        if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
        return 1
        """)

    /// KEYS: credit record, wallet, round. ARGV: fingerprint, amount, key TTL ms, balance limit.
    /// Returns {'reused'} | {outcome, replayed, balance-before, wallet fields, round fields} where
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
        local exists = redis.call('EXISTS', KEYS[2]) == 1
        local balance = 0
        if exists then
          balance = tonumber(redis.call('HGET', KEYS[2], 'balance'))
          if not balance or balance < 0 or balance > tonumber(ARGV[4]) or balance ~= math.floor(balance) then
            return redis.error_reply('onespin: stored wallet balance is not a whole number in 0...limit')
          end
          if not string.match(redis.call('HGET', KEYS[2], 'version') or '', '^%d+$') then
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
          if not exists then redis.call('HSET', KEYS[2], 'version', '0') end
          redis.call('HSET', KEYS[2], 'balance', string.format('%d', balance + amount))
          redis.call('HINCRBY', KEYS[2], 'version', 1)
        end
        local wallet = redis.call('HGETALL', KEYS[2])
        local round = redis.call('HGETALL', KEYS[3])
        redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'outcome', outcome, 'balance', string.format('%d', balance),
          'wallet', cjson.encode(wallet), 'round', cjson.encode(round))
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return {outcome, '0', string.format('%d', balance), wallet, round}
        """)

    /// KEYS: wallet, round. ARGV: field, operation ('incr', 'set', 'del'), value, limit (for 'incr').
    /// Changes one wallet field of an existing wallet, bumps its version; returns {wallet, round} or {},
    /// or {'limit', current} (nothing changed) when an 'incr' would pass the limit.
    package static let updateWallet = RedisScript("""
        if redis.call('EXISTS', KEYS[1]) == 0 then return {} end
        if ARGV[2] == 'incr' then
          local current = redis.call('HGET', KEYS[1], ARGV[1]) or '0'
          if not string.match(current, '^%d+$') then return redis.error_reply('onespin: stored count is not a whole number') end
          if tonumber(current) + tonumber(ARGV[3]) > tonumber(ARGV[4]) then return {'limit', current} end
        end
        if ARGV[2] == 'incr' then redis.call('HINCRBY', KEYS[1], ARGV[1], ARGV[3])
        elseif ARGV[2] == 'set' then redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        else redis.call('HDEL', KEYS[1], ARGV[1]) end
        redis.call('HINCRBY', KEYS[1], 'version', 1)
        return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2])}
        """)

    /// KEYS: wallet, round. Returns {wallet, round} in one round trip.
    package static let readWallet = RedisScript("""
        return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2])}
        """)
}

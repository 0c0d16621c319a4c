import SkillHubRedis

/// The token bucket, as one Lua script run atomically in Redis on Redis's own clock (`TIME`), so
/// every instance spends from the same bucket whatever its own clock says.
///
/// `KEYS[1]` is the bucket (a hash: `tokens`, `at` in milliseconds); `ARGV` are its size, the
/// tokens regained a second, and the mode: `take` spends a token when there is one, `peek` only
/// looks, `drain` spends one even to zero (a failed authentication). It answers
/// `{allowed, remaining, retry_after_ms, reset_ms}`: allowed is 1 when a token was (or, for
/// `peek`, is) there; retry_after_ms is how long until the next token, reset_ms until the
/// bucket is full again. The key expires once the bucket would be full anyway.
enum TokenBucketScript {
    static let script = RedisScript(
        """
        local size = tonumber(ARGV[1])
        local rate = tonumber(ARGV[2])
        local mode = ARGV[3]
        local clock = redis.call('TIME')
        local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
        local held = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(held[1])
        local at = tonumber(held[2])
        if tokens == nil or at == nil then
          tokens = size
          at = now
        end
        if now > at then
          tokens = math.min(size, tokens + (now - at) * rate / 1000)
        end
        local allowed = 0
        if tokens >= 1 then allowed = 1 end
        if mode == 'take' and allowed == 1 then
          tokens = tokens - 1
        elseif mode == 'drain' then
          tokens = math.max(0, tokens - 1)
          if tokens < 1 then allowed = 0 end
        end
        if mode ~= 'peek' then
          redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
          redis.call('PEXPIRE', KEYS[1], math.ceil((size - tokens) * 1000 / rate) + 1000)
        end
        local wait = 0
        if tokens < 1 then wait = math.ceil((1 - tokens) * 1000 / rate) end
        local full = math.ceil((size - tokens) * 1000 / rate)
        return {allowed, math.floor(tokens), wait, full}
        """
    )
}

/**
 * One atomic update of a render hash: a status guard, field writes, the status indexes and the
 * expiry index, then a PUBLISH of the whole hash for live listeners (SSE). Done in Lua so that a
 * cancel from the API and a transition from a worker can never interleave half-way.
 *
 * ARGV[1] is JSON: {from: string[], status?: string, set: {field: value}, del: string[],
 *   incr: {field: n}, idxPrefix: string, channel: string, expiry?: {key, at},
 *   monotonicProgress?: true (keep a stored progress whose .progress is higher than the new one)}
 * Returns {1, previousStatus} when applied, {0, currentStatus or ''} when the guard refused.
 */
export const UPDATE_RENDER_LUA = `
local op = cjson.decode(ARGV[1])
local key = KEYS[1]
local current = redis.call('HGET', key, 'status')
if not current then return {0, ''} end
if #op.from > 0 then
  local allowed = false
  for _, s in ipairs(op.from) do if s == current then allowed = true end end
  if not allowed then return {0, current} end
end
if op.monotonicProgress and op.set.progress then
  local stored = redis.call('HGET', key, 'progress')
  if stored then
    local old, new = cjson.decode(stored), cjson.decode(op.set.progress)
    if type(old.progress) == 'number' and type(new.progress) == 'number' and old.progress > new.progress then op.set.progress = nil end
  end
end
for field, value in pairs(op.set) do redis.call('HSET', key, field, value) end
for _, field in ipairs(op.del) do redis.call('HDEL', key, field) end
for field, n in pairs(op.incr) do redis.call('HINCRBY', key, field, n) end
local id = redis.call('HGET', key, 'id')
if op.status and op.status ~= current then
  redis.call('HSET', key, 'status', op.status)
  redis.call('ZREM', op.idxPrefix .. current, id)
  redis.call('ZADD', op.idxPrefix .. op.status, 0, id)
end
if op.expiry then redis.call('ZADD', op.expiry.key, op.expiry.at, id) end
local flat = redis.call('HGETALL', key)
local record = {}
for i = 1, #flat, 2 do record[flat[i]] = flat[i + 1] end
redis.call('PUBLISH', op.channel, cjson.encode(record))
return {1, current}
`;

/**
 * A render cache hit in one round trip: follow the cache entry to its source render, check the
 * source succeeded for the same owner, keep the source at least as long as the new render,
 * and write the new render (already succeeded, pointing at the source's output).
 *
 * KEYS: [cache entry, new render hash, expiry index]
 * ARGV[1] JSON: {renderPrefix, owner, idxAll, idxSucceeded, expireAt, id, fields: {field: value}}
 * Returns {sourceId, outputJson} on a hit, nil on a miss.
 */
export const CACHE_HIT_LUA = `
local op = cjson.decode(ARGV[1])
local sourceId = redis.call('GET', KEYS[1])
if not sourceId then return nil end
local source = redis.call('HMGET', op.renderPrefix .. sourceId, 'status', 'owner', 'output')
if source[1] ~= 'succeeded' or source[2] ~= op.owner or not source[3] then return nil end
redis.call('ZADD', KEYS[3], 'GT', op.expireAt, sourceId)
for field, value in pairs(op.fields) do redis.call('HSET', KEYS[2], field, value) end
redis.call('HSET', KEYS[2], 'output', source[3], 'cachedFrom', sourceId)
redis.call('ZADD', op.idxAll, 0, op.id)
redis.call('ZADD', op.idxSucceeded, 0, op.id)
redis.call('ZADD', KEYS[3], op.expireAt, op.id)
return {sourceId, source[3]}
`;

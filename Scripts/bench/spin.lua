-- wrk script: POST /v1/spins for many players, round-robin.
-- wrk ... -s Scripts/bench/spin.lua -- TOKENS_FILE MODE PREFIX
--   MODE fresh:  every request a new Idempotency-Key (a new spin to settle)
--   MODE replay: the key is fixed per player, so after the first round every request is a replay
local tokens = {}
local mode = "fresh"
local prefix = "b"
local counter = 0
-- `id` is a global on purpose: setup() gives each wrk thread its own through thread:set, which
-- sets a global in that thread's Lua state (a `local id` here would shadow it: same keys everywhere).
id = 0
local next_id = 0
-- classic3 has no free-spins feature: every fresh request settles a real spin (a fruit5 player
-- would soon be inside a round, and its normal spins answer a stored 409 feature_active).
local body = '{"game":"classic3","bet":10}'

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
  mode = args[2] or "fresh"
  prefix = args[3] or "b"
end

function request()
  counter = counter + 1
  local player = (counter * 2 + id) % #tokens + 1
  local key
  if mode == "fresh" then
    key = prefix .. "-" .. id .. "-" .. counter
  else
    key = prefix .. "-replay-" .. player
  end
  return wrk.format("POST", "/v1/spins", {
    ["Authorization"] = "Bearer " .. tokens[player],
    ["Idempotency-Key"] = key,
    ["Content-Type"] = "application/json",
  }, body)
end

local statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

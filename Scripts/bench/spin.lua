-- wrk script: POST /v1/spins for many players, round-robin.
-- wrk ... -s Scripts/bench/spin.lua -- TOKENS_FILE MODE PREFIX
--   MODE fresh:  every request a new Idempotency-Key (a new spin to settle)
--   MODE replay: the key is fixed per player, so after the first round every request is a replay
local tokens = {}
local mode = "fresh"
local prefix = "b"
local counter = 0
local id = 0
local next_id = 0
local body = '{"game":"fruit5","bet":100}'

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

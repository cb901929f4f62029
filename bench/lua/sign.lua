-- POST the sign form with a new address each time (thread id + counter).
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
  -- wrk does not seed: without this, two runs would post the same addresses.
  math.randomseed(os.time() * 100 + id)
end

local countries = {"AZ", "TR", "FR", "DE", "US", "RU", "ES", "PK", "MX", "GB"}

request = function()
  counter = counter + 1
  local email = string.format("bench-%d-%d-%d@example.org", thread_id, counter, math.random(1, 1000000000))
  local body = "kind=person&name=Bench+Signer&email=" .. email ..
    "&country=" .. countries[(counter % #countries) + 1] .. "&consent=on"
  return wrk.format("POST", "/en/join/", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = wrk.scheme .. "://" .. wrk.host .. ":" .. wrk.port,
  }, body)
end

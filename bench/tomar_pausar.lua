-- TOMAR then PAUSAR over a slice of free spools per wrk thread (bench/occupation_wrk.sh); the
-- in-flight window (connections per thread) is far smaller than the slice, so each PAUSAR follows its TOMAR.
local threads = {}
local next_id = 0
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
function init(args)
  local all = {}
  for line in io.lines("tags.txt") do table.insert(all, line) end
  local per = math.floor(#all / 2)
  mine = {}
  for i = 1, per do table.insert(mine, all[tid * per + i]) end
  -- wrk calls request() once while setting up a thread, without sending it: start one early.
  counter = -1
end
function request()
  local n = #mine
  local r = counter % (2 * n)
  counter = counter + 1
  local action = (r < n) and "tomar" or "pausar"
  local tag = mine[(r % n) + 1]
  local body = '{"tag_spool":"' .. tag .. '","worker_id":93,"operacion":"ARM"}'
  return wrk.format("POST", "/api/occupation/" .. action, {["Content-Type"] = "application/json"}, body)
end

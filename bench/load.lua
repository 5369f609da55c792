-- wrk script of bench/load.py: one thread and one connection per person, so that each
-- person's requests go in order and an officer saves with the lock version of the page
-- they opened. Arguments: data.lua first last out.json leaders port people, where officers
-- first..last (1-based) belong to this run.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local D, me, officers, queue, pos, lock, bad, cycle
local common_headers

function init(args)
  D = dofile(args[1])
  local first, last = tonumber(args[2]), tonumber(args[3])
  local leaders, people = tonumber(args[5]), tonumber(args[7])
  local origin = "https://127.0.0.1:" .. args[6]
  out = args[4]
  bad = {}
  lock = {}
  cycle = 0
  me = tonumber(id)
  common_headers = {
    ["X-Forwarded-Proto"] = "https",
    ["Origin"] = origin,
    ["Referer"] = origin .. "/",
    ["X-CSRFToken"] = D.csrf,
  }
  queue = {}
  if me < leaders then
    common_headers["Cookie"] = D.cookie .. "=" .. D.leader .. "; csrftoken=" .. D.csrf
    local base = "/thong-ke/" .. D.province .. "/" .. D.year .. "/"
    for _, p in ipairs({"", "diem-nghen/", "mot-buoc/", "ban-do/", "ban-do.json"}) do
      table.insert(queue, {kind = "get", path = base .. p})
    end
  else
    -- This thread's officers: every (people - leaders)-th of the run's, from its own place.
    officers = {}
    for i = first + (me - leaders), last, people - leaders do
      table.insert(officers, D.officers[i])
    end
    for _, o in ipairs(officers) do
      local page = "/danh-gia/" .. o.pk .. "/"
      table.insert(queue, {kind = "page", path = page, o = o})
      for _ = 1, 5 do table.insert(queue, {kind = "check", path = page .. "kiem-tra/", o = o}) end
      table.insert(queue, {kind = "save", path = page .. "luu/", o = o})
      table.insert(queue, {kind = "upload", path = page .. "minh-chung/", o = o})
    end
  end
  pos = 0
end

local function cookie(o) return D.cookie .. "=" .. o.session .. "; csrftoken=" .. D.csrf end

local current
function request()
  pos = pos % #queue + 1
  if pos == 1 then cycle = cycle + 1 end
  current = queue[pos]
  local h = {}
  for k, v in pairs(common_headers) do h[k] = v end
  local o = current.o
  if current.kind == "get" then
    return wrk.format("GET", current.path, h)
  end
  h["Cookie"] = cookie(o)
  if current.kind == "page" then
    return wrk.format("GET", current.path, h)
  elseif current.kind == "check" then
    h["Content-Type"] = "application/x-www-form-urlencoded"
    h["HX-Request"] = "true"
    return wrk.format("POST", current.path, h, o.check)
  elseif current.kind == "save" then
    h["Content-Type"] = "application/x-www-form-urlencoded"
    local body = "lock_version=" .. (lock[o.pk] or "0") .. "&v_" .. o.whole .. "=" .. (o.base + cycle)
    return wrk.format("POST", current.path, h, body)
  else
    if cycle % 4 ~= 0 then
      -- Most rounds upload nothing: look at the page again instead (after saving).
      return wrk.format("GET", "/danh-gia/" .. o.pk .. "/", h)
    end
    h["Content-Type"] = "multipart/form-data; boundary=" .. D.boundary
    return wrk.format("POST", current.path, h, o.upload)
  end
end

function response(status, headers, body)
  local login = status == 302 and string.find(headers["Location"] or "", "dang-nhap", 1, true)
  if status >= 400 or login then
    local key = current.kind .. ":" .. (login and "login" or status)
    bad[key] = (bad[key] or 0) + 1
  end
  if current.kind == "page" and status == 200 then
    local v = string.match(body, 'name="lock_version" value="(%d+)"')
    if v then lock[current.o.pk] = v end
  end
end

function done(summary, latency, requests)
  local statuses = {}
  for _, t in ipairs(threads) do
    local b = t:get("bad")
    if b then for k, v in pairs(b) do statuses[k] = (statuses[k] or 0) + v end end
  end
  local q = {}
  for i = 1, 999 do q[i] = latency:percentile(i / 10) end
  local e = summary.errors
  local parts = {}
  for k, v in pairs(statuses) do table.insert(parts, string.format('"%s": %d', k, v)) end
  local f = io.open(threads[1]:get("out"), "w")
  f:write(string.format(
    '{"requests": %d, "seconds": %f, "errors": %d, "max": %d, "quantiles": [%s], "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.status + e.timeout, latency.max,
    table.concat(q, ","), table.concat(parts, ",")))
  f:close()
end

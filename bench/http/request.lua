-- Sends one request, read from the file named by the first argument ("METHOD TARGET", header
-- lines, an empty line, the body). With a second argument, each request carries its own
-- X-GitHub-Delivery id starting with it: a repeated id would be answered from storage.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local method, target, headers, body, prefix, fixed
local sent = 0

function init(args)
  local file = assert(io.open(args[1], "rb"))
  local text = file:read("*a")
  file:close()
  local head, rest = text:match("^(.-)\n\n(.*)$")
  headers = {}
  local first = true
  for line in head:gmatch("[^\n]+") do
    if first then
      method, target = line:match("^(%S+) (%S+)$")
      first = false
    else
      local name, value = line:match("^([^:]+): (.*)$")
      headers[name] = value
    end
  end
  body = rest
  prefix = args[2]
  if prefix == nil then fixed = wrk.format(method, target, headers, body) end
end

function request()
  if fixed ~= nil then return fixed end
  sent = sent + 1
  headers["X-GitHub-Delivery"] = prefix .. "-" .. thread_number .. "-" .. sent
  return wrk.format(method, target, headers, body)
end

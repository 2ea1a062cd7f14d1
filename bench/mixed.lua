-- wrk script for the mixed workload: 80 % page views (home, library, map pages, jurisdiction
-- pages; a quarter of them the map page's shading stepping from date to date) and 20 % library
-- searches, each thread taking its own queries from the list in turn, so no two searches of a
-- run are the same. Paths come from the file named by WRK_MIXED, one "kind<TAB>path" a line.
-- The report (one JSON line) is report.lua's.
dofile(os.getenv("WRK_REPORT_LUA"))

local report_setup = setup
local report_init = init
local next_id = 0

function setup(thread)
  report_setup(thread)
  thread:set("thread_id", next_id)
  next_id = next_id + 1
end

function init(args)
  report_init(args)
  pages, searches, dates = {}, {}, {}
  local lists = { page = pages, search = searches, date = dates }
  for line in io.lines(os.getenv("WRK_MIXED")) do
    local kind, path = line:match("^(%a+)\t(.+)$")
    if kind and lists[kind] then
      table.insert(lists[kind], path)
    end
  end
  local threads = tonumber(os.getenv("WRK_THREADS") or "1")
  math.randomseed(1000 + thread_id)
  -- Thread k searches for queries k, k + threads, k + 2 * threads, ...
  -- The short Server-Timing run starts further on (WRK_SEARCH_OFFSET): its searches are new too.
  search_at = thread_id + tonumber(os.getenv("WRK_SEARCH_OFFSET") or "0")
  search_step = threads
  date_at = thread_id * 7
end

function request()
  local roll = math.random(100)
  local path
  if roll <= 20 and #searches > 0 then
    path = searches[(search_at % #searches) + 1]
    search_at = search_at + search_step
  elseif roll <= 40 and #dates > 0 then
    path = dates[(date_at % #dates) + 1]
    date_at = date_at + 1
  else
    path = pages[math.random(#pages)]
  end
  return wrk.format("GET", path)
end

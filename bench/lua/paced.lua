-- The public pages (all eight languages) at a steady pace rather than flat out:
-- each connection waits PACE_MS (default 80) between requests, so 8 connections
-- ask about 100 pages a second: readers arriving while the site is busy with
-- something else, whose wait is what we measure.
local langs = {"en", "ru", "tr", "es", "fr", "ar", "de", "az"}
local pages = {"", "join/", "facts/", "news/"}
local paths = {}
for _, lang in ipairs(langs) do
  for _, page in ipairs(pages) do
    table.insert(paths, "/" .. lang .. "/" .. page)
  end
end
local n = 0
local pace = tonumber(os.getenv("PACE_MS") or "80")

request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], {["Accept-Encoding"] = "gzip"})
end

delay = function()
  return pace
end

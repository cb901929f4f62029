-- GET the public pages, all eight languages mixed, round robin per connection.
local langs = {"en", "ru", "tr", "es", "fr", "ar", "de", "az"}
local pages = {"", "join/", "facts/", "news/"}
local paths = {}
for _, lang in ipairs(langs) do
  for _, page in ipairs(pages) do
    table.insert(paths, "/" .. lang .. "/" .. page)
  end
end
local n = 0

request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], {["Accept-Encoding"] = "gzip"})
end

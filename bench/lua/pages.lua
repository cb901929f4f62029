-- GET the public pages (home, join, facts, news) in all eight languages, in turn.
local paths = {}
for _, lang in ipairs({"en", "ru", "tr", "es", "fr", "ar", "de", "az"}) do
  for _, page in ipairs({"", "join/", "facts/", "news/"}) do
    table.insert(paths, "/" .. lang .. "/" .. page)
  end
end
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

-- Word counting in a table: measures hashing of string keys and has/get/set.

local function make_words(n)
  local words = {}
  for i = 0, n - 1 do
    words[#words + 1] = "w" .. i
  end
  return words
end

local vocabulary = 500
local samples = 1500000
local words = make_words(vocabulary)
local counts = {}
local distinct = 0
local x = 42
for _ = 1, samples do
  x = (x * 1103515245 + 12345) % 2147483648
  local word = words[x // 65536 % vocabulary + 1]
  if counts[word] ~= nil then
    counts[word] = counts[word] + 1
  else
    counts[word] = 1
    distinct = distinct + 1
  end
end
local most = 0
for _, word in ipairs(words) do
  local c = counts[word]
  if c > most then
    most = c
  end
end
print(distinct)
print(counts["w0"])
print(most)

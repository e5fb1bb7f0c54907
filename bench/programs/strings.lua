-- String building: measures concatenation by `s = s .. ...`, length and substring.

local function build(n)
  local s = ""
  for i = 0, n - 1 do
    s = s .. i .. ","
  end
  return s
end

local rounds = 2000
local pieces = 500
local total_length = 0
local matches = 0
for _ = 1, rounds do
  local s = build(pieces)
  total_length = total_length + #s
  local start = 0
  while start + 3 <= #s do
    local part = string.sub(s, start + 1, start + 3)
    if part == "7,1" then
      matches = matches + 1
    end
    start = start + 2
  end
end
print(total_length)
print(matches)

-- Tight integer loop: measures loop control, local variables and integer arithmetic.

local n = 6000000
local total = 0
for i = 0, n - 1 do
  total = total + i * i % 7
end
print(total)

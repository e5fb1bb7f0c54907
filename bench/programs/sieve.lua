-- Sieve of Eratosthenes over a table of 0/1 flags: measures indexed reads and writes.
-- Flags are stored at index i + 1 so that the table is a Lua sequence starting at 1.

local function count_primes(limit)
  local flags = {}
  for i = 0, limit do
    flags[#flags + 1] = 1
  end
  flags[1] = 0
  flags[2] = 0
  local p = 2
  while p * p <= limit do
    if flags[p + 1] == 1 then
      for m = p * p, limit, p do
        flags[m + 1] = 0
      end
    end
    p = p + 1
  end
  local count = 0
  for i = 0, limit do
    if flags[i + 1] == 1 then
      count = count + 1
    end
  end
  return count
end

local rounds = 10
local limit = 400000
local last = 0
local total = 0
for _ = 1, rounds do
  last = count_primes(limit)
  total = total + last
end
print(last)
print(total)

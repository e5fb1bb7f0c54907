-- Polymorphic dispatch: measures method lookup and calls over objects of four classes
-- that share a parent and override one of its methods.

local Shape = {}
Shape.__index = Shape

function Shape.new(n)
  return setmetatable({ n = n }, Shape)
end

function Shape:value()
  return self.n
end

function Shape:weight()
  return self:value() + 1
end

-- A subclass whose instances find their own methods first, then Shape's.
local function subclass(value)
  local class = setmetatable({}, { __index = Shape })
  class.__index = class
  class.value = value
  class.new = function(n)
    return setmetatable({ n = n }, class)
  end
  return class
end

local Square = subclass(function(self)
  return self.n * self.n
end)
local Rect = subclass(function(self)
  return self.n * (self.n + 1)
end)
local Triangle = subclass(function(self)
  return self.n * (self.n + 1) // 2
end)
local Scaled = subclass(function(self)
  return Shape.value(self) * 3
end)

local function make_shapes(n)
  local shapes = {}
  for i = 0, n - 1 do
    local kind = i % 5
    if kind == 0 then
      shapes[#shapes + 1] = Shape.new(i)
    elseif kind == 1 then
      shapes[#shapes + 1] = Square.new(i)
    elseif kind == 2 then
      shapes[#shapes + 1] = Rect.new(i)
    elseif kind == 3 then
      shapes[#shapes + 1] = Triangle.new(i)
    else
      shapes[#shapes + 1] = Scaled.new(i)
    end
  end
  return shapes
end

local rounds = 2000
local shapes = make_shapes(1000)
local total = 0
for _ = 1, rounds do
  for _, shape in ipairs(shapes) do
    total = total + shape:weight()
  end
end
print(total)

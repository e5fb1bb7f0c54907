-- Binary trees: measures object allocation, release and recursive method calls.

local Node = {}
Node.__index = Node

function Node.new(left, right)
  return setmetatable({ left = left, right = right }, Node)
end

function Node:check()
  if self.left == nil then
    return 1
  end
  return 1 + self.left:check() + self.right:check()
end

local function make_tree(depth)
  if depth == 0 then
    return Node.new(nil, nil)
  end
  return Node.new(make_tree(depth - 1), make_tree(depth - 1))
end

local min_depth = 4
local max_depth = 14
local stretch = make_tree(max_depth + 1)
print("stretch tree of depth " .. (max_depth + 1) .. " check: " .. stretch:check())
stretch = nil
local long_lived = make_tree(max_depth)
local depth = min_depth
while depth <= max_depth do
  local iterations = 1
  for _ = 1, max_depth - depth + min_depth do
    iterations = iterations * 2
  end
  local check = 0
  for _ = 1, iterations do
    check = check + make_tree(depth):check()
  end
  print(iterations .. " trees of depth " .. depth .. " check: " .. check)
  depth = depth + 2
end
print("long lived tree of depth " .. max_depth .. " check: " .. long_lived:check())

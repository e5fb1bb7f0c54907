-- N-body simulation of the Jovian planets: measures float arithmetic and object field access.

local PI = 3.141592653589793
local SOLAR_MASS = 4.0 * PI * PI
local DAYS_PER_YEAR = 365.24

local function body(x, y, z, vx, vy, vz, mass)
  return {
    x = x,
    y = y,
    z = z,
    vx = vx * DAYS_PER_YEAR,
    vy = vy * DAYS_PER_YEAR,
    vz = vz * DAYS_PER_YEAR,
    mass = mass * SOLAR_MASS,
  }
end

local function make_bodies()
  local sun = body(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0)
  local jupiter = body(
    4.84143144246472090,
    -1.16032004402742839,
    -0.103622044471123109,
    0.00166007664274403694,
    0.00769901118419740425,
    -0.0000690460016972063023,
    0.000954791938424326609)
  local saturn = body(
    8.34336671824457987,
    4.12479856412430479,
    -0.403523417114321381,
    -0.00276742510726862411,
    0.00499852801234917238,
    0.0000230417297573763929,
    0.000285885980666130812)
  local uranus = body(
    12.8943695621391310,
    -15.1111514016986312,
    -0.223307578892655734,
    0.00296460137564761618,
    0.00237847173959480950,
    -0.0000296589568540237556,
    0.0000436624404335156298)
  local neptune = body(
    15.3796971148509165,
    -25.9193146099879641,
    0.179258772950371181,
    0.00268067772490389322,
    0.00162824170038242295,
    -0.0000951592254519715870,
    0.0000515138902046611451)
  return { sun, jupiter, saturn, uranus, neptune }
end

local function offset_momentum(bodies)
  local px = 0.0
  local py = 0.0
  local pz = 0.0
  for _, b in ipairs(bodies) do
    px = px + b.vx * b.mass
    py = py + b.vy * b.mass
    pz = pz + b.vz * b.mass
  end
  local sun = bodies[1]
  sun.vx = 0.0 - px / SOLAR_MASS
  sun.vy = 0.0 - py / SOLAR_MASS
  sun.vz = 0.0 - pz / SOLAR_MASS
end

local function energy(bodies)
  local e = 0.0
  local n = #bodies
  for i = 1, n do
    local b = bodies[i]
    e = e + 0.5 * b.mass * (b.vx * b.vx + b.vy * b.vy + b.vz * b.vz)
    for j = i + 1, n do
      local c = bodies[j]
      local dx = b.x - c.x
      local dy = b.y - c.y
      local dz = b.z - c.z
      e = e - b.mass * c.mass / math.sqrt(dx * dx + dy * dy + dz * dz)
    end
  end
  return e
end

local function advance(bodies, dt)
  local n = #bodies
  for i = 1, n do
    local b = bodies[i]
    for j = i + 1, n do
      local c = bodies[j]
      local dx = b.x - c.x
      local dy = b.y - c.y
      local dz = b.z - c.z
      local d2 = dx * dx + dy * dy + dz * dz
      local mag = dt / (d2 * math.sqrt(d2))
      local bm = b.mass * mag
      local cm = c.mass * mag
      b.vx = b.vx - dx * cm
      b.vy = b.vy - dy * cm
      b.vz = b.vz - dz * cm
      c.vx = c.vx + dx * bm
      c.vy = c.vy + dy * bm
      c.vz = c.vz + dz * bm
    end
  end
  for _, b in ipairs(bodies) do
    b.x = b.x + dt * b.vx
    b.y = b.y + dt * b.vy
    b.z = b.z + dt * b.vz
  end
end

-- The shortest decimal form that reads back as the same double, as Nyash and Python print floats.
local function shortest(v)
  for digits = 1, 17 do
    local text = string.format("%." .. digits .. "g", v)
    if tonumber(text) == v then
      return text
    end
  end
  return string.format("%.17g", v)
end

local steps = 100000
local bodies = make_bodies()
offset_momentum(bodies)
print(shortest(energy(bodies)))
for _ = 1, steps do
  advance(bodies, 0.01)
end
print(shortest(energy(bodies)))

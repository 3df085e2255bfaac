-- A journey test where everything passes.
local function hello(name)
  return simulation.start({ journey = "../fixtures/hello.json", contact = { name = name } })
end

describe("hello", function()
  local greeted
  before_each(function() greeted = nil end)

  test("greets by name", function()
    local sim = hello("Ada"):send("Ada")
    greeted = sim.text
    assert.contains(greeted, "Hello Ada!")
    assert.buttons(sim, { "Tea", "Coffee" })
  end)

  test("tea", function()
    assert.equals(greeted, nil, "before_each ran")
    local sim = hello("Ada"):send("Ada"):press("Tea")
    assert(sim.ended)
    assert.equals(sim.text, "Enjoy your tea.\nSee you soon.")
  end)
end)

test("coffee by number", function()
  local sim = hello("Bo"):send("Bo"):press(2)
  assert.equals(sim.state, "end")
  assert.contains(sim.text, "coffee")
end)

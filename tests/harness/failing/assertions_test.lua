-- Deliberately failing tests: tests/harness/check.sh compares floip's report of them with
-- tests/harness/expected/. Line numbers matter: add new tests at the end.
local function hello()
  return simulation.start({ journey = "../fixtures/hello.json", contact = { name = "Ada" } })
end

test("passes", function()
  local sim = hello()
  assert.equals(sim.text, "What is your name?")
end)

test("assert.equals shows both values", function()
  local sim = hello()
  sim:send("Ada")
  assert.equals(sim.text, "Hello Bob!\nTea or coffee?")
end)

test("plain assert with a message", function()
  local sim = hello()
  assert(sim.ended, "the journey should have ended")
end)

test("assert.contains", function()
  assert.contains(hello().text, "favourite colour")
end)

test("assert.buttons", function()
  local sim = hello():send("Ada")
  assert.buttons(sim, { "Tea", "Milk" })
end)

test("assert.matches", function()
  assert.matches(hello().text, "^What is your (age|email)")
end)

test("a runtime error", function()
  local t = nil
  return t.field
end)

skip("not yet written", function() end)

test("pressing a button that is not there", function()
  local sim = hello():send("Ada")
  sim:press("Juice")
end)

test("an endless loop hits the instruction limit", function()
  while true do end
end)

describe("nested", function()
  before_each(function() print("setting up") end)
  test("failure with captured output", function()
    print("hello from the test")
    assert.equals({ a = 1, b = { 2, 3 } }, { a = 1, b = { 2, 4 } })
  end)
end)

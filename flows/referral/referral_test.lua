-- Journey tests for referral.json: referral runs tb_screening (Core.RunFlow), which runs
-- contact_details in turn; results come back up through @child.

local function referral()
  return simulation.start({ journey = "referral.json", contact = { name = "Sipho" } })
end

test("the screening flow asks its first question right after the intro", function()
  local sim = referral()
  assert.equals(sim.text, "We will ask you a few questions about TB symptoms.\nHave you been coughing for more than 2 weeks?")
  assert.buttons(sim, { "Yes", "No" })
end)

test("high risk goes two flows deep and comes back with the phone number", function()
  local sim = referral()
  sim:press("Yes"):press("Yes")
  assert.equals(sim.text, "Which number can a nurse call you on?")
  assert.equals(sim.block, "ask_phone")
  sim:send("0821234567")
  assert(sim.ended)
  assert.contains(sim.text, "Please go to the clinic today.")
  assert.contains(sim.text, "call you on 821234567")
end)

test("the depth of each flow shows in the events", function()
  local sim = referral()
  sim:press("Yes"):press("Yes")
  local depths = {}
  for _, ev in ipairs(sim.events) do
    if ev.type == "flow_entered" then depths[#depths + 1] = ev.flow_name .. "@" .. ev.depth end
  end
  assert.equals(depths, { "contact_details@2" })
end)

test("low risk skips the contact details", function()
  local sim = referral()
  sim:press("Yes"):press("No")
  assert(sim.ended)
  assert.equals(sim.text, "Your risk looks low. Come for a check-up if you still cough in 2 weeks.")
end)

test("the parent reads the child's results", function()
  local sim = referral()
  sim:press("No"):press("No")
  assert.equals(sim:eval("@child.results.risk.value"), "low")
  assert.equals(sim.context.child.results.ask_fever.value.name, "no")
end)

test("the screening flow starts on its own by its uuid", function()
  -- Turn's journey tests name a journey by uuid; floip finds it among this folder's journeys
  local sim = simulation.start({ journey = "ac950e25-3611-53dc-a0b9-fc75d716ce65" })
  assert.equals(sim.text, "Have you been coughing for more than 2 weeks?")
  sim:press("No"):press("Yes")
  assert(sim.ended)
  assert.equals(sim.results.risk.value, "low")
end)

test("a flow of the journey file can be picked by name", function()
  local sim = simulation.start({ journey = "referral.json", flow = "contact_details" })
  assert.equals(sim.block, "ask_phone")
end)

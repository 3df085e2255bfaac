-- Journey tests for reminder.json: a 5-minute interaction timeout, on the virtual clock.

local function reminder(extra)
  local opts = {
    journey = "reminder.json",
    contact = { name = "Nomsa" },
    vars = { clinic = "Alexandra Clinic" },
    now = "2025-03-10T08:00:00Z",
  }
  for k, v in pairs(extra or {}) do opts[k] = v end
  return simulation.start(opts)
end

test("the reminder names the contact and the clinic", function()
  local sim = reminder()
  assert.equals(sim.text, "Hi Nomsa, a reminder: your appointment at Alexandra Clinic is tomorrow at 09:00.\nCan you make it?")
  assert.buttons(sim, { "Yes", "Reschedule", "Cancel" })
end)

test("confirming", function()
  local sim = reminder():press("Yes")
  assert(sim.ended)
  assert.equals(sim.text, "Great, see you tomorrow at 09:00!")
end)

test("cancelling", function()
  local sim = reminder():press("Cancel")
  assert.contains(sim.text, "Your appointment is cancelled.")
end)

test("rescheduling asks for a day", function()
  local sim = reminder():press("Reschedule")
  assert.equals(sim.text, "Which day suits you better?")
  sim:send("Friday")
  assert.equals(sim.text, "Thanks, we will move your appointment to Friday.")
end)

test("a reply within the timeout is taken", function()
  local sim = reminder()
  sim:wait("4m")
  assert.equals(sim.now, "2025-03-10T08:04:00.000Z")
  assert(sim.waiting, "4 minutes is inside the 5-minute timeout")
  assert.equals(sim.text, "")
  sim:press("Yes")
  assert(sim.ended)
end)

test("no reply: the default exit after 5 minutes", function()
  local sim = reminder({ timeout = "default" })
  sim:wait("5m")
  assert(sim.ended)
  assert.equals(sim.text, "We did not hear from you, so a nurse will call you today.")
end)

test("no reply: terminated through the exit block", function()
  local sim = reminder()
  sim:wait("10m")
  assert(sim.ended)
  assert.equals(sim.text, "", "nothing is sent when the reminder expires")
  assert.equals(sim.logs, { "reminder expired without a reply" })
  local timeout
  for _, ev in ipairs(sim.events) do
    if ev.type == "timeout" then timeout = ev end
  end
  assert.equals(timeout.block_name, "confirm")
  assert.equals(timeout.policy, "terminate")
end)

test("a reply after the run ended is refused", function()
  local sim = reminder()
  sim:wait("1h")
  local ok, err = pcall(sim.press, sim, "Yes")
  assert(not ok)
  assert.contains(err, "unexpectedly received user input")
end)

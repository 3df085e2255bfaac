-- Journey tests for menu.json: one menu, three languages, as a WhatsApp list or a numbered
-- text menu depending on the mode.

local function menu(language, extra)
  local opts = {
    journey = "menu.json",
    contact = { name = "Thandi", language = language },
    vars = { clinic = "Soweto Clinic" },
  }
  for k, v in pairs(extra or {}) do opts[k] = v end
  return simulation.start(opts)
end

describe("english", function()
  test("the menu is a list of five options", function()
    local sim = menu("eng")
    assert.equals(sim.text, "Hi Thandi! How can we help?")
    assert.buttons(sim, { "Opening hours", "Find a clinic", "Vaccines", "Talk to a nurse", "Stop" })
    assert.equals(sim.messages[1].interactive.type, "list")
  end)

  test("find a clinic uses the clinic variable, then offers more", function()
    local sim = menu("eng")
    sim:press("Find a clinic")
    assert.equals(sim.text, "Your nearest clinic is Soweto Clinic.\nAnything else?")
    assert.buttons(sim, { "Yes", "No" })
    sim:press("Yes")
    assert.equals(sim.block, "menu")
    sim:press("Talk to a nurse")
    assert.contains(sim.text, "A nurse will reply within one working day.")
    sim:press("No")
    assert(sim.ended)
    assert.contains(sim.text, "Goodbye!")
  end)

  test("typing stop leaves at once", function()
    local sim = menu("eng")
    sim:send("STOP")
    assert(sim.ended)
    assert.equals(sim.results.menu.value.name, "stop")
    assert.equals(sim:eval("You chose @results.menu.value"), "You chose stop")
  end)

  test("an unknown reply shows the menu again", function()
    local sim = menu("eng")
    sim:send("pizza")
    assert.contains(sim.text, "Sorry, I did not understand.")
    assert.equals(sim.block, "menu")
  end)

  test("in TEXT mode the menu is numbered and answered by number", function()
    local sim = menu("eng", { mode = "TEXT" })
    assert.contains(sim.text, "1. Opening hours")
    assert.contains(sim.text, "5. Stop")
    sim:send("1")
    assert.contains(sim.text, "Monday to Friday, 08:00 to 16:00")
  end)
end)

describe("french", function()
  test("everything is in french", function()
    local sim = menu("fra")
    assert.equals(sim.text, "Bonjour Thandi ! Comment pouvons-nous aider ?")
    assert.buttons(sim, { "Horaires", "Trouver une clinique", "Vaccins", "Parler à une infirmière", "Arrêter" })
    sim:press("Vaccins")
    assert.contains(sim.text, "Les vaccins sont gratuits")
    sim:send("rien")
    assert.contains(sim.text, "Au revoir !")
  end)

  test("arret is understood in french only", function()
    local sim = menu("fra")
    sim:send("arret")
    assert(sim.ended)
  end)
end)

describe("portuguese", function()
  test("opening hours in portuguese", function()
    local sim = menu("por")
    assert.contains(sim.text, "Olá Thandi!")
    sim:press("Horário")
    assert.contains(sim.text, "As clínicas abrem de segunda a sexta")
    assert.buttons(sim, { "Sim", "Não" })
    sim:press("Não")
    assert.contains(sim.text, "Adeus!")
  end)

  test("sair stops the menu", function()
    local sim = menu("por")
    sim:send("sair")
    assert(sim.ended)
  end)
end)

-- Journey tests for the demo journey, clinic_registration.json (English and Kiswahili).

local function visit(language)
  return simulation.start({
    journey = "clinic_registration.json",
    contact = { name = "Amina", language = language or "eng" },
  })
end

describe("english", function()
  test("welcomes the contact and asks for the patient's name", function()
    local sim = visit()
    assert.equals(sim.text, "Hello Amina! Welcome to Riverside Clinic. Let's get you registered for your visit, it takes about a minute.\nWhat is the patient's full name?")
    assert.equals(sim.block, "patient_name")
  end)

  test("offers three reasons as buttons", function()
    local sim = visit():send("Baraka Otieno")
    assert.equals(sim.text, "What brings Baraka Otieno in today?")
    assert.buttons(sim, { "Check-up", "Vaccination", "Feeling unwell" })
    assert.equals(sim.contact.full_name, "Baraka Otieno")
  end)

  test("a check-up for an adult", function()
    local sim = visit():send("Baraka Otieno"):press("Check-up")
    assert.equals(sim.text, "How old is Baraka Otieno, in years? (0-120)")
    sim:send("34")
    assert(sim.ended)
    assert.equals(sim.text, "Thank you! Baraka Otieno is registered. Show this message at the front desk when you arrive.")
    assert.equals(sim:eval("@contact.visit_reason"), "checkup")
    assert.equals(sim:eval("@contact.registered"), "yes")
  end)

  test("a vaccination for a child under five asks for the health card", function()
    local sim = visit():send("Neema"):press("Vaccination"):send("3")
    assert(sim.ended)
    assert.contains(sim.text, "Please bring the child's health card to the visit")
    assert.contains(sim.text, "Thank you! Neema is registered.")
  end)

  test("feeling unwell shows the emergency notice first", function()
    local sim = visit():send("Baraka"):press("Feeling unwell")
    assert.equals(sim.text, "Sorry to hear that. If this is an emergency, call 112 now or go straight to the emergency entrance.\nHow old is Baraka, in years? (0-120)")
  end)

  test("a typed reason is understood", function()
    local sim = visit():send("Baraka"):send("vaccination")
    assert.equals(sim.results.visit_reason.value.name, "vaccination")
    assert.equals(sim.block, "patient_age")
  end)

  test("an unknown reason goes on to the age", function()
    local sim = visit():send("Baraka"):send("a broken arm")
    assert.equals(sim.block, "patient_age")
  end)
end)

describe("kiswahili", function()
  test("the whole visit in Kiswahili", function()
    local sim = visit("swa")
    assert.contains(sim.text, "Habari Amina! Karibu Kliniki ya Riverside.")
    sim:send("Juma")
    assert.buttons(sim, { "Uchunguzi", "Chanjo", "Najisikia vibaya" })
    sim:send("chanjo")
    assert.equals(sim.text, "Juma ana umri wa miaka mingapi? (0-120)")
    sim:send("40")
    assert.equals(sim.text, "Asante! Juma amesajiliwa. Onyesha ujumbe huu kwenye mapokezi utakapofika.")
  end)
end)

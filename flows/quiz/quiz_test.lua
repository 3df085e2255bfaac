-- Journey tests for quiz.json: every answer is checked by a Core.Case and the score is graded
-- by another.

local function quiz()
  return simulation.start({ journey = "quiz.json", contact = { name = "Lindiwe" } })
end

local answers = {
  right = { "Mosquito bites", "A bed net", "Fever" },
  wrong = { "Dirty water", "A fan", "A rash" },
}

-- Answers the three questions; picks[i] is "right" or "wrong".
local function play(sim, picks)
  for i, pick in ipairs(picks) do
    sim:press(answers[pick][i])
  end
  return sim
end

before_each(function()
  -- every test starts from a fresh simulation of its own; nothing is shared
end)

test("the first question comes with its three buttons", function()
  local sim = quiz()
  assert.contains(sim.text, "3 questions")
  assert.contains(sim.text, "How is malaria spread?")
  assert.buttons(sim, { "Mosquito bites", "Dirty water", "Coughing" })
end)

test("each right answer is confirmed before the next question", function()
  local sim = quiz()
  sim:press("Mosquito bites")
  assert.equals(sim.text, "Correct! Malaria spreads through mosquito bites.\nWhat protects you best at night?")
  assert.buttons(sim, { "A bed net", "A fan", "A light" })
end)

test("a perfect score", function()
  local sim = play(quiz(), { "right", "right", "right" })
  assert(sim.ended)
  assert.equals(sim.results.score.value, 3)
  assert.contains(sim.text, "You scored 3/3. Perfect")
end)

test("two right answers are good", function()
  local sim = play(quiz(), { "right", "wrong" })
  assert.contains(sim.text, "Not quite: a treated bed net protects you best.")
  sim:press("Fever")
  assert.contains(sim.text, "You scored 2/3. Well done!")
end)

test("one right answer asks to try again", function()
  local sim = play(quiz(), { "wrong", "right", "wrong" })
  assert.equals(sim.results.score.value, 1)
  assert.matches(sim.text, "You scored 1/3\\. Send QUIZ to try again\\.$")
end)

test("a typed answer that is no choice counts as wrong", function()
  local sim = quiz()
  sim:send("no idea")
  assert.contains(sim.text, "Not quite: malaria spreads through mosquito bites.")
  assert.equals(sim.block, "q2")
end)

skip("a timed quiz (floip has no per-question timer)", function() end)

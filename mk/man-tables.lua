-- SPDX-License-Identifier: GPL-2.0-only
--
-- man-tables.lua: a pandoc filter (mk/man.mk) that fits Markdown tables
-- into a man page read in 80 columns, without groff warnings.
--
-- Pandoc's man writer gives each column its share of 70 ens, from the
-- dashes of a pipe table's separator row (equal for "| --- | --- |"), or
-- no width at all for a narrow table. tbl puts 3 ens between columns and
-- man indents by 7, so a table of three or more columns overflows an
-- 80-column terminal, and a cell whose column is narrower than one of its
-- words (a long `CONSTANT`) cannot be filled. So each column gets at least
-- its longest word, then the room left is shared by how much text the
-- column holds; and table cells are set ragged right and unhyphenated
-- (.ad l, .nh; the next paragraph restores both), as groff cannot justify
-- a narrow line that holds one long word.

local LINE = 80 - 7 - 1 -- ens a table may take: 80 columns, man's indent, rounding
local GAP = 3           -- ens tbl puts between two columns
local SCALE = 70        -- the man writer's width for a column of fraction 1

-- The text of a cell, as it will be printed (near enough: markup dropped).
local function text(cell)
  return pandoc.utils.stringify(cell.contents)
end

-- each_row(t, fn): fn on every row of the table: head, bodies, foot.
local function each_row(t, fn)
  for _, row in ipairs(t.head.rows) do fn(row) end
  for _, body in ipairs(t.bodies) do
    for _, row in ipairs(body.body) do fn(row) end
  end
  for _, row in ipairs(t.foot.rows) do fn(row) end
end

function Table(t)
  local n = #t.colspecs
  local word, need = {}, {}
  for i = 1, n do
    word[i], need[i] = 1, 1
  end
  each_row(t, function(row)
    for i, cell in ipairs(row.cells) do
      if i <= n then
        local s = text(cell)
        need[i] = math.max(need[i], #s)
        for w in s:gmatch('%S+') do
          word[i] = math.max(word[i], #w)
        end
      end
    end
  end)

  -- every column its longest word, then the rest by the text it holds
  local room = LINE - GAP * (n - 1)
  local width, used, want = {}, 0, 0
  for i = 1, n do
    width[i] = math.min(word[i], need[i])
    used = used + width[i]
    want = want + (need[i] - width[i])
  end
  local spare = room - used
  if spare > 0 and want > 0 then
    for i = 1, n do
      width[i] = width[i] + math.min(need[i] - width[i],
        math.floor(spare * (need[i] - width[i]) / want))
    end
  end
  -- wider than the room (a very long word): shrink all alike; groff warns
  local total = 0
  for i = 1, n do
    total = total + width[i]
  end
  local shrink = math.min(1, room / total)
  for i = 1, n do
    t.colspecs[i] = { t.colspecs[i][1], width[i] * shrink / SCALE }
  end

  -- ragged right inside the cells
  each_row(t, function(row)
    for _, cell in ipairs(row.cells) do
      cell.contents:insert(1, pandoc.RawBlock('man', '.ad l\n.nh'))
    end
  end)
  return t
end

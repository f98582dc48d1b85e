-- Headless Neovim (0.7+) as a second real LSP client of Redline's server.
-- Usage: nvim --headless --clean -c "luafile check.lua" -- with env REDLINE_SERVER, REDLINE_FILE.
-- Prints one "ok <step>" / "fail <step>: <why>" line per step to stdout, then exits 0 or 1.
local server = os.getenv('REDLINE_SERVER')
local file = os.getenv('REDLINE_FILE')
local root = vim.fn.fnamemodify(file, ':h')
local failed = false

local function out(line) io.stdout:write(line .. '\n') end
local function step(name, ok, why)
  if ok then out('ok ' .. name) else failed = true; out('fail ' .. name .. ': ' .. tostring(why)) end
end
local function finish()
  vim.cmd(failed and 'cquit 1' or 'qall!')
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()

local client_id = vim.lsp.start_client({
  name = 'redline',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  workspace_folders = { { uri = vim.uri_from_fname(root), name = 'root' } },
  settings = { redline = { analysis = { debounceMs = 0 } } },
})
step('start_client', client_id ~= nil, 'start_client returned nil')
if not client_id then return finish() end
vim.lsp.buf_attach_client(bufnr, client_id)

local function redline_diags()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'redline' then table.insert(list, d) end
  end
  return list
end

local got = vim.wait(20000, function() return #redline_diags() > 0 end, 50)
step('diagnostics', got, 'no diagnostics within 20 s')
if not got then return finish() end

local d = redline_diags()[1]
local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
step('rule id', code == 'cors/permissive-origin', 'code was ' .. tostring(code))
out('diagnostic ' .. tostring(code) .. ' line ' .. tostring(d.lnum + 1) .. ': ' .. d.message)

-- Ask for code actions on the diagnostic's line, with the LSP-shaped diagnostics as context.
local lsp_diags = vim.lsp.diagnostic.get_line_diagnostics(bufnr, d.lnum)
local params = {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col } },
  context = { diagnostics = lsp_diags },
}
local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000) or {}
local preferred
for _, resp in pairs(responses) do
  for _, action in ipairs(resp.result or {}) do
    if action.isPreferred then preferred = action end
  end
end
step('code action', preferred ~= nil, 'no preferred code action')
if not preferred then return finish() end
out('action ' .. preferred.title)
vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1] or ''
step('edit applied', line:find('CORS_ORIGINS', 1, true) ~= nil, 'line is: ' .. line)

local cleared = vim.wait(20000, function() return #redline_diags() == 0 end, 50)
step('diagnostic cleared', cleared, 'still ' .. #redline_diags() .. ' diagnostics')
finish()

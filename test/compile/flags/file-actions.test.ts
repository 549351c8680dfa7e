import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileAction, mayBeSameFile, shellAction, type FileAction } from '../../../src/compile/flags/file-actions.js';
import type { ToolStep } from '../../../src/domain/model.js';
import { describeToolCall } from '../../../src/domain/tool-action.js';

function step(name: string, args: unknown): ToolStep {
  const text = typeof args === 'string' ? args : JSON.stringify(args);
  return {
    kind: 'tool', id: 's1', agentId: 'main', toolCallId: 'c1', name, args: text, action: describeToolCall(name, text), requestedBy: 's0',
    resultIn: null, startedAt: 0, latencyMs: null, resultTokens: null, resultChars: null, resultHash: null, resultPreview: null, isError: false,
    resultMessageIndex: null, spawnedAgentId: null,
  };
}

const kind = (a: FileAction): string => (a.kind === 'read' ? `read ${a.path}` : a.kind === 'write' ? `write ${a.paths.join(',')}` : a.kind);

test("known agents' read and write tools", () => {
  assert.equal(kind(fileAction(step('Read', { file_path: '/r/a.ts', offset: 10 }))), 'read /r/a.ts');
  assert.equal(kind(fileAction(step('read', { filePath: 'a.ts' }))), 'read a.ts'); // opencode
  assert.equal(kind(fileAction(step('read', { path: 'a.ts' }))), 'read a.ts'); // OpenClaw
  assert.equal(kind(fileAction(step('read_file', { absolute_path: '/w/a.py' }))), 'read /w/a.py'); // Gemini
  assert.equal(kind(fileAction(step('Write', { file_path: 'b.ts', content: '' }))), 'write b.ts');
  assert.equal(kind(fileAction(step('MultiEdit', { file_path: 'b.ts', edits: [] }))), 'write b.ts');
  assert.equal(kind(fileAction(step('NotebookEdit', { notebook_path: 'n.ipynb' }))), 'write n.ipynb');
  assert.equal(kind(fileAction(step('replace', { file_path: 'c.py' }))), 'write c.py'); // Gemini
  assert.equal(kind(fileAction(step('edit', { filePath: 'c.py' }))), 'write c.py'); // opencode
  assert.equal(kind(fileAction(step('Grep', { pattern: 'x' }))), 'none');
});

test('the two reads of a file with different ranges have different keys', () => {
  const a = fileAction(step('Read', { file_path: 'a.ts', offset: 0, limit: 100 }));
  const b = fileAction(step('Read', { file_path: 'a.ts', offset: 100, limit: 100 }));
  assert.ok(a.kind === 'read' && b.kind === 'read' && a.key !== b.key);
});

test('apply_patch writes the files its patch names, or anything when none can be read', () => {
  const patch = '*** Begin Patch\n*** Update File: src/a.py\n@@\n-x\n+y\n*** Add File: src/new.py\n+z\n*** End Patch';
  assert.equal(kind(fileAction(step('apply_patch', { input: patch }))), 'write src/a.py,src/new.py');
  assert.equal(kind(fileAction(step('apply_patch', patch))), 'write src/a.py,src/new.py'); // free-form tool input
  assert.equal(kind(fileAction(step('apply_patch', { input: 'garbage' }))), 'write_any');
});

test('shell lines: simple reads, read-only commands, and anything that might write', () => {
  assert.equal(kind(shellAction('cat src/a.ts')), 'read src/a.ts');
  assert.equal(kind(shellAction('head -n 20 src/a.ts')), 'read src/a.ts');
  assert.equal(kind(shellAction("sed -n '1,40p' src/a.ts")), 'read src/a.ts');
  assert.equal(kind(shellAction('nl src/a.ts')), 'read src/a.ts');
  assert.equal(kind(shellAction('grep -rn "add(" .')), 'none');
  assert.equal(kind(shellAction('cat a.log | grep ERROR | wc -l')), 'none');
  assert.equal(kind(shellAction('ls -la 2>/dev/null')), 'none');
  assert.equal(kind(shellAction('cd src && cat a.ts')), 'read a.ts', 'the cd is the envelope: what runs is the read');
  for (const w of ["sed -i 's/a/b/' x.ts", 'echo hi > x.txt', 'echo hi >> x.txt', 'cat a | tee b', 'mv a b', 'cp a b', 'rm -f a',
    'git checkout -- a.ts', 'git apply fix.diff', 'python gen.py', 'find . -name "*.tmp" -delete', 'echo "$(rm -rf x)"']) {
    assert.equal(kind(shellAction(w)), 'write_any', w);
  }
});

test('Codex shell arrays are read as the script they run', () => {
  assert.equal(kind(fileAction(step('shell', { command: ['bash', '-lc', 'cat a.py'] }))), 'read a.py');
  assert.equal(kind(fileAction(step('exec_command', { cmd: 'rm a.py' }))), 'write_any');
});

test('a write invalidates reads of the same file however it is named', () => {
  assert.ok(mayBeSameFile('src/a.ts', '/repo/src/a.ts'));
  assert.ok(mayBeSameFile('./a.ts', 'a.ts'));
  assert.ok(!mayBeSameFile('src/a.ts', 'src/b.ts'));
});

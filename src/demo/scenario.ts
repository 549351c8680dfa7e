import { SUBTASK_MARKER } from '../scripted/scenarios.js';
import type { Reply, Scenario, TurnContext } from '../scripted/turn.js';

/** Marker in a demo task prompt that makes the scripted agent botch the fix (a failing session for the demo). */
export const BROKEN_VARIANT = '(variant: rushed)';

const bash = (command: string): Reply => ({ toolCalls: [{ name: 'bash', args: { command } }] });

/**
 * The demo's scripted model: fixing a bug in a tiny repository the way real agents often do it, waste included —
 * it reads a file twice with nothing changed in between, runs the same test command twice, and spawns a helper
 * sub-agent whose answer it then ignores. The rushed variant edits the wrong thing and fails its tests.
 */
export const demoScenario: Scenario = (turn: TurnContext): Reply => {
  if (turn.firstUserText.includes(SUBTASK_MARKER)) {
    if (turn.assistantTurns === 0) return bash('grep -rn "add(" .');
    return { text: 'Sub-agent report: searched every directory; nothing else references the helper, so no further changes are needed anywhere.' };
  }
  const rushed = turn.firstUserText.includes(BROKEN_VARIANT);
  const plan: Reply[] = [
    bash('ls'),
    bash('cat calc.js'),
    { toolCalls: [{ name: 'spawn_agent', args: { task: `${SUBTASK_MARKER} look through the repository for other callers of add() and report` } }] },
    bash('cat calc.js'),
    bash('node test.js'),
    rushed ? bash("sed -i 's/a \\* b/a + b/' calc.js") : bash("sed -i 's/a - b/a + b/' calc.js"),
    bash('node test.js'),
    bash('node test.js'),
    { text: rushed ? 'I changed calc.js; the tests may still fail.' : 'Fixed add() in calc.js (it subtracted); the tests pass now.' },
  ];
  return plan[Math.min(turn.assistantTurns, plan.length - 1)] ?? { text: 'done' };
};

/** The tiny repository the demo agent works on. */
export const DEMO_FILES: Record<string, string> = {
  'calc.js': 'export function add(a, b) {\n  return a - b;\n}\n\nexport function mul(a, b) {\n  return a * b;\n}\n',
  'test.js':
    "import { add, mul } from './calc.js';\nconst ok = add(2, 3) === 5 && mul(2, 3) === 6;\nconsole.log(ok ? 'tests pass' : 'tests FAIL: add(2, 3) should be 5');\nprocess.exit(ok ? 0 : 1);\n",
  'package.json': '{ "name": "demo-calc", "type": "module", "private": true }\n',
};

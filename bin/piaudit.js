#!/usr/bin/env node
// Thin launcher: everything lives in dist/cli/main.js (built by `npm run build`).
import '../dist/cli/main.js';

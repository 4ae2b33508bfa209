#!/usr/bin/env node
// `npx cashlink` in the project finds this link in node_modules/.bin at once; the CLI is the project's own.
import '../../../bin/cashlink.mjs';

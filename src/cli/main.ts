#!/usr/bin/env node
import { runCli } from './run-cli.js';

// Entry point only: argv in, exit code out. Everything else lives in run-cli.ts and commands/.
const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;

// Runs a WASI preview1 module under Node: `node --no-warnings run_wasi.mjs module.wasm [args...]`.
// The module's stdio is the process's; the process exits with the module's exit code.
// argv[0] is the module's file name (as `wasmtime run` gives it); no environment, no files.
//
// The module runs in a worker thread with a large stack: Nyash allows 10,000 nested calls
// (then `stack overflow` is a Nyash error), which needs more than V8's default ~1 MB.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import { basename } from 'node:path';
import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
import process from 'node:process';

const STACK_MB = 512;

if (isMainThread) {
  const [path, ...args] = process.argv.slice(2);
  if (!path) {
    process.stderr.write('usage: run_wasi.mjs MODULE.wasm [ARGS...]\n');
    process.exit(2);
  }
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { path, args },
    resourceLimits: { stackSizeMb: STACK_MB },
  });
  worker.on('message', (code) => { process.exitCode = code; });
  worker.on('error', (e) => {
    process.stderr.write(`run_wasi: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 70;
  });
} else {
  const { path, args } = workerData;
  const wasi = new WASI({
    version: 'preview1',
    args: [basename(path), ...args],
    env: {},
    preopens: {},
    returnOnExit: true,
  });
  const module = await WebAssembly.compile(await readFile(path));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
  parentPort.postMessage(wasi.start(instance));
}

/**
 * Starts the real `verify-server` binary (cargo profile native, in target/native) for the
 * end-to-end tests, on 127.0.0.1 at a free port, and stops it with Ctrl-C (SIGINT).
 *
 *   const emulator = await startEmulator(['--paused', '--seed', '7']);
 *   await fetch(`${emulator.url}/verify/json?number=447700900001&brand=Acme`);
 *   await emulator.stop();
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The release binaries that `cargo build --release` writes. */
export const SERVER_BIN = path.resolve(HERE, '../../target/native/verify-server');
export const SIM_BIN = path.resolve(HERE, '../../target/native/verify-sim');

/**
 * @typedef {object} Emulator
 * @property {string} url  `http://127.0.0.1:PORT`
 * @property {number} port
 * @property {string[]} stderr  what the server wrote to standard error
 * @property {() => Promise<number>} stop  Ctrl-C, then its exit code
 */

/**
 * Starts `verify-server` with `args` (plus `--port 0` unless a port is given) and resolves
 * once it prints `verify-server: listening on http://HOST:PORT`.
 * @param {string[]} [args]
 * @returns {Promise<Emulator>}
 */
export function startEmulator(args = []) {
  const withPort = args.includes('--port') ? args : ['--port', '0', ...args];
  const child = spawn(SERVER_BIN, withPort, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = [];
  child.stderr.on('data', (chunk) => stderr.push(String(chunk)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`verify-server did not start: ${stderr.join('')}`)), 15_000);
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += String(chunk);
      const match = out.match(/verify-server: listening on (http:\/\/127\.0\.0\.1:(\d+))/);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1],
          port: Number(match[2]),
          stderr,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done(child.exitCode);
              child.once('exit', (code) => done(code));
              child.kill('SIGINT');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`verify-server exited with ${code}: ${stderr.join('')}`));
    });
  });
}

/** POSTs `body` as JSON to the emulator; returns the parsed answer. */
export async function postJson(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json();
}

/**
 * A callback endpoint on 127.0.0.1 (`--callback-url` points the emulator at its `url`):
 * every request POSTed to it, as received (`{ type, body }`: its Content-Type and its body
 * as text), answered 204.
 */
export async function startReceiver() {
  const bodies = [];
  const server = http.createServer((request, reply) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push({ type: request.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') });
      reply.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/callbacks`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

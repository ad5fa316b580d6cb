/**
 * verify-emulator: the Verify API emulator (`verify-server`) in a Node test run.
 * See README.md for an example with the official SDK.
 */

/** The variable naming the binary, checked before PATH. */
export declare const BIN_VARIABLE: 'VERIFY_SERVER_BIN';
/** The variable `verify-server exec` sets: the emulator's URL. */
export declare const URL_VARIABLE: 'VERIFY_EMULATOR_URL';
/** The variable `verify-server exec --tls` sets: the CA (PEM file) to trust. */
export declare const CA_VARIABLE: 'VERIFY_EMULATOR_CA';

/** The emulator could not be found, started or reached, or refused a helper call. */
export declare class EmulatorError extends Error {
  name: 'EmulatorError';
}

/** How to start the emulator. */
export interface StartOptions {
  /** The binary (default: `$VERIFY_SERVER_BIN`, else `verify-server` on PATH). */
  bin?: string;
  /** The port (default 0: a free one). */
  port?: number;
  /** One session per namespace (`--namespaces`, default true), so tests can run at once. */
  namespaces?: boolean;
  /** Time moves only through the helpers (`--paused`, default true). */
  paused?: boolean;
  /** The engine's seed (`--seed`, default 0). */
  seed?: number;
  /** HTTPS with a local CA made for this run (`--tls`); `ca` then names it. */
  tls?: boolean;
  /** More `verify-server` options, e.g. `['--start', '2026-01-01 00:00:00']`. */
  args?: string[];
  /**
   * An emulator already running to use instead of starting one (default:
   * `$VERIFY_EMULATOR_URL`, as `verify-server exec` sets it, when no option above is given).
   */
  url?: string;
  /** With `url`: the CA file to trust (default `$VERIFY_EMULATOR_CA`). */
  ca?: string;
}

/** A delivery as `GET /_sim/deliveries` lists it (v1 SMS and calls, v2 channels). */
export interface Delivery {
  /** Simulated seconds. */
  at: number;
  /** The number's digits or the address as given. */
  to: string;
  /** `sms`, `tts` (v1); `sms`, `voice`, `whatsapp`, `rcs`, `email`, `whatsapp_interactive` (v2). */
  channel: string;
  request_id: string;
  text: string;
  /** The PIN or code it carries (absent for a whatsapp_interactive question). */
  pin?: string;
  /** v1 only. */
  number?: string;
  /** v1 only. */
  event_id?: string;
  /** Email only. */
  subject?: string;
  [field: string]: unknown;
}

/** The clock, in simulated seconds. */
export interface Clock {
  now: number;
  speed: number;
  paused: boolean;
  /** When the next scheduled thing falls due; null when nothing is. */
  next: number | null;
}

/** What a clock change answers: the clock's fields and what happened meanwhile. */
export interface ClockChanged extends Clock {
  /** Each as `verify-sim` prints it. */
  happened: Array<Record<string, unknown>>;
}

/** A v2 callback as `GET /_sim/callbacks` lists it. */
export interface Callback {
  at: number;
  url: string | null;
  body: Record<string, unknown>;
  /** true: answered 2xx; false: failed, dropped or no --callback-url; null: not yet sent. */
  delivered: boolean | null;
}

/** Where a fault applies (`POST /_sim/faults`). */
export interface FaultOptions {
  number?: string;
  /** How many times it applies (default: until cleared). */
  times?: number;
  network?: string;
  /** A path, or a prefix ending in `*` (transport faults). */
  path?: string;
}

/** The test helpers of one session (`/_sim/`). */
export interface Helpers {
  /** Deliveries still known, oldest first; only those to `to` if given. */
  deliveries(to?: string): Promise<Delivery[]>;
  /** The PIN or code last delivered to `to`; rejects with an EmulatorError if none was. */
  lastPin(to: string): Promise<string>;
  clock(): Promise<Clock>;
  /** Moves simulated time `seconds` on, running what falls due. */
  advance(seconds: number): Promise<ClockChanged>;
  /** Moves simulated time to the next scheduled thing. */
  toNext(): Promise<ClockChanged>;
  /** A fresh engine (with `seed` if given), the clock at 0. */
  reset(seed?: number): Promise<{ seed: number; clock: Clock }>;
  callbacks(): Promise<Callback[]>;
  /** Sets a fault (`http:503`, `delay:2000`, `drop`...); resolves to its id. */
  fault(fault: string, options?: FaultOptions): Promise<string>;
  /** Clears every fault. */
  clearFaults(): Promise<void>;
  /** The session as a scenario file (`verify-sim` replays it; `--import` starts from it). */
  scenario(): Promise<string>;
}

/** One namespace: its own engine, clock, deliveries and faults. */
export interface Namespace extends Helpers {
  /** The namespace's name. */
  name: string;
  url: string;
  ca: string | null;
  /** The v1 `api_key` whose calls reach this namespace. */
  apiKey: string;
  /** Any secret (checked only with `--credentials`). */
  apiSecret: string;
  /** The JWT `application_id` whose v2 calls reach this namespace. */
  applicationId: string;
  /** The header that picks this namespace for raw HTTP calls. */
  headers: { 'X-Sim-Namespace': string };
}

/** A running emulator; its helpers act on the default session (no namespace). */
export interface VerifyEmulator extends Helpers {
  /** `http://127.0.0.1:PORT` (`https` with TLS). */
  url: string;
  /** The CA file to trust with TLS, else null. */
  ca: string | null;
  /** A namespace for one test: `name`, or a new unique one. */
  namespace(name?: string): Namespace;
  /** Stops an emulator this call started (Ctrl-C); resolves to its exit code (null if attached). */
  stop(): Promise<number | null>;
}

/** The binary to run: `$VERIFY_SERVER_BIN`, else `verify-server` on PATH; throws saying what is missing. */
export declare function findBinary(): string;

/** Starts the emulator (or uses the one `verify-server exec` runs) once it answers. */
export declare function startVerifyEmulator(options?: StartOptions): Promise<VerifyEmulator>;

import "server-only";
import { closeSync, mkdirSync, openSync, readSync, statSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const EXCERPT_CHARS = 4_096;

/** Logs live beside the data they describe: DATA_DIR/runtime, or a temp folder when there is no data dir (tests). */
export function runtimeDir(...parts: string[]) {
  const base = process.env.DATA_DIR ? path.join(process.env.DATA_DIR, "runtime") : path.join(os.tmpdir(), "switchboard-runtime");
  const dir = path.join(base, ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const operationLogPath = (companyId: string, operationId: string) => path.join(runtimeDir("operations", companyId), `${operationId}.ndjson`);
export const serviceLogPath = (serviceId: string) => path.join(runtimeDir("services"), `${serviceId}.log`);

/** The last `size` characters of everything appended: what excerpts and the service ring buffer keep. */
export class RingBuffer {
  private text = "";
  constructor(private readonly size = 64 * 1024) {}
  append(chunk: string) {
    this.text = (this.text + chunk).slice(-this.size);
  }
  tail(chars = this.size) {
    return this.text.slice(-chars);
  }
}

export type LogStream = "stdout" | "stderr" | "system";

/** An operation's log: NDJSON lines `{ts, stream, chunk}`, so stderr can be told apart when it is read back. */
export class OperationLog {
  private fd: number;
  readonly stdout = new RingBuffer(EXCERPT_CHARS);
  readonly stderr = new RingBuffer(EXCERPT_CHARS);
  constructor(readonly filePath: string) {
    this.fd = openSync(filePath, "a");
  }
  write(stream: LogStream, chunk: string) {
    if (stream === "stdout") this.stdout.append(chunk);
    if (stream === "stderr") this.stderr.append(chunk);
    if (this.fd >= 0) writeSync(this.fd, `${JSON.stringify({ ts: new Date().toISOString(), stream, chunk })}\n`);
  }
  close() {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** A log file's size in bytes; null when it does not exist (yet). */
export function logSize(filePath: string): number | null {
  try {
    return statSync(filePath).size;
  } catch {
    return null;
  }
}

/** Bytes [offset, offset+limit) of a log file; nextOffset is left out once the end is reached. */
export function readLogFile(filePath: string, offset: number, limitBytes: number): { content: string; nextOffset?: number; size: number } | null {
  let size: number;
  try {
    size = statSync(filePath).size;
  } catch {
    return null;
  }
  if (offset >= size) return { content: "", size };
  const length = Math.min(limitBytes, size - offset);
  const buffer = Buffer.alloc(length);
  const fd = openSync(filePath, "r");
  try {
    readSync(fd, buffer, 0, length, offset);
  } finally {
    closeSync(fd);
  }
  const end = offset + length;
  return end < size ? { content: buffer.toString("utf8"), nextOffset: end, size } : { content: buffer.toString("utf8"), size };
}

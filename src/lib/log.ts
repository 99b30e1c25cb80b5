/** Structured log lines (one JSON object per line). Never pass secrets in `data`. */
export interface Logger {
  info(event: string, data?: Record<string, unknown>): void;
  warn(event: string, data?: Record<string, unknown>): void;
  error(event: string, data?: Record<string, unknown>): void;
}

type Sink = (line: string) => void;

export function createLogger(sink: Sink = (line) => process.stdout.write(`${line}\n`)): Logger {
  const write =
    (level: string) =>
    (event: string, data: Record<string, unknown> = {}) =>
      sink(JSON.stringify({ level, event, time: new Date().toISOString(), ...data }));
  return { info: write("info"), warn: write("warn"), error: write("error") };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

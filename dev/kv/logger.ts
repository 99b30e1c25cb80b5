/** What the emulator logs through; `console` fits. */
export interface KvLogger {
  info(message: string, data?: object): void;
  warn(message: string, data?: object): void;
}

export const silentLogger: KvLogger = {
  info: () => undefined,
  warn: () => undefined,
};

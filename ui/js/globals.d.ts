// The part of Tauri's global API (withGlobalTauri) the window uses.

interface Window {
  __TAURI__: {
    core: {
      invoke<T = unknown>(command: string, args?: Record<string, unknown>): Promise<T>;
    };
    event: {
      listen<T = unknown>(
        event: string,
        handler: (event: { payload: T }) => void,
      ): Promise<() => void>;
    };
  };
}
